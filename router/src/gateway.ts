import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import type { Logger } from '@commerce/service-kit';
import { withoutSecurityPurpose } from './guardrails/authorization.ts';
import { createPlanWarmer } from './plan-warmup.ts';
import { createSubgraphClient, type SubgraphClient } from './subgraph-client.ts';
import { SubgraphSource } from './subgraph-source.ts';

export interface GatewayOptions {
  supergraphPath: string;
  /** Routing URL per subgraph name, replacing the one in the supergraph. */
  subgraphUrls?: Record<string, string>;
  /** Shared with the subgraphs (ROUTER_SIGNING_SECRET) so they can believe the client address we forward. */
  signingSecret: string;
  /** Makes every subgraph call (default: a keep-alive client of this gateway's own). */
  client?: SubgraphClient;
  /** Identical in-flight fetches of queries share one call (default on). */
  merge?: boolean;
  /** Counts fetches answered by another caller's call. */
  onMerged?: () => void;
  /** Told how many query plans were made again after each supergraph (re)load. */
  onPlansWarmed?: (warmed: number) => void;
  logger: Logger;
}

/**
 * A gateway over the static supergraph file, reloaded when the file changes. A file that
 * fails to load is logged and the previous schema keeps serving. The query plans of the
 * operations in use are made again for the new supergraph before they are asked for (plan-warmup.ts).
 */
export function createGateway(options: GatewayOptions): ApolloGateway {
  const { supergraphPath, subgraphUrls = {}, signingSecret, client = createSubgraphClient(), merge = true, onMerged, onPlansWarmed, logger } = options;
  const plans = createPlanWarmer({ logger });
  const gateway: ApolloGateway = new ApolloGateway({
    logger,
    experimental_didResolveQueryPlan: ({ requestContext }) => plans.record(requestContext),
    experimental_didUpdateSupergraph: () => void plans.warm(gateway).then((warmed) => onPlansWarmed?.(warmed)),
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
    buildService: ({ name, url }) => new SubgraphSource({ name, url: subgraphUrls[name] ?? url ?? '', client, signingSecret, merge, ...(onMerged ? { onMerged } : {}), logger }),
  });
  return gateway;
}
