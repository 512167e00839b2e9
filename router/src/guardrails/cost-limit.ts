import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { RequestLimits } from '../limits.ts';
import { estimateCost, tooCostly } from './cost.ts';

/** OPERATION_TOO_COSTLY when the operation's estimated cost is over `limits.cost`. */
export function checkCost(
  schema: GraphQLSchema | undefined,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
  limits: Pick<RequestLimits, 'cost' | 'defaultListSize'>,
): GraphQLError | undefined {
  if (!schema) return undefined;
  const cost = estimateCost(schema, document, variables, { operationName, defaultListSize: limits.defaultListSize });
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
