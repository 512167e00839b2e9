import { createGraphQLClient } from '@commerce/web-kit';
import { config } from './config';
import { accessToken, refreshAfterRejection } from './session';

export const { client, wsClient } = createGraphQLClient({ url: config.graphqlUrl, accessToken, refreshAfterRejection, clientName: 'storefront' });
