import { Client, fetchExchange } from 'urql';
import { config } from './config';

/** For sign-in, sign-up and token refresh: no token, no cache. */
export const anonymousClient = new Client({ url: config.graphqlUrl, exchanges: [fetchExchange], requestPolicy: 'network-only' });
