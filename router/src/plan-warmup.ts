import { createHash } from 'node:crypto';
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { ApolloGateway } from '@apollo/gateway';
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import type { Logger } from '@commerce/service-kit';

/** What @apollo/gateway keeps privately and a warm-up needs (the fields its executor plans with). */
interface GatewayPlanning {
  apiSchema: Schema;
  queryPlanner: QueryPlanner;
  queryPlanStore: KeyValueCache<QueryPlan>;
  recursiveSelectionsLimitDisabled: boolean;
  nonLocalSelectionsLimitDisabled: boolean;
}

interface Planned {
  document: DocumentNode;
  queryHash: string;
  operationName: string | undefined;
}

/** The request fields @apollo/gateway's experimental_didResolveQueryPlan hands over that a warm-up keeps. */
export interface ResolvedPlanRequest {
  document: DocumentNode;
  queryHash: string;
  request: { operationName?: string | null | undefined };
}

export interface PlanWarmer {
  /** For the gateway's experimental_didResolveQueryPlan: remembers the operation as recently used. */
  record(requestContext: ResolvedPlanRequest): void;
  /** For experimental_didUpdateSupergraph: plans the remembered operations for the new supergraph; resolves to how many. */
  warm(gateway: ApolloGateway): Promise<number>;
}

/** The key @apollo/gateway's executor stores a plan under (its executor computes it the same way). */
export function planStoreKey(queryHash: string, operationName: string | null | undefined): string {
  return operationName ? createHash('sha256').update(queryHash).update(operationName).digest('hex') : queryHash;
}

const PLANS_PER_TURN = 10;

/**
 * Keeps @apollo/gateway's query-plan cache warm across supergraph reloads. The gateway empties
 * it on every new supergraph, so after `npm run compose` every operation in use would be planned
 * again by the request that next sends it (a few ms each, more for deep ones, on the event
 * loop). This remembers the most recently used operations and, once the new supergraph is in,
 * plans them again in small turns between requests. An operation the new supergraph no
 * longer accepts is skipped: validation refuses it before any plan is looked up.
 */
export function createPlanWarmer(options: { logger: Logger; size?: number }): PlanWarmer {
  const { logger } = options;
  const size = options.size ?? 500;
  const recent = new Map<string, Planned>();
  let generation = 0;

  return {
    record({ document, queryHash, request }) {
      // Every request passes here: no hashing (the store's key is computed when warming).
      const operationName = request.operationName ?? undefined;
      const key = `${queryHash} ${operationName ?? ''}`;
      const known = recent.get(key);
      if (known) recent.delete(key);
      recent.set(key, known ?? { document, queryHash, operationName });
      if (recent.size > size) recent.delete(recent.keys().next().value!);
    },
    async warm(gateway) {
      const mine = ++generation;
      const planning = gateway as unknown as GatewayPlanning;
      const started = performance.now();
      let warmed = 0;
      let skipped = 0;
      // Most recent first: the likeliest to be asked for next.
      const entries = [...recent].reverse();
      for (let i = 0; i < entries.length; i += 1) {
        if (i % PLANS_PER_TURN === 0 && i > 0) await yieldToRequests();
        // A newer supergraph arrived meanwhile: its own warm-up takes over.
        if (mine !== generation) return warmed;
        const [recentKey, { document, queryHash, operationName }] = entries[i]!;
        const key = planStoreKey(queryHash, operationName);
        if ((await planning.queryPlanStore.get(key)) !== undefined) continue;
        try {
          const operation = operationFromDocument(planning.apiSchema, document, { operationName });
          const plan = planning.queryPlanner.buildQueryPlan(operation, {
            recursiveSelectionsLimitDisabled: planning.recursiveSelectionsLimitDisabled,
            nonLocalSelectionsLimitDisabled: planning.nonLocalSelectionsLimitDisabled,
          });
          await planning.queryPlanStore.set(key, plan);
          warmed += 1;
        } catch {
          // Not valid against the new supergraph any more: forget it.
          recent.delete(recentKey);
          skipped += 1;
        }
      }
      if (entries.length > 0) logger.info({ warmed, skipped, ms: Math.round(performance.now() - started) }, 'query plans warmed for the new supergraph');
      return warmed;
    },
  };
}
