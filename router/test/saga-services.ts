// The checkout services (orders, payments, shipping) in this process, with their outbox
// relays, consumers and workers, for the router's end-to-end saga tests.
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { TOPICS, type EventProducer } from '@commerce/events';
import { startOutboxRelay, type OutboxRelay } from '@commerce/outbox';
import { createPostgresDataSource, type Logger, type SubgraphServer, type TokenVerifier } from '@commerce/service-kit';
import { infra, liveGroup } from '@commerce/testkit';
import { createDeps as createOrdersDeps } from '../../subgraphs/orders/src/deps.ts';
import { startExpirySweeper } from '../../subgraphs/orders/src/jobs/cancel-orders-when-payment-times-out.ts';
import { startOrdersConsumers } from '../../subgraphs/orders/src/events/consumers.ts';
import { createServer as createOrders } from '../../subgraphs/orders/src/server.ts';
import { entities as ordersEntities, migrations as ordersMigrations } from '../../subgraphs/orders/src/store/index.ts';
import { createDeps as createPaymentsDeps } from '../../subgraphs/payments/src/deps.ts';
import { startPaymentConsumers } from '../../subgraphs/payments/src/events/consumers.ts';
import { createServer as createPayments } from '../../subgraphs/payments/src/server.ts';
import { entities as paymentsEntities, migrations as paymentsMigrations } from '../../subgraphs/payments/src/store/index.ts';
import { startSandboxCarrierWorker } from '../../subgraphs/shipping/src/sandbox/carrier-worker.ts';
import { createDeps as createShippingDeps } from '../../subgraphs/shipping/src/deps.ts';
import { startShippingConsumers } from '../../subgraphs/shipping/src/events/consumers.ts';
import { createServer as createShipping } from '../../subgraphs/shipping/src/server.ts';
import { entities as shippingEntities, migrations as shippingMigrations } from '../../subgraphs/shipping/src/store/index.ts';

export interface SagaOptions {
  /** Unpaid orders are cancelled after this (default 600 s). */
  orderPaymentTimeoutSeconds?: number;
  /** Calls the transient test card fails before it succeeds (default 2). */
  transientFailures?: number;
  /** Sandbox carrier step; 0 leaves shipments where they are (default 0). */
  carrierStepMs?: number;
  /** Pages that may post cards to the payments sandbox's token endpoint (default: the dev origins). */
  browserOrigins?: string[];
  /** Use an orders service running elsewhere (a child process a test may kill) at this URL. */
  ordersUrl?: string;
}

export interface SagaServices {
  urls: { orders: string; payments: string; shipping: string };
  dataSources: { orders: DataSource; payments: DataSource; shipping: DataSource };
  stop(): Promise<void>;
}

type Schema = Pick<Parameters<typeof createPostgresDataSource>[0], 'entities' | 'migrations'>;

function openDatabase(name: string, logger: Logger, schema: Schema) {
  return createPostgresDataSource({ url: infra.postgresUrl(name), applicationName: name, ...schema, logger });
}

export async function startSagaServices(options: {
  kafka: Kafka;
  producer: EventProducer;
  logger: Logger;
  verifyToken: TokenVerifier;
  saga: SagaOptions;
}): Promise<SagaServices> {
  const { kafka, producer, logger, verifyToken } = options;
  const stops: (() => Promise<unknown>)[] = [];
  const relay = async (name: string): Promise<OutboxRelay> => {
    const started = await startOutboxRelay({ producer, logger, databaseUrl: infra.postgresUrl(name), pollIntervalMs: 200 });
    stops.push(() => started.stop());
    return started;
  };
  const listen = async (server: SubgraphServer) => {
    stops.push(() => server.close());
    return `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  };

  const orders = await openDatabase('orders', logger, { entities: ordersEntities, migrations: ordersMigrations });
  const ordersDeps = createOrdersDeps({ dataSource: orders, logger, verifyToken });
  if (!options.saga.ordersUrl) {
    await relay('orders');
    const ordersConsumers = await startOrdersConsumers({
      kafka,
      deps: ordersDeps,
      logger,
      groups: {
        catalog: await liveGroup(kafka, [TOPICS.catalog], 'stack-orders-'),
        saga: await liveGroup(kafka, [TOPICS.inventory, TOPICS.payments, TOPICS.shipments], 'stack-orders-'),
        customers: await liveGroup(kafka, [TOPICS.customers], 'stack-orders-'),
      },
    });
    stops.push(() => ordersConsumers.stop());
    const sweeper = startExpirySweeper({
      orders: ordersDeps.orders,
      logger,
      timeoutSeconds: options.saga.orderPaymentTimeoutSeconds ?? 600,
      intervalMs: 500,
    });
    stops.push(() => sweeper.stop());
  }

  const payments = await openDatabase('payments', logger, { entities: paymentsEntities, migrations: paymentsMigrations });
  const paymentsDeps = createPaymentsDeps({
    dataSource: payments,
    logger,
    verifyToken,
    sandbox: { latencyMs: { min: 0, max: 5 }, transientFailures: options.saga.transientFailures ?? 2 },
  });
  await relay('payments');
  const paymentConsumers = await startPaymentConsumers({
    kafka,
    deps: paymentsDeps,
    logger,
    groups: { orders: await liveGroup(kafka, [TOPICS.orders], 'stack-payments-') },
    retryDelayMs: 50,
  });
  stops.push(() => paymentConsumers.stop());

  const shipping = await openDatabase('shipping', logger, { entities: shippingEntities, migrations: shippingMigrations });
  const shippingDeps = createShippingDeps({ dataSource: shipping, logger, verifyToken });
  await relay('shipping');
  const shippingConsumers = await startShippingConsumers({
    kafka,
    deps: shippingDeps,
    logger,
    groups: { orders: await liveGroup(kafka, [TOPICS.orders], 'stack-shipping-') },
  });
  stops.push(() => shippingConsumers.stop());
  if (options.saga.carrierStepMs) {
    const worker = startSandboxCarrierWorker({
      shipments: shippingDeps.shipments,
      logger,
      intervalMs: options.saga.carrierStepMs,
      createdAfter: new Date(),
    });
    stops.push(() => worker.stop());
  }

  const urls = {
    orders: options.saga.ordersUrl ?? (await listen(await createOrders(ordersDeps))),
    payments: await listen(await createPayments({ ...paymentsDeps, ...(options.saga.browserOrigins ? { sandboxBrowserOrigins: options.saga.browserOrigins } : {}) })),
    shipping: await listen(await createShipping(shippingDeps)),
  };
  return {
    urls,
    dataSources: { orders, payments, shipping },
    async stop() {
      // Servers and workers first, relays after them, databases last.
      for (const stop of stops.reverse()) await stop();
      await Promise.all([orders.destroy(), payments.destroy(), shipping.destroy()]);
    },
  };
}
