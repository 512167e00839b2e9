import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '@commerce/service-kit';
import { fullScans, gql, isFerretDB } from '@commerce/testkit';
import { startHarness, type Harness, type RecordedCommand } from './support.ts';

const PRODUCT_PAGE = `query ($representations: [_Any!]!, $sort: ReviewSort) {
  _entities(representations: $representations) {
    ... on Product {
      id
      rating { average count distribution { rating count } }
      reviews(first: 2, sort: $sort) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id rating title helpfulVotes verifiedPurchase createdAt author { id } product { id } } }
      }
    }
  }
}`;

/** What a command reads and by which fields, e.g. `find reviews productId`. */
const kindOf = (command: RecordedCommand) => `${command.name} ${command.collection} ${Object.keys(command.filter).sort().join(',')}`;

function countByKind(commands: readonly RecordedCommand[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const command of commands) counts[kindOf(command)] = (counts[kindOf(command)] ?? 0) + 1;
  return counts;
}

/** Commands of one kind that read by the same values: a key looked up twice. */
function repeatedKeys(commands: readonly RecordedCommand[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const command of commands) {
    const key = `${kindOf(command)} ${JSON.stringify(command.filter)}`;
    if (seen.has(key)) repeated.push(key);
    seen.add(key);
  }
  return repeated;
}

/** One command of each kind, for explain: whether FerretDB pushes a filter down depends on its shape only. */
const oneOfEachKind = (commands: readonly RecordedCommand[]) => [...new Map(commands.map((command) => [kindOf(command), command])).values()];

