import type pg from 'pg';
import type { Connection } from 'mongoose';
import type { DataSource } from 'typeorm';
import { createEventProducer, startConsumerTable, type ConsumerTableEntry, type EventProducer } from '@commerce/events';
import type { ReadinessCheck } from './health.ts';
import { createKafka } from './kafka.ts';
import { createLogger, type Logger } from './logger.ts';
import { connectMongo } from './mongo.ts';
import { createPgPool, createPostgresDataSource, type PostgresOptions } from './postgres.ts';
import { onShutdown, type ShutdownStep } from './shutdown.ts';
import type { SubgraphServer } from './subgraph.ts';

/**
 * A connection runSubgraph opens before anything else and closes last. `name` names its
 * readiness check and its shutdown step.
 */
export interface StoreSpec<T> {
  name: string;
  open: (context: { service: string; logger: Logger }) => Promise<T>;
  /** Answers /readyz; a store without it is not checked. */
  ready?: (store: T) => Promise<unknown>;
  close: (store: T) => Promise<unknown>;
}

/** The service's PostgreSQL database through TypeORM, migrated on open; application_name is the service's name. */
export function postgresStore(options: Omit<PostgresOptions, 'logger' | 'applicationName'>): StoreSpec<DataSource> {
  return {
    name: 'postgres',
    open: ({ service, logger }) => createPostgresDataSource({ ...options, applicationName: service, logger }),
    ready: (dataSource) => dataSource.query('select 1'),
    close: (dataSource) => dataSource.destroy(),
  };
}

/** A plain pg pool beside the DataSource, for statements TypeORM does not serve well. */
export function pgPoolStore(config: pg.PoolConfig): StoreSpec<pg.Pool> {
  return {
    name: 'postgres pool',
    open: async ({ logger }) => createPgPool(config, logger),
    close: (pool) => pool.end(),
  };
}

/** The service's MongoDB database (a mongoose connection of its own). */
export function mongoStore(url: string): StoreSpec<Connection> {
  return {
    name: 'mongo',
    open: () => connectMongo(url),
    ready: (connection) => connection.db!.command({ ping: 1 }),
    close: (connection) => connection.close(),
  };
}

/** A started outbox relay: stopped after the writers, so their last events still go out. */
export interface RunningRelay {
  stop: () => Promise<void>;
  /** Publishes now instead of at the next poll (the MongoDB relay, after a local write). */
  wake?: () => void;
}

/** How a subgraph's outbox reaches Kafka; @commerce/outbox builds these (pgOutboxRelay, mongoOutboxRelay). */
export interface RelaySpec {
  kind: 'pg outbox' | 'mongo outbox';
  start: (context: { producer: EventProducer; logger: Logger }) => Promise<RunningRelay> | RunningRelay;
}

/** A timed job (sweeper, worker) started once the subgraph serves, stopped after its consumers. */
export interface JobSpec {
  name: string;
  start: () => { stop: () => Promise<void> };
}

/** The settings every subgraph's env has (baseEnvShape, PORT, KAFKA_BROKERS). */
export interface SubgraphEnv {
  LOG_LEVEL: string;
  HOST: string;
  PORT: number;
  KAFKA_BROKERS: string[];
}

/** The env variables that name a consumer group: the rows of a consumer table refer to them. */
export type ConsumerGroupEnv<Env> = {
  [K in keyof Env & string]: K extends `${string}_CONSUMER_GROUP` ? (Env[K] extends string ? K : never) : never;
}[keyof Env & string];

export interface SubgraphDescription<Env extends SubgraphEnv, Stores extends Record<string, unknown>, Deps> {
  /** The service name: logger, Kafka client id, PostgreSQL application_name. */
  name: string;
  env: Env;
  /** Opened in this order before anything else, closed in this order after everything else. */
  stores: { [K in keyof Stores]: StoreSpec<Stores[K]> };
  /** The subgraph's dependencies; `wakeRelay` publishes the outbox now (a no-op without a relay that can). */
  deps: (context: { stores: Stores; logger: Logger; wakeRelay: () => void }) => Deps | Promise<Deps>;
  /** The outbox relay, if this replica runs one; a relay needs the idempotent producer runSubgraph connects for it. */
  relay?: (context: { stores: Stores; deps: Deps }) => RelaySpec | undefined;
  server: (deps: Deps, readiness: ReadinessCheck[]) => Promise<SubgraphServer>;
  /** The consumer table: one consumer group per row, its id read from the env variable the row names. */
  consumers?: (deps: Deps) => ConsumerTableEntry<ConsumerGroupEnv<Env>>[];
  jobs?: (deps: Deps) => JobSpec[];
}

