import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parse } from 'graphql';
import { signedClientAddressHeaders, type Logger } from '@commerce/service-kit';
import type { RouterContext } from './context.ts';
import { withoutSecurityPurpose } from './guardrails/authorization.ts';
import { unavailableErrors } from './unavailable.ts';

export interface GatewayOptions {
  supergraphPath: string;
  /** Routing URL per subgraph name, replacing the one in the supergraph. */
  subgraphUrls?: Record<string, string>;
  /** Shared with the subgraphs (ROUTER_SIGNING_SECRET) so they can believe the client address we forward. */
  signingSecret: string;
  logger: Logger;
}

/**
 * Forwards the caller's credentials (every subgraph verifies them again), the client's
 * address, signed (per-client limits must not trust a header anyone could send), and the
 * correlation id (for logs and events).
 */
class CredentialForwardingDataSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor(
    private readonly serviceName: string,
    private readonly logger: Logger,
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<RouterContext>>[0],
    private readonly signingSecret: string,
  ) {
    super(config);
  }

  /**
   * A subgraph that cannot be reached (refused, reset, 5xx) would fail its whole fetch with
   * one path-less error the router masks. Instead every field the fetch asked for gets its
   * own SERVICE_UNAVAILABLE error: those fields are null (the schema keeps them nullable),
   * and the rest of the answer stands. A 4xx is the request's fault and stays as it was.
   */
  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    try {
      return await super.process(options);
    } catch (err) {
      const status = (err as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
      // Only a client's query degrades; health checks and schema loads fail as they are.
      if (!('incomingRequestContext' in options) || (status !== undefined && status < 500)) throw err;
      this.logger.warn({ err, subgraph: this.serviceName }, 'subgraph unavailable; its fields answer null');
      const document = options.document ?? parse(options.request.query ?? '');
      const representations = options.request.variables?.representations;
      return { errors: unavailableErrors(this.serviceName, document, Array.isArray(representations) ? representations.length : 0) };
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const { authorization, clientAddress, correlationId } = context as Partial<RouterContext>;
    const headers = request.http?.headers;
    if (!headers) return;
    if (authorization) headers.set('authorization', authorization);
    if (clientAddress) {
      for (const [name, value] of Object.entries(signedClientAddressHeaders(this.signingSecret, clientAddress))) headers.set(name, value);
    }
    if (correlationId) headers.set('x-correlation-id', correlationId);
  }
}

/**
 * A gateway over the static supergraph file, reloaded when the file changes. A file that
 * fails to load is logged and the previous schema keeps serving.
 */
export function createGateway(options: GatewayOptions): ApolloGateway {
  const { supergraphPath, subgraphUrls = {}, signingSecret, logger } = options;
  return new ApolloGateway({
    logger,
    supergraphSdl: async ({ update }) => {
      let current = await readFile(supergraphPath, 'utf8');
      let timer: NodeJS.Timeout | undefined;
      const reload = async () => {
        const next = await readFile(supergraphPath, 'utf8').catch(() => current);
        if (next === current) return;
        try {
          update(withoutSecurityPurpose(next));
          current = next;
          logger.info({ supergraphPath }, 'supergraph reloaded');
        } catch (err) {
          logger.error({ err, supergraphPath }, 'new supergraph rejected; still serving the previous one');
        }
      };
      // Watch the folder, not the file: editors and `npm run compose` may replace the file.
      const watcher = watch(dirname(supergraphPath), (_event, filename) => {
        if (filename !== basename(supergraphPath)) return;
        clearTimeout(timer);
        timer = setTimeout(() => void reload(), 100);
      });
      return {
        // The router enforces @authenticated/@requiresScopes itself (guardrails/authorization.ts).
        supergraphSdl: withoutSecurityPurpose(current),
        cleanup: async () => {
          clearTimeout(timer);
          watcher.close();
        },
      };
    },
    // Node's own fetch (undici) instead of the default make-fetch-happen, whose agent captures a
    // stack trace on every request to tell http from https (costly with source maps on).
    buildService: ({ name, url }) =>
      new CredentialForwardingDataSource(name, logger, { url: subgraphUrls[name] ?? url, fetcher: fetch }, signingSecret),
  });
}