// Batches are read one equality query per key, run concurrently: FerretDB v1 answers
// `{ productId: { $in: ids } }` by reading every review, `{ productId: id }` in PostgreSQL.
describe('batching: a page of entities costs a constant number of batches, each one pushed-down query per key', () => {
  let h: Harness;
  const products: string[] = [];
  /** Reviews per product, in creation order: ratings 5, 3, 4 and, for every product, one vote on the first. */
  const reviewsOf = new Map<string, string[]>();

  before(async () => {
    h = await startHarness();
    // Seeded straight through the stores: this suite is about reads.
    const start = Date.now() - 60_000;
    for (let p = 0; p < 50; p++) {
      const productId = newId('prd');
      products.push(productId);
      const ids: string[] = [];
      for (const [i, rating] of [5, 3, 4].entries()) {
        const id = newId('rev');
        ids.push(id);
        await h.deps.reviews.insert({
          id,
          productId,
          authorId: newId('cus'),
          rating,
          title: `Review ${i}`,
          body: 'x'.repeat(200),
          verifiedPurchase: false,
          createdAt: new Date(start + p * 10 + i),
        });
      }
      await h.deps.votes.add({ reviewId: ids[0]!, productId, voterId: newId('cus') });
      reviewsOf.set(productId, ids);
    }
  });

  after(async () => {
    await h.close();
  });

  /** The commands `work` sends, the most of them under way at once, and how often each store batch ran. */
  async function countCommands<T>(work: () => Promise<T>) {
    h.commands.length = 0;
    h.peakInFlight.value = 0;
    const batches: Record<string, number> = {};
    const stores = { reviews: h.deps.reviews, votes: h.deps.votes } as Record<string, Record<string, unknown>>;
    const originals: [Record<string, unknown>, string, unknown][] = [];
    for (const [storeName, store] of Object.entries(stores)) {
      for (const [method, fn] of Object.entries(store)) {
        if (typeof fn !== 'function') continue;
        originals.push([store, method, fn]);
        store[method] = (...args: unknown[]) => {
          batches[`${storeName}.${method}`] = (batches[`${storeName}.${method}`] ?? 0) + 1;
          return (fn as (...a: unknown[]) => unknown)(...args);
        };
      }
    }
    try {
      const result = await work();
      return { result, commands: [...h.commands], peakInFlight: h.peakInFlight.value, batches };
    } finally {
      for (const [store, method, fn] of originals) store[method] = fn;
    }
  }

  for (const sort of ['NEWEST', 'MOST_HELPFUL', 'RATING'] as const) {
    test(`Product.rating and Product.reviews(sort: ${sort}) for 50 products run as many batches as for 2, each one pushed-down query per key`, async () => {
      const ask = (ids: string[]) =>
        countCommands(() =>
          gql(h.url, PRODUCT_PAGE, { representations: ids.map((id) => ({ __typename: 'Product', id })), sort }),
        );
      const small = await ask(products.slice(0, 2));
      const large = await ask(products);
      assert.equal(large.result.errors, undefined);
      assert.deepEqual(large.batches, small.batches, 'the store is asked once per kind of data, whatever the page size');
      // rating: 1 aggregate per product; reviews: 1 find of ranking keys per product (+1 vote
      // aggregate per product for MOST_HELPFUL), 1 find per review on the pages; helpfulVotes:
      // 1 aggregate per review on the pages unless MOST_HELPFUL already counted them.
      const expected = (n: number) => ({
        'aggregate reviews productId': n,
        'find reviews productId': n,
        'find reviews _id': 2 * n,
        ...(sort === 'MOST_HELPFUL' ? { 'aggregate review_votes productId': n } : { 'aggregate review_votes reviewId': 2 * n }),
      });
      assert.deepEqual(countByKind(small.commands), expected(2));
      assert.deepEqual(countByKind(large.commands), expected(50));
      assert.deepEqual(repeatedKeys(large.commands), [], 'no key is read twice in one request');
      if (await isFerretDB(h.mongo)) assert.deepEqual(await fullScans(h.mongo, oneOfEachKind(large.commands)), []);

      // And the answers are right, in request order.
      const entities = large.result.data!._entities as any[];
      assert.deepEqual(entities.map((entity) => entity.id), products);
      for (const entity of entities) {
        const [first, second, third] = reviewsOf.get(entity.id)!;
        assert.deepEqual(entity.rating, {
          average: 4,
          count: 3,
          distribution: [
            { rating: 5, count: 1 },
            { rating: 4, count: 1 },
            { rating: 3, count: 1 },
            { rating: 2, count: 0 },
            { rating: 1, count: 0 },
          ],
        });
        assert.equal(entity.reviews.totalCount, 3);
        assert.equal(entity.reviews.pageInfo.hasNextPage, true);
        const expected = { NEWEST: [third, second], MOST_HELPFUL: [first, third], RATING: [first, third] }[sort];
        assert.deepEqual(entity.reviews.edges.map((edge: any) => edge.node.id), expected);
        for (const { node } of entity.reviews.edges) {
          assert.equal(node.product.id, entity.id);
          assert.equal(node.helpfulVotes, node.id === first ? 1 : 0);
        }
      }
    });
  }

  test('Review references resolve in one batch of pushed-down finds, one per review, whether there are 3 or 150 of them', async () => {
    const all = [...reviewsOf.values()].flat();
    const ask = (ids: string[]) =>
      countCommands(() =>
        gql(h.url, 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Review { id title } } }', {
          r: ids.map((id) => ({ __typename: 'Review', id })),
        }),
      );
    const small = await ask(all.slice(0, 3));
    const large = await ask(all);
    assert.equal(large.result.errors, undefined);
    assert.deepEqual(small.batches, { 'reviews.findByIds': 1 });
    assert.deepEqual(large.batches, { 'reviews.findByIds': 1 });
    assert.deepEqual(countByKind(small.commands), { 'find reviews _id': 3 });
    assert.deepEqual(countByKind(large.commands), { 'find reviews _id': 150 });
    assert.deepEqual(repeatedKeys(large.commands), []);
    assert.ok(large.peakInFlight > 1, 'the finds of one batch run concurrently, not one round trip after another');
    if (await isFerretDB(h.mongo)) assert.deepEqual(await fullScans(h.mongo, oneOfEachKind(large.commands)), []);
    assert.deepEqual(
      (large.result.data!._entities as any[]).map((review) => review.id),
      all,
    );
  });
});
