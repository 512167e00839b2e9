import { createGraphQLClient } from '@commerce/web-kit';
import { config } from './config';
import { accessToken } from './session';

export const { client, wsClient } = createGraphQLClient({ url: config.graphqlUrl, accessToken, clientName: 'storefront' });
