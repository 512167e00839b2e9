import { STATUS_CODES } from 'node:http';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, parse } from 'graphql';
import { signedClientAddressHeaders, type Logger } from '@commerce/service-kit';
import type { RouterContext } from './context.ts';
import { createInFlight } from './in-flight.ts';
import type { SubgraphClient, SubgraphResponse } from './subgraph-client.ts';
import { unavailableErrors } from './unavailable.ts';

type Answer = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface SubgraphSourceOptions {
  name: string;
  url: string;
  client: SubgraphClient;
  /** Shared with the subgraphs (ROUTER_SIGNING_SECRET) so they can believe the client address we forward. */
  signingSecret: string;
  /** Identical fetches of queries in flight at once share one subgraph call (docs/router.md). */
  merge: boolean;
  logger: Logger;
  /** Called for each fetch answered by another caller's call (metrics). */
  onMerged?: () => void;
}

/**
 * One subgraph as the gateway calls it. Forwards the caller's credentials (every subgraph
 * verifies them again), the client's address, signed (per-client limits must not trust a header
 * anyone could send), and the correlation id (for logs and events).
 *
 * Fetches made for a query operation that are identical to one already in flight (same
 * subgraph, same credentials, same query, variables and operation name) wait for that call's
 * answer instead of making their own: under load many shoppers ask for the same product at the
 * same moment. Each caller parses the shared answer itself, since the gateway writes into what a
 * fetch returns. Mutations are never merged, nor is any fetch of a mutation's plan (a read after
 * a write must see it), nor a subscription payload resolved after an event (`unmerged`: a call
 * already in flight may have started before the event's write committed). A merged call carries the first caller's correlation id and address;
 * neither changes what a query answers.
 *
 * A subgraph that cannot be reached (refused, reset, 5xx, no JSON) would fail its whole fetch
 * with one path-less error the router masks. Instead every field the fetch asked for gets its
 * own SERVICE_UNAVAILABLE error: those fields are null (the schema keeps them nullable), and the
 * rest of the answer stands. A 4xx is the request's fault and stays an error of the fetch.
 */
export class SubgraphSource implements GraphQLDataSource<RouterContext> {
  private readonly inFlight = createInFlight<SubgraphResponse>();

  constructor(private readonly options: SubgraphSourceOptions) {}

  async process(request: GraphQLDataSourceProcessOptions<RouterContext>): Promise<Answer> {
    const { query, variables, operationName, extensions } = request.request;
    if (!query) throw new Error('Missing query');
    // A client's operation (not a health check or schema load, which the static supergraph never makes).
    const incoming = 'incomingRequestContext' in request ? request : undefined;
    const { authorization, clientAddress, correlationId, unmerged } = (incoming?.context ?? {}) as Partial<RouterContext>;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization) headers.authorization = authorization;
    if (clientAddress) Object.assign(headers, signedClientAddressHeaders(this.options.signingSecret, clientAddress));
    if (correlationId) headers['x-correlation-id'] = correlationId;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    const kind = incoming?.incomingRequestContext.operation?.operation;
    const mergeable = this.options.merge && !unmerged && kind === 'query';
    // Queries and a subscription's event reads change nothing: safe to send again on a stale connection.
    const readOnly = kind === 'query' || kind === 'subscription';

    let answer: Answer;
    try {
      const response = mergeable
        ? await this.merged(`${authorization ?? ''}\n${body}`, headers, body)
        : await this.options.client.post(this.options.url, headers, body, { readOnly });
      if (response.status >= 400 && response.status < 500) throw this.httpError(response);
      answer = this.parsed(response);
    } catch (err) {
      const status = (err as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
      // Only a client's query degrades; health checks and schema loads fail as they are.
      if (!incoming || (status !== undefined && status < 500)) throw err;
      this.options.logger.warn({ err, subgraph: this.options.name }, 'subgraph unavailable; its fields answer null');
      const document = incoming.document ?? parse(query);
      const representations = variables?.representations;
      return { errors: unavailableErrors(this.options.name, document, Array.isArray(representations) ? representations.length : 0) };
    }
    return answer;
  }

  private merged(key: string, headers: Record<string, string>, body: string): Promise<SubgraphResponse> {
    return this.inFlight.share(key, () => this.options.client.post(this.options.url, headers, body, { readOnly: true }), this.options.onMerged);
  }

  private parsed(response: SubgraphResponse): Answer {
    if (response.status >= 300) throw this.httpError(response);
    const type = response.headers['content-type'] ?? '';
    const body: unknown = /^application\/(graphql-response\+)?json/.test(type) ? JSON.parse(response.body) : response.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error(`Expected JSON response body, but received: ${String(body).slice(0, 200)}`);
    return body as Answer;
  }

  /** The error @apollo/gateway's RemoteGraphQLDataSource makes of a non-2xx answer. */
  private httpError(response: SubgraphResponse): GraphQLError {
    let body: unknown = response.body;
    try {
      body = JSON.parse(response.body);
    } catch {
      // not JSON: kept as text
    }
    const statusText = STATUS_CODES[response.status] ?? '';
    const code = response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : undefined;
    return new GraphQLError(`${response.status}: ${statusText}`, {
      extensions: { response: { url: this.options.url, status: response.status, statusText, body }, ...(code ? { code } : {}) },
    });
  }
}
