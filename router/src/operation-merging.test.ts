import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLError } from 'graphql';
import type { RouterContext } from './context.ts';
import { mergeExecutions, type GatewayExecutor } from './operation-merging.ts';

type RequestContext = Parameters<GatewayExecutor>[0];

/** A gateway request for an operation of `kind` by a caller, as Apollo Server hands it to the executor. */
const requestOf = (
  kind: 'query' | 'mutation' | 'subscription',
  caller: Partial<RouterContext> = {},
  request: { operationName?: string; variables?: Record<string, unknown> } = {},
  queryHash = 'hash-of-ProductPage',
): RequestContext =>
  ({
    operation: { operation: kind },
    queryHash,
    request: { operationName: 'ProductPage', variables: { slug: 'kettle' }, ...request },
    context: { clientAddress: '192.0.2.1', correlationId: 'c-1', ...caller },
  }) as unknown as RequestContext;

/** An executor that answers 50 ms late (so calls overlap), counting its executions. */
function slowExecutor(answer: (call: number) => Promise<Awaited<ReturnType<GatewayExecutor>>> = async () => ({ data: { product: { id: 'prd_1' } } })) {
  let executions = 0;
  const executor: GatewayExecutor = async () => {
    executions += 1;
    const call = executions;
    await sleep(50);
    return answer(call);
  };
  return { executor, executions: () => executions };
}

test('identical queries in flight at once with the same token execute once, and each caller gets its own result and errors list', async () => {
  const errors = [new GraphQLError('reviews are unavailable', { path: ['product', 'reviews'] })];
  const gateway = slowExecutor(async () => ({ data: { product: { id: 'prd_1', reviews: null } }, errors }));
  let merged = 0;
  const execute = mergeExecutions(gateway.executor, () => void (merged += 1));
  const caller = { authorization: 'Bearer ann' };
  const [first, second, third] = await Promise.all([
    execute(requestOf('query', caller)),
    execute(requestOf('query', { ...caller, correlationId: 'c-2', clientAddress: '192.0.2.2' })),
    execute(requestOf('query', caller)),
  ]);
  assert.equal(gateway.executions(), 1);
  assert.equal(merged, 2);
  assert.deepEqual(second, first);
  assert.notEqual(second, first, 'each caller has its own result');
  assert.notEqual(second!.errors, first!.errors, 'and its own errors list, which it may add to');
  assert.deepEqual(third!.errors, errors);
  // Once answered, the next identical query executes again: nothing is cached.
  await execute(requestOf('query', caller));
  assert.equal(gateway.executions(), 2);
});

test('what can change the answer keeps queries apart: the token, the variables, the operation name, the document', async () => {
  const gateway = slowExecutor();
  const execute = mergeExecutions(gateway.executor);
  await Promise.all([
    execute(requestOf('query', { authorization: 'Bearer ann' })),
    execute(requestOf('query', { authorization: 'Bearer bob' })),
    execute(requestOf('query')),
    execute(requestOf('query', {}, { variables: { slug: 'teapot' } })),
    execute(requestOf('query', {}, { operationName: 'ProductCard' })),
    // The same text with @authenticated fields taken out for another viewer has another hash.
    execute(requestOf('query', {}, {}, 'hash-of-ProductPage-without-admin-fields')),
  ]);
  assert.equal(gateway.executions(), 6);
});

test('mutations and subscription payloads resolved after an event never share an execution', async () => {
  const gateway = slowExecutor();
  const execute = mergeExecutions(gateway.executor);
  await Promise.all([execute(requestOf('mutation')), execute(requestOf('mutation'))]);
  assert.equal(gateway.executions(), 2);
  await Promise.all([execute(requestOf('query', { unmerged: true })), execute(requestOf('query', { unmerged: true }))]);
  assert.equal(gateway.executions(), 4);
  await Promise.all([execute(requestOf('subscription')), execute(requestOf('subscription'))]);
  assert.equal(gateway.executions(), 6);
});

test('an execution that fails fails every caller merged into it, and the next query runs afresh', async () => {
  const gateway = slowExecutor(async (call) => {
    if (call === 1) throw new Error('planner blew up');
    return { data: { product: null } };
  });
  const execute = mergeExecutions(gateway.executor);
  const outcomes = await Promise.allSettled([execute(requestOf('query')), execute(requestOf('query'))]);
  assert.deepEqual(
    outcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as Error).message : 'answered')),
    ['planner blew up', 'planner blew up'],
  );
  assert.deepEqual(await execute(requestOf('query')), { data: { product: null } });
  assert.equal(gateway.executions(), 2);
});
