import { randomInt } from 'node:crypto';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { createLogger, type Logger } from '@commerce/service-kit';

/** Connection settings of the local infrastructure (`npm run infra:up`), overridable by env. */
export const infra = {
  postgresUrl: (database: string) =>
    `${process.env.POSTGRES_URL_BASE ?? 'postgres://commerce:commerce@127.0.0.1:5432'}/${database}`,
  mongoUrl: (database: string) => `${process.env.MONGO_URL_BASE ?? 'mongodb://127.0.0.1:27017'}/${database}`,
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
};

/** A logger for tests: quiet unless TEST_LOG_LEVEL asks otherwise. */
export function testLogger(name = 'test'): Logger {
  return createLogger(name, process.env.TEST_LOG_LEVEL ?? 'silent');
}

// Tests read responses loosely; the assertions are what pin their shape down.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseData = Record<string, any>;

export interface GraphQLResponse<Data = LooseData> {
  status: number;
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** A loopback port nothing listens on right now: bound, then closed again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
    server.on('error', reject);
  });
}

/** POSTs a GraphQL operation and returns the status and parsed body. */
export async function gql<Data = LooseData>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<Data>, 'status'>;
  return { status: response.status, ...body };
}

/**
 * A loopback address other than 127.0.0.1 (Linux answers on all of 127.0.0.0/8): a test
 * that sends from it acts as a client machine of its own, seen so by the server's socket.
 */
export function randomLoopbackAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** Like gql, but sent from the given local address (see randomLoopbackAddress). */
export function gqlFrom<Data = LooseData>(
  localAddress: string,
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<Data>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString()) as Omit<GraphQLResponse<Data>, 'status'>;
            resolve({ status: res.statusCode ?? 0, ...parsed });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The error codes of a response, in order. */
export function errorCodes(response: GraphQLResponse<unknown>): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

export { assertWithinBudget } from './budget.ts';
export { discardOutbox, outboxOf, outboxTypes, waitFor, type Queryable } from './outbox.ts';
export { unique } from './unique.ts';
export { createTestIssuer, type TestIssuer } from './tokens.ts';
export { collectEvents, liveGroup, type EventCollector } from './events.ts';
export { fullScans, isFerretDB, recordReads, type RecordedRead } from './ferretdb.ts';
export { startCuttableProxy, type CuttableProxy } from './cuttable-proxy.ts';