const STARTUP_SIGNAL_GRACE_MS = 10_000;

/**
 * Starts a subgraph from its description: stores, Kafka, dependencies, outbox relay, HTTP
 * server, consumers, jobs; then stops them on SIGTERM/SIGINT in the order that loses nothing
 * (stop taking requests, stop consuming, stop the jobs, let the relay publish what they
 * wrote, then close the producer and the stores). A failure to start exits with status 1.
 */
export function runSubgraph<Env extends SubgraphEnv, Stores extends Record<string, unknown>, Deps>(
  description: SubgraphDescription<Env, Stores, Deps>,
): void {
  start(description).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

async function start<Env extends SubgraphEnv, Stores extends Record<string, unknown>, Deps>(
  description: SubgraphDescription<Env, Stores, Deps>,
): Promise<void> {
  const { name, env } = description;
  const logger = createLogger(name, env.LOG_LEVEL);
  // A signal before start-up is done is kept, not left to its default (an instant kill between
  // two start-up steps, e.g. a job started whose stop never runs): once everything has started,
  // it stops in the usual order. Start-up that hangs past STARTUP_SIGNAL_GRACE_MS exits 1.
  let signalled: NodeJS.Signals | undefined;
  let startedUp = false;
  const keep = (signal: NodeJS.Signals) => {
    if (startedUp) return; // onShutdown's own handlers have it
    signalled ??= signal;
    logger.info({ signal }, 'signal during start-up; stopping once started');
    setTimeout(() => process.exit(1), STARTUP_SIGNAL_GRACE_MS).unref();
  };
  process.on('SIGTERM', keep);
  process.on('SIGINT', keep);
  const specs = Object.entries(description.stores) as [keyof Stores & string, StoreSpec<unknown>][];
  const stores = {} as Stores;
  for (const [key, spec] of specs) stores[key] = (await spec.open({ service: name, logger })) as Stores[typeof key];
  const kafka = createKafka({ clientId: name, brokers: env.KAFKA_BROKERS, logger });

  let relay: RunningRelay | undefined;
  const deps = await description.deps({ stores, logger, wakeRelay: () => relay?.wake?.() });
  const relaySpec = description.relay?.({ stores, deps });
  const producer = relaySpec ? createEventProducer(kafka, logger) : undefined;
  if (producer && relaySpec) {
    await producer.connect();
    relay = await relaySpec.start({ producer, logger });
  }

  const readiness = specs.flatMap(([key, spec]): ReadinessCheck[] =>
    spec.ready ? [{ name: spec.name, check: async () => spec.ready!(stores[key]) }] : [],
  );
  const server = await description.server(deps, readiness);
  const port = await server.listen(env.PORT, env.HOST);
  logger.info({ url: `http://${env.HOST}:${port}/graphql` }, `${name} subgraph ready`);

  const table = description.consumers?.(deps);
  const consumers = table
    ? await startConsumerTable({ kafka, logger, table, groups: env as unknown as Record<ConsumerGroupEnv<Env>, string> })
    : undefined;
  const jobs = (description.jobs?.(deps) ?? []).map((job) => ({ name: job.name, running: job.start() }));

  const steps: ShutdownStep[] = [{ name: 'http', run: server.close }];
  if (consumers) steps.push({ name: 'consumers', run: () => consumers.stop() });
  for (const job of jobs) steps.push({ name: job.name, run: () => job.running.stop() });
  // After the writers, so events their last transactions enqueued still go out.
  const started = relay;
  if (started) steps.push({ name: 'outbox relay', run: () => started.stop() });
  if (producer) steps.push({ name: 'kafka', run: () => producer.disconnect() });
  for (const [key, spec] of specs) steps.push({ name: spec.name, run: () => spec.close(stores[key]) });
  startedUp = true;
  const shutdown = onShutdown(logger, steps);
  // Removed only once onShutdown's handlers are in: a moment with no listener at all would give
  // a signal Node's default, an instant kill (CI caught that window too).
  process.off('SIGTERM', keep);
  process.off('SIGINT', keep);
  if (signalled) void shutdown().then(() => process.exit());
}
