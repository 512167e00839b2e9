import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { RequestLimits } from '../limits.ts';
import { estimateCost, tooCostly } from './cost.ts';

/**
 * What an operation's cost can depend on besides its document: its name and the variables that
 * are not strings. Only Int slicing arguments (`first`) and Boolean `@skip`/`@include` change a
 * cost, and a String variable can feed neither, while strings (ids, slugs, search text) are what
 * varies from one request to the next: without them the key repeats and the cost is reused.
 */
function costKey(operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): string {
  const relevant = Object.entries(variables ?? {}).filter(([, value]) => typeof value !== 'string');
  return `${operationName ?? ''}\u0000${JSON.stringify(relevant)}`;
}

/** Costs per schema and document (Apollo Server hands the same parsed document to repeats of a query). */
const costs = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number>>>();
const KEYS_PER_DOCUMENT = 64;

/** OPERATION_TOO_COSTLY when the operation's estimated cost is over `limits.cost`. */
export function checkCost(
  schema: GraphQLSchema | undefined,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
  limits: Pick<RequestLimits, 'cost' | 'defaultListSize'>,
): GraphQLError | undefined {
  if (!schema) return undefined;
  let byDocument = costs.get(schema);
  if (!byDocument) costs.set(schema, (byDocument = new WeakMap()));
  let known = byDocument.get(document);
  if (!known) byDocument.set(document, (known = new Map()));
  const key = costKey(operationName, variables);
  let cost = known.get(key);
  if (cost === undefined) {
    cost = estimateCost(schema, document, variables, { operationName, defaultListSize: limits.defaultListSize });
    if (known.size < KEYS_PER_DOCUMENT) known.set(key, cost);
  }
  return cost > limits.cost ? tooCostly(cost, limits.cost) : undefined;
}

/**
 * Refuses an operation over the cost budget once it is parsed, validated and its operation
 * chosen, before anything is planned or fetched. `schema` is the supergraph (which keeps
 * `@cost`/`@listSize`; the API schema drops them).
 */
export function costLimitPlugin<Context extends BaseContext>(schema: () => GraphQLSchema | undefined, limits: RequestLimits): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ document, request }) => {
        const refused = checkCost(schema(), document, request.variables, request.operationName, limits);
        if (refused) throw refused;
      },
    }),
  };
}
