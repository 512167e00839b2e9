import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '@commerce/service-kit';
import { gql } from '@commerce/testkit';
import { startHarness, type Harness } from './support.ts';

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

describe('batching: a page of entities costs a constant number of MongoDB round trips', () => {
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

  async function countCommands<T>(work: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
    h.commands.length = 0;
    const result = await work();
    return { result, commands: [...h.commands] };
  }

  for (const sort of ['NEWEST', 'MOST_HELPFUL', 'RATING'] as const) {
    test(`Product.rating and Product.reviews(sort: ${sort}) for 50 products send as many commands as for 2`, async () => {
      const ask = (ids: string[]) =>
        countCommands(() =>
          gql(h.url, PRODUCT_PAGE, { representations: ids.map((id) => ({ __typename: 'Product', id })), sort }),
        );
      const small = await ask(products.slice(0, 2));
      const large = await ask(products);
      assert.equal(large.result.errors, undefined);
      assert.deepEqual(large.commands.sort(), small.commands.sort());
      // rating: 1 aggregate; reviews: 1 find of ranking keys (+1 vote aggregate for MOST_HELPFUL),
      // 1 find of the page's reviews; helpfulVotes: 1 aggregate unless MOST_HELPFUL already counted them.
      assert.deepEqual(large.commands.sort(), ['aggregate', 'aggregate', 'find', 'find']);

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

  test('Review references resolve with one find whether there are 3 or 150 of them', async () => {
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
    assert.deepEqual(small.commands, ['find']);
    assert.deepEqual(large.commands, ['find']);
    assert.deepEqual(
      (large.result.data!._entities as any[]).map((review) => review.id),
      all,
    );
  });
});
