import type { Connection } from 'mongoose';
import { ProductCreated, newEvent } from '@commerce/events';
import { connectMongo, newId, type Role, type SubgraphServer } from '@commerce/service-kit';
import { createTestIssuer, gql, infra, testLogger, type TestIssuer } from '@commerce/testkit';
import { createDeps, type Deps } from '../src/deps.ts';
import { createTrackProductWhenProductChanged } from '../src/events/track-product-when-product-changed.ts';
import { createServer } from '../src/server.ts';

/** A MongoDB command the subgraph sent. */
export interface RecordedCommand {
  name: string;
  collection: string;
  /** What it reads by: a find's filter, an aggregate's leading $match (empty for other commands). */
  filter: Record<string, unknown>;
  /** The command as it can be sent again inside an explain (finds and aggregates only). */
  body: Record<string, unknown>;
}

export interface Harness {
  url: string;
  mongo: Connection;
  deps: Deps;
  issuer: TestIssuer;
  /** The MongoDB commands sent since the last reset (hello/ping excluded). */
  commands: RecordedCommand[];
  /** The most commands that were under way at once since the last reset (set `peakInFlight.value = 0` to reset). */
  peakInFlight: { value: number };
  close: () => Promise<void>;
}

const CONNECTION_CHATTER = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue']);

/** The subgraph on a port of its own over the real FerretDB, with every command it sends recorded. */
export async function startHarness(): Promise<Harness> {
  const logger = testLogger('reviews');
  const issuer = await createTestIssuer();
  // Command monitoring lets tests count round trips.
  const mongo = await connectMongo(infra.mongoUrl('reviews'), { monitorCommands: true });
  const commands: RecordedCommand[] = [];
  const peakInFlight = { value: 0 };
  const inFlight = new Set<number>();
  const client = mongo.getClient();
  client.on('commandStarted', (event) => {
    if (CONNECTION_CHATTER.has(event.commandName)) return;
    inFlight.add(event.requestId);
    peakInFlight.value = Math.max(peakInFlight.value, inFlight.size);
    commands.push(recorded(event.commandName, event.command));
  });
  client.on('commandSucceeded', (event) => inFlight.delete(event.requestId));
  client.on('commandFailed', (event) => inFlight.delete(event.requestId));
  const deps = await createDeps({ connection: mongo, logger, verifyToken: issuer.verifyToken });
  const server: SubgraphServer = await createServer(deps);
  const url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  return {
    url,
    mongo,
    deps,
    issuer,
    commands,
    peakInFlight,
    close: async () => {
      await server.close();
      await mongo.close();
    },
  };
}

function recorded(name: string, command: Record<string, unknown>): RecordedCommand {
  const collection = String(command[name]);
  if (name === 'find') {
    const filter = (command.filter ?? {}) as Record<string, unknown>;
    return { name, collection, filter, body: { find: collection, filter } };
  }
  if (name === 'aggregate') {
    const pipeline = command.pipeline as Record<string, unknown>[];
    const filter = (pipeline[0]?.$match ?? {}) as Record<string, unknown>;
    return { name, collection, filter, body: { aggregate: collection, pipeline, cursor: {} } };
  }
  return { name, collection, filter: {}, body: {} };
}

/** A fresh customer id and its Authorization header. */
export async function customer(issuer: TestIssuer, roles: Role[] = ['CUSTOMER']) {
  const id = newId('cus');
  return { id, headers: { authorization: await issuer.bearer({ id, roles }) } };
}

/** Makes a product known to reviews the way catalog.events would, through the real handler. */
export async function knownProduct(deps: Deps, status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED' = 'ACTIVE'): Promise<string> {
  const productId = newId('prd');
  await createTrackProductWhenProductChanged(deps)(productCreated(productId, status));
  return productId;
}

export function productCreated(productId: string, status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED' = 'ACTIVE', occurredAt = new Date()) {
  return newEvent(ProductCreated, {
    aggregateId: productId,
    occurredAt,
    data: { productId, slug: productId.toLowerCase(), name: 'Test product', status, variants: [], createdAt: occurredAt.toISOString() },
  });
}

export const SUBMIT = `mutation ($input: SubmitReviewInput!) {
  submitReview(input: $input) { id rating title body verifiedPurchase helpfulVotes createdAt author { id } product { id } }
}`;

export async function submit(
  url: string,
  headers: Record<string, string>,
  input: { productId: string; rating: number; title?: string; body?: string },
) {
  return gql(url, SUBMIT, { input: { title: 'A title', body: 'A body', ...input } }, headers);
}

/** Submits and returns the new review's id, failing loudly if the submit did not succeed. */
export async function submitOk(
  url: string,
  headers: Record<string, string>,
  input: { productId: string; rating: number; title?: string; body?: string },
): Promise<string> {
  const response = await submit(url, headers, input);
  if (response.errors) throw new Error(`submitReview failed: ${JSON.stringify(response.errors)}`);
  return response.data!.submitReview.id as string;
}

export const vote = (url: string, headers: Record<string, string>, reviewId: string) =>
  gql(url, 'mutation ($id: ID!) { voteReviewHelpful(reviewId: $id) { id helpfulVotes } }', { id: reviewId }, headers);

export const remove = (url: string, headers: Record<string, string>, id: string) =>
  gql(url, 'mutation ($id: ID!) { removeReview(id: $id) }', { id }, headers);

/** One product's reviews connection and rating through _entities, as the router would ask. */
export async function productReviews(
  url: string,
  productId: string,
  args: { first?: number; after?: string | null; sort?: string } = {},
) {
  return gql(
    url,
    `query ($representations: [_Any!]!, $first: Int, $after: String, $sort: ReviewSort) {
      _entities(representations: $representations) {
        ... on Product {
          rating { average count distribution { rating count } }
          reviews(first: $first, after: $after, sort: $sort) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { cursor node { id rating helpfulVotes verifiedPurchase } }
          }
        }
      }
    }`,
    // Omitted variables leave the arguments omitted, so the schema defaults apply.
    { representations: [{ __typename: 'Product', id: productId }], ...args },
  );
}

export async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
