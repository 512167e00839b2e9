import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OrderDelivered, ProductDeleted, ProductUpdated, newEvent } from '@commerce/events';
import { newId } from '@commerce/service-kit';
import { errorCodes, gql } from '@commerce/testkit';
import { createMarkVerifiedWhenOrderDelivered } from '../src/events/mark-verified-when-order-delivered.ts';
import { createTrackProductWhenProductChanged } from '../src/events/track-product-when-product-changed.ts';
import { createServer } from '../src/server.ts';
import { customer, knownProduct, productReviews, remove, startHarness, submit, submitOk, vote, type Harness } from './support.ts';

describe('reviews subgraph against FerretDB', () => {
  let h: Harness;
  let url: string;

  before(async () => {
    h = await startHarness();
    url = h.url;
  });

  after(async () => {
    await h.close();
  });

  const reviewCount = (filter: Record<string, unknown>) => h.mongo.collection('reviews').countDocuments(filter);
  const voteCount = (reviewId: string) => h.mongo.collection('review_votes').countDocuments({ reviewId });
  const readReview = async (id: string) =>
    (await gql(url, 'query ($id: ID!) { review(id: $id) { id helpfulVotes verifiedPurchase } }', { id })).data?.review;

  test('a submitted review is stored and read back, and moves the product rating average, count and distribution', async () => {
    const productId = await knownProduct(h.deps);
    const before = await productReviews(url, productId);
    assert.equal(before.errors, undefined);
    assert.deepEqual(before.data?._entities[0].rating, {
      average: null,
      count: 0,
      distribution: [5, 4, 3, 2, 1].map((rating) => ({ rating, count: 0 })),
    });

    const author = await customer(h.issuer);
    const response = await submit(url, author.headers, { productId, rating: 5, title: '  Great mug ', body: 'Keeps tea hot.' });
    assert.equal(response.errors, undefined);
    const review = response.data!.submitReview;
    assert.match(review.id, /^rev_[0-9A-Z]{26}$/);
    assert.deepEqual(
      { ...review, createdAt: undefined },
      {
        id: review.id,
        rating: 5,
        title: 'Great mug',
        body: 'Keeps tea hot.',
        verifiedPurchase: false,
        helpfulVotes: 0,
        createdAt: undefined,
        author: { id: author.id },
        product: { id: productId },
      },
    );
    assert.ok(Math.abs(Date.parse(review.createdAt) - Date.now()) < 60_000);
    assert.equal(await reviewCount({ _id: review.id }), 1);

    for (const rating of [4, 4]) await submitOk(url, (await customer(h.issuer)).headers, { productId, rating });
    const afterSubmits = await productReviews(url, productId);
    assert.deepEqual(afterSubmits.data?._entities[0].rating, {
      average: 4.33,
      count: 3,
      distribution: [
        { rating: 5, count: 1 },
        { rating: 4, count: 2 },
        { rating: 3, count: 0 },
        { rating: 2, count: 0 },
        { rating: 1, count: 0 },
      ],
    });
    assert.equal(afterSubmits.data?._entities[0].reviews.totalCount, 3);
  });

  test('reviews sort by NEWEST, MOST_HELPFUL and RATING, and cursors continue across pages without gaps or repeats', async () => {
    const productId = await knownProduct(h.deps);
    const ids: string[] = [];
    for (const rating of [3, 5, 1, 5, 4]) ids.push(await submitOk(url, (await customer(h.issuer)).headers, { productId, rating }));
    const [r1, r2, r3, r4, r5] = ids as [string, string, string, string, string];
    // r3 gets 3 votes; r1 and r4 tie on 2, so the newer r4 goes first.
    for (const [reviewId, votes] of [[r3, 3], [r1, 2], [r4, 2]] as const) {
      for (let i = 0; i < votes; i++) assert.equal((await vote(url, (await customer(h.issuer)).headers, reviewId)).errors, undefined);
    }

    const expected = {
      NEWEST: [r5, r4, r3, r2, r1],
      MOST_HELPFUL: [r3, r4, r1, r5, r2],
      RATING: [r4, r2, r5, r1, r3],
    };
    for (const [sort, order] of Object.entries(expected)) {
      const seen: string[] = [];
      const hasNext: boolean[] = [];
      let cursor: string | null = null;
      do {
        const response = await productReviews(url, productId, { first: 2, after: cursor, sort });
        assert.equal(response.errors, undefined, sort);
        const connection = response.data!._entities[0].reviews;
        assert.equal(connection.totalCount, 5);
        seen.push(...connection.edges.map((edge: any) => edge.node.id));
        hasNext.push(connection.pageInfo.hasNextPage);
        assert.equal(connection.pageInfo.endCursor, connection.edges.at(-1).cursor);
        cursor = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      } while (cursor);
      assert.deepEqual(seen, order, sort);
      assert.deepEqual(hasNext, [true, true, false], sort);
    }

    const helpful = await productReviews(url, productId, { first: 3, sort: 'MOST_HELPFUL' });
    assert.deepEqual(
      helpful.data!._entities[0].reviews.edges.map((edge: any) => edge.node.helpfulVotes),
      [3, 2, 2],
    );
    // Omitted arguments: first 10, NEWEST.
    const defaults = await productReviews(url, productId);
    assert.deepEqual(defaults.data!._entities[0].reviews.edges.map((edge: any) => edge.node.id), expected.NEWEST);
  });

  test('page arguments out of range and malformed or foreign cursors are BAD_USER_INPUT', async () => {
    const productId = await knownProduct(h.deps);
    for (const rating of [1, 2]) await submitOk(url, (await customer(h.issuer)).headers, { productId, rating });
    const newest = await productReviews(url, productId, { first: 1 });
    const cursor = newest.data!._entities[0].reviews.pageInfo.endCursor as string;
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);

    for (const args of [
      { first: -1 },
      { first: 101 },
      { after: 'not-a-cursor' },
      { after: Buffer.from('["NEWEST","soon","x"]').toString('base64url') },
      { after: cursor, sort: 'RATING' },
    ]) {
      const response = await productReviews(url, productId, args);
      assert.deepEqual(errorCodes(response), ['BAD_USER_INPUT'], JSON.stringify(args));
      const fields = (response.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field);
      assert.deepEqual(fields, [Object.keys(args)[0]], JSON.stringify(args));
    }
  });

  test('Customer.reviews lists what a customer wrote, newest first, page by page', async () => {
    const author = await customer(h.issuer);
    const written: string[] = [];
    for (let i = 0; i < 3; i++) written.push(await submitOk(url, author.headers, { productId: await knownProduct(h.deps), rating: 4 }));
    // Someone else's review must not show up.
    await submitOk(url, (await customer(h.issuer)).headers, { productId: await knownProduct(h.deps), rating: 2 });

    const page = (after: string | null) =>
      gql(
        url,
        `query ($representations: [_Any!]!, $after: String) {
          _entities(representations: $representations) {
            ... on Customer { id reviews(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id author { id } } } } }
          }
        }`,
        { representations: [{ __typename: 'Customer', id: author.id }], after },
      );
    const first = (await page(null)).data!._entities[0].reviews;
    assert.equal(first.totalCount, 3);
    assert.deepEqual(first.edges.map((edge: any) => edge.node.id), [written[2], written[1]]);
    assert.ok(first.edges.every((edge: any) => edge.node.author.id === author.id));
    assert.equal(first.pageInfo.hasNextPage, true);
    const second = (await page(first.pageInfo.endCursor)).data!._entities[0].reviews;
    assert.deepEqual(second.edges.map((edge: any) => edge.node.id), [written[0]]);
    assert.equal(second.pageInfo.hasNextPage, false);
  });

  test('a customer reviews a product once: a second submit is CONFLICT, and of five concurrent submits exactly one wins', async () => {
    const productId = await knownProduct(h.deps);
    const author = await customer(h.issuer);
    await submitOk(url, author.headers, { productId, rating: 3 });
    const again = await submit(url, author.headers, { productId, rating: 1 });
    assert.deepEqual(errorCodes(again), ['CONFLICT']);
    assert.equal(await reviewCount({ productId, authorId: author.id }), 1);

    const racer = await customer(h.issuer);
    const racing = await Promise.all(Array.from({ length: 5 }, () => submit(url, racer.headers, { productId, rating: 5 })));
    assert.equal(racing.filter((response) => response.errors === undefined).length, 1);
    assert.deepEqual(racing.flatMap(errorCodes).sort(), ['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
    assert.equal(await reviewCount({ productId, authorId: racer.id }), 1);
  });

  test('only signed-in customers review, and only known active products: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, nothing written', async () => {
    const active = await knownProduct(h.deps);
    const author = await customer(h.issuer);

    assert.deepEqual(errorCodes(await submit(url, {}, { productId: active, rating: 5 })), ['UNAUTHENTICATED']);
    const adminOnly = await customer(h.issuer, ['ADMIN']);
    assert.deepEqual(errorCodes(await submit(url, adminOnly.headers, { productId: active, rating: 5 })), ['FORBIDDEN']);

    const draft = await knownProduct(h.deps, 'DRAFT');
    const archived = await knownProduct(h.deps);
    const track = createTrackProductWhenProductChanged(h.deps);
    await track(
      newEvent(ProductUpdated, {
        aggregateId: archived,
        data: { productId: archived, slug: 's', name: 'n', status: 'ARCHIVED', variants: [], removedVariantIds: [], changedFields: ['status'], updatedAt: new Date().toISOString() },
      }),
    );
    const deleted = await knownProduct(h.deps);
    await track(newEvent(ProductDeleted, { aggregateId: deleted, data: { productId: deleted, variantIds: [], deletedAt: new Date().toISOString() } }));

    for (const productId of [newId('prd'), draft, archived, deleted]) {
      const response = await submit(url, author.headers, { productId, rating: 5 });
      assert.deepEqual(errorCodes(response), ['NOT_FOUND'], productId);
      assert.equal(response.errors![0]!.message, 'No product with this id is available for review.');
    }
    assert.equal(await reviewCount({ authorId: { $in: [author.id, adminOnly.id] } }), 0);
  });

  test('bad input is BAD_USER_INPUT naming each field, and writes nothing', async () => {
    const productId = await knownProduct(h.deps);
    const author = await customer(h.issuer);
    const response = await submit(url, author.headers, { productId, rating: 6, title: 'x'.repeat(121), body: '   ' });
    assert.deepEqual(errorCodes(response), ['BAD_USER_INPUT']);
    const fields = (response.errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field);
    assert.deepEqual(fields, ['rating', 'title', 'body']);
    assert.match(response.errors![0]!.message, /^Invalid input: rating must be between 1 and 5; title must be at most 120 characters; body must not be empty\.$/);

    const fractional = await gql(url, 'mutation { submitReview(input: { productId: "x", rating: 4.5, title: "t", body: "b" }) { id } }', {}, author.headers);
    assert.equal(fractional.errors?.length, 1, 'GraphQL refuses a non-integer rating before any resolver runs');
    assert.equal(await reviewCount({ authorId: author.id }), 0);
  });

  test('a customer counts once per review, even with two concurrent votes; never on their own review; unknown reviews are NOT_FOUND', async () => {
    const productId = await knownProduct(h.deps);
    const author = await customer(h.issuer);
    const reviewId = await submitOk(url, author.headers, { productId, rating: 4 });

    const fan = await customer(h.issuer);
    const first = await vote(url, fan.headers, reviewId);
    assert.equal(first.errors, undefined);
    assert.deepEqual(first.data?.voteReviewHelpful, { id: reviewId, helpfulVotes: 1 });
    assert.deepEqual(errorCodes(await vote(url, fan.headers, reviewId)), ['CONFLICT']);

    const eager = await customer(h.issuer);
    const double = await Promise.all([vote(url, eager.headers, reviewId), vote(url, eager.headers, reviewId)]);
    assert.deepEqual(double.flatMap(errorCodes), ['CONFLICT']);
    assert.equal((await readReview(reviewId)).helpfulVotes, 2);

    assert.deepEqual(errorCodes(await vote(url, author.headers, reviewId)), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await vote(url, {}, reviewId)), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await vote(url, fan.headers, newId('rev'))), ['NOT_FOUND']);
    assert.equal(await voteCount(reviewId), 2);
    assert.equal((await readReview(reviewId)).helpfulVotes, 2);
  });

  test('votes from many customers at the same moment are all counted', async () => {
    // A counter updated with $inc loses most of these on FerretDB v1; counting vote rows does not.
    const productId = await knownProduct(h.deps);
    const reviewId = await submitOk(url, (await customer(h.issuer)).headers, { productId, rating: 4 });
    const voters = await Promise.all(Array.from({ length: 12 }, () => customer(h.issuer)));
    const responses = await Promise.all(voters.map((voter) => vote(url, voter.headers, reviewId)));
    assert.deepEqual(responses.flatMap(errorCodes), []);
    assert.equal((await readReview(reviewId)).helpfulVotes, 12);
    const sorted = await productReviews(url, productId, { sort: 'MOST_HELPFUL' });
    assert.equal(sorted.data!._entities[0].reviews.edges[0].node.helpfulVotes, 12);
  });

  test('the author or an admin removes a review; others get FORBIDDEN, unknown ids NOT_FOUND; the author may then review again', async () => {
    const productId = await knownProduct(h.deps);
    const author = await customer(h.issuer);
    const other = await customer(h.issuer);
    const admin = await customer(h.issuer, ['CUSTOMER', 'ADMIN']);

    const mine = await submitOk(url, author.headers, { productId, rating: 2 });
    await vote(url, other.headers, mine);
    assert.deepEqual(errorCodes(await remove(url, other.headers, mine)), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await remove(url, {}, mine)), ['UNAUTHENTICATED']);
    assert.equal(await reviewCount({ _id: mine }), 1);

    const removed = await remove(url, author.headers, mine);
    assert.equal(removed.errors, undefined);
    assert.equal(removed.data?.removeReview, true);
    assert.equal(await readReview(mine), null);
    assert.equal(await voteCount(mine), 0);
    assert.deepEqual(errorCodes(await remove(url, author.headers, mine)), ['NOT_FOUND']);

    const again = await submitOk(url, author.headers, { productId, rating: 4 });
    const byAdmin = await remove(url, admin.headers, again);
    assert.equal(byAdmin.data?.removeReview, true);
    assert.equal(await reviewCount({ productId, authorId: author.id }), 0);
  });

  test('_entities resolves reviews in request order, null for unknown ids', async () => {
    const productId = await knownProduct(h.deps);
    const a = await submitOk(url, (await customer(h.issuer)).headers, { productId, rating: 1 });
    const b = await submitOk(url, (await customer(h.issuer)).headers, { productId, rating: 5 });
    const response = await gql(
      url,
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Review { id rating product { id } } }
      }`,
      {
        representations: [
          { __typename: 'Review', id: b },
          { __typename: 'Review', id: newId('rev') },
          { __typename: 'Review', id: a },
        ],
      },
    );
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?._entities, [
      { id: b, rating: 5, product: { id: productId } },
      null,
      { id: a, rating: 1, product: { id: productId } },
    ]);
  });

  test('_entities resolves Product rating and reviews in request order; a product without reviews has an empty list', async () => {
    const [p1, p2] = [await knownProduct(h.deps), await knownProduct(h.deps)];
    const r1 = await submitOk(url, (await customer(h.issuer)).headers, { productId: p1, rating: 2 });
    const r2 = await submitOk(url, (await customer(h.issuer)).headers, { productId: p2, rating: 5 });
    const unknown = newId('prd');
    const response = await gql(
      url,
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Product { id rating { average count } reviews { totalCount edges { node { id } } } }
        }
      }`,
      { representations: [p2, unknown, p1].map((id) => ({ __typename: 'Product', id })) },
    );
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?._entities, [
      { id: p2, rating: { average: 5, count: 1 }, reviews: { totalCount: 1, edges: [{ node: { id: r2 } }] } },
      { id: unknown, rating: { average: null, count: 0 }, reviews: { totalCount: 0, edges: [] } },
      { id: p1, rating: { average: 2, count: 1 }, reviews: { totalCount: 1, edges: [{ node: { id: r1 } }] } },
    ]);
  });

  test('a delivery processed between submitReview checking purchases and inserting the review still verifies it', async () => {
    const productId = await knownProduct(h.deps);
    const buyer = await customer(h.issuer);
    const deliver = createMarkVerifiedWhenOrderDelivered(h.deps);
    const orderId = newId('ord');
    const delivered = newEvent(OrderDelivered, {
      aggregateId: orderId,
      data: { orderId, customerId: buyer.id, lines: [{ productId, variantId: newId('var') }], deliveredAt: new Date().toISOString() },
    });
    // Forces the unlucky interleaving: the first purchase check answers "not bought", and
    // the delivery is fully processed (no review to mark yet) before the insert happens.
    let checks = 0;
    const server = await createServer({
      ...h.deps,
      purchases: {
        ...h.deps.purchases,
        has: async (customerId, product) => {
          const bought = await h.deps.purchases.has(customerId, product);
          if (checks++ === 0) assert.equal(await deliver(delivered), 'applied');
          return bought;
        },
      },
    });
    try {
      const racedUrl = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
      const response = await submit(racedUrl, buyer.headers, { productId, rating: 5 });
      assert.equal(response.errors, undefined);
      assert.equal(response.data!.submitReview.verifiedPurchase, true);
      assert.equal((await readReview(response.data!.submitReview.id)).verifiedPurchase, true);
    } finally {
      await server.close();
    }
  });
});
