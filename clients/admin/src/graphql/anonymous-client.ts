import { createAnonymousClient } from '@commerce/web-kit';
import { config } from './config';

/** For sign-in and token refresh: no token, no cache. */
export const anonymousClient = createAnonymousClient(config.graphqlUrl, 'admin');
