import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import type { RouterContext } from './context.ts';
import { createInFlight } from './in-flight.ts';

/** The gateway as Apollo Server sees it (@apollo/server-gateway-interface, the version it uses). */
export type GatewayInterface = ApolloServerOptionsWithGateway<RouterContext>['gateway'];
export type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;
type GatewayRequestContext = Parameters<GatewayExecutor>[0];
type GatewayResult = Awaited<ReturnType<GatewayExecutor>>;

/**
 * What makes two operations give the same answer, or undefined when one must run on its own:
 * only queries merge, never a mutation (which changes something each time) nor a subscription
 * payload resolved after an event (`unmerged`: an execution already in flight may have read
 * before the event's write committed). The key holds the caller's credentials, the document as
 * it will run (its hash after @authenticated fields were taken out for this viewer), the
 * operation name and the variables.
 */
export function mergeKey(requestContext: GatewayRequestContext): string | undefined {
  if (requestContext.operation?.operation !== 'query') return undefined;
  const context = requestContext.context as Partial<RouterContext>;
  if (context.unmerged) return undefined;
  const { operationName, variables } = requestContext.request;
  return `${context.authorization ?? ''}\n${requestContext.queryHash}\n${operationName ?? ''}\n${JSON.stringify(variables ?? {})}`;
}

/**
 * Runs `executor`, except that a query identical (mergeKey) to one already executing waits for
 * that execution's answer instead of planning and fetching it again: under load many shoppers
 * open the same product page at the same moment. Each caller gets its own result object (with
 * its own errors list); the data is shared and is only ever changed in place the same way for
 * every caller of one key (the authorization plugin nulls the same fields for the same viewer).
 */
export function mergeExecutions(executor: GatewayExecutor, onMerged?: () => void): GatewayExecutor {
  const inFlight = createInFlight<GatewayResult>();
  const own = (result: GatewayResult): GatewayResult => ({ ...result, ...(result.errors ? { errors: [...result.errors] } : {}) });
  return (requestContext) => {
    const key = mergeKey(requestContext);
    if (key === undefined) return executor(requestContext);
    return inFlight.share(key, () => executor(requestContext), onMerged).then(own);
  };
}

/**
 * `gateway` as Apollo Server sees it, with identical in-flight queries executed once
 * (`OPERATION_MERGING`, docs/router.md). Whatever runs per request still runs for each one
 * before it gets here: its token, rate limit, trusted-document policy, limits and cost.
 */
export function mergingOperations(gateway: GatewayInterface, onMerged?: () => void): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    load: async (options) => {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: loaded.executor && mergeExecutions(loaded.executor, onMerged) };
    },
  };
}
