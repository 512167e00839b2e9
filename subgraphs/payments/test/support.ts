import type { DataSource } from 'typeorm';
import { OrderCancelled, OrderConfirmed, PaymentRequested, TOPICS, newEvent, type EventEnvelope } from '@commerce/events';
import { createPostgresDataSource, newId, type Logger, type TokenVerifier } from '@commerce/service-kit';
import { discardOutbox, infra, outboxOf as outboxOfTopic, waitFor } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createDeps } from '../src/deps.ts';
import type { PaymentGateway } from '../src/gateway/port.ts';
import type { SandboxSettings } from '../src/sandbox/gateway.ts';
import { entities, migrations } from '../src/store/index.ts';

export { discardOutbox, waitFor };

/** The payments outbox's events of an aggregate, in publish order. */
export const outboxOf = (dataSource: DataSource, orderId: string): Promise<EventEnvelope[]> => outboxOfTopic(dataSource, TOPICS.payments, orderId);

/** The types of those events, in publish order. */
export const outboxTypes = async (dataSource: DataSource, orderId: string): Promise<string[]> =>
  (await outboxOf(dataSource, orderId)).map((event) => event.eventType);

export const databaseUrl = infra.postgresUrl('payments');

export const CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  insufficientFunds: '4000000000009995',
  expired: '4000000000000069',
  declined: '4000000000000002',
  transient: '4000000000000119',
} as const;

/** A DataSource on the shared payments database, migrated; `onQuery` sees every statement. */
export function connect(logger: Logger, options: { onQuery?: (sql: string) => void; poolSize?: number } = {}): Promise<DataSource> {
  return createPostgresDataSource({
    url: databaseUrl,
    applicationName: 'payments-test',
    entities,
    migrations,
    logger,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
  });
}

/** Deps with the sandbox over the database and no simulated latency; tokens are refused unless a verifier is given. */
export function depsFor(
  dataSource: DataSource,
  logger: Logger,
  options: { verifyToken?: TokenVerifier; sandbox?: Partial<SandboxSettings>; gateway?: PaymentGateway } = {},
): Deps {
  return createDeps({
    dataSource,
    logger,
    verifyToken: options.verifyToken ?? (() => Promise.reject(new Error('no tokens in this test'))),
    sandbox: { latencyMs: { min: 0, max: 0 }, ...options.sandbox },
    ...(options.gateway ? { gateway: options.gateway } : {}),
  });
}

export const newOrderId = () => newId('ord');
export const newCustomerId = () => newId('cus');
export const EUR = (amount: number) => ({ amount, currency: 'EUR' });

/** A card on file for a customer, tokenized straight through the gateway (the HTTP route is graphql.test.ts's business). */
export async function cardOnFile(deps: Deps, customerId: string, number: string, expiry = { expMonth: 12, expYear: 2040 }): Promise<string> {
  const { token, card } = await deps.gateway.tokenize({ number, ...expiry, cvc: '123', holderName: 'Test Holder' });
  return (await deps.paymentMethods.add(customerId, token, card, false)).id;
}

export const paymentRequested = (orderId: string, customerId: string, paymentMethodId: string, amount = EUR(4999)) =>
  newEvent(PaymentRequested, {
    aggregateId: orderId,
    data: { orderId, customerId, paymentMethodId, amount, requestedAt: new Date().toISOString() },
  });

export const orderConfirmed = (orderId: string, customerId: string, total = EUR(4999)) =>
  newEvent(OrderConfirmed, {
    aggregateId: orderId,
    data: { orderId, customerId, total, confirmedAt: new Date().toISOString() },
  });

export const orderCancelled = (orderId: string, customerId: string, reason = 'customer request') =>
  newEvent(OrderCancelled, {
    aggregateId: orderId,
    data: { orderId, customerId, reason, cancelledAt: new Date().toISOString() },
  });

/** The order's payment row as plain values, or undefined. */
export async function paymentRow(dataSource: DataSource, orderId: string) {
  const [row] = await dataSource.query(
    `select id, status, amount::int, captured_amount::int as captured, refunded_amount::int as refunded, failure_code as "failureCode"
       from payments where order_id = $1`,
    [orderId],
  );
  return row as { id: string; status: string; amount: number; captured: number; refunded: number; failureCode: string | null } | undefined;
}

/** "KIND:STATUS" of the order's payment transactions, oldest first. */
export async function transactionsOf(dataSource: DataSource, orderId: string): Promise<string[]> {
  const rows: { kind: string; status: string }[] = await dataSource.query(
    `select t.kind, t.status from payment_transactions t join payments p on p.id = t.payment_id where p.order_id = $1 order by t.id`,
    [orderId],
  );
  return rows.map((row) => `${row.kind}:${row.status}`);
}

/** The sandbox gateway's operations for an order (its idempotency keys start with the order id). */
export async function gatewayOperationsOf(dataSource: DataSource, orderId: string) {
  const rows: { operation: string; status: string; attempts: number; reference: string | null }[] = await dataSource.query(
    `select operation, status, attempts, reference from gateway_operations where idempotency_key like $1 || ':%' order by created_at`,
    [orderId],
  );
  return rows;
}

/** How many operations of each kind the gateway holds for the order, e.g. { AUTHORIZE: 1, CAPTURE: 1 }. */
export async function gatewayCounts(dataSource: DataSource, orderId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const op of await gatewayOperationsOf(dataSource, orderId)) counts[op.operation] = (counts[op.operation] ?? 0) + 1;
  return counts;
}

/**
 * Holds an order's lock (its order_facts row, which every write to the order locks first) in a
 * transaction of its own, so that writes started meanwhile queue behind it. `query` runs in that
 * transaction, `queued(n)` waits until n statements wait for it (directly or behind another),
 * `release` commits.
 */
export async function holdOrderLock(dataSource: DataSource, orderId: string) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query('insert into order_facts (order_id) values ($1) on conflict (order_id) do update set order_id = excluded.order_id', [
    orderId,
  ]);
  const [{ pid }] = (await runner.query('select pg_backend_pid() as pid')) as [{ pid: number }];
  return {
    query: (sql: string, values: unknown[]) => runner.query(sql, values),
    queued: (count: number) =>
      waitFor(
        async () => {
          const [{ waiting }] = await dataSource.query<[{ waiting: number }]>(
            `with recursive queue (pid) as (
               select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))
               union
               select a.pid from pg_stat_activity a join queue q on q.pid = any(pg_blocking_pids(a.pid))
             ) select count(*)::int as waiting from queue`,
            [pid],
          );
          return waiting >= count;
        },
        10_000,
        `${count} statements queued behind the order's lock`,
      ),
    release: async () => {
      try {
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
    },
  };
}
