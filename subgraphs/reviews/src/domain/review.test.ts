import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isReviewable } from './product.ts';
import { submitReviewInput, voteRefusal } from './review.ts';

const valid = { productId: 'prd_1', rating: 4, title: ' Sturdy mug ', body: 'Holds coffee.' };

test('review input is trimmed and accepted within the limits', () => {
  assert.deepEqual(submitReviewInput.parse(valid), { ...valid, title: 'Sturdy mug' });
  assert.equal(submitReviewInput.safeParse({ ...valid, title: 'x'.repeat(120), body: 'y'.repeat(5000) }).success, true);
});

test('out-of-range ratings, empty or oversized texts are refused, naming each field', () => {
  const result = submitReviewInput.safeParse({ productId: ' ', rating: 6, title: 'x'.repeat(121), body: 'y'.repeat(5001) });
  assert.deepEqual(result.error?.issues.map((issue) => issue.path.join('.')), ['productId', 'rating', 'title', 'body']);
  for (const rating of [0, 2.5, -1]) assert.equal(submitReviewInput.safeParse({ ...valid, rating }).success, false, String(rating));
  assert.equal(submitReviewInput.safeParse({ ...valid, body: '   ' }).success, false);
});

test('customers cannot vote for their own review', () => {
  assert.equal(voteRefusal({ authorId: 'cus_a' }, 'cus_a'), 'OWN_REVIEW');
  assert.equal(voteRefusal({ authorId: 'cus_a' }, 'cus_b'), undefined);
});

test('only known, active, undeleted products take reviews', () => {
  assert.equal(isReviewable({ id: 'p', status: 'ACTIVE', deleted: false }), true);
  assert.equal(isReviewable(undefined), false);
  assert.equal(isReviewable({ id: 'p', status: 'ACTIVE', deleted: true }), false);
  assert.equal(isReviewable({ id: 'p', status: 'DRAFT', deleted: false }), false);
  assert.equal(isReviewable({ id: 'p', status: 'ARCHIVED', deleted: false }), false);
  assert.equal(isReviewable({ id: 'p', status: null, deleted: false }), false);
});
