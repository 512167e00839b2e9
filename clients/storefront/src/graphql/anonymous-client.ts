import { createAnonymousClient } from '@commerce/web-kit';
import { config } from './config';

/** For sign-in, sign-up and token refresh: no token, no cache. */
export const anonymousClient = createAnonymousClient(config.graphqlUrl, 'storefront');
