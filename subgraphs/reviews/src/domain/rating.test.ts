import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ratingChange, summarizeRatings } from './rating.ts';

test('no reviews: null average, zero count, five empty buckets from 5 down to 1', () => {
  assert.deepEqual(summarizeRatings([]), {
    average: null,
    count: 0,
    distribution: [5, 4, 3, 2, 1].map((rating) => ({ rating, count: 0 })),
  });
});

test('the average weighs each rating by its count and the distribution lists every bucket', () => {
  const summary = summarizeRatings([
    { rating: 5, count: 2 },
    { rating: 1, count: 1 },
  ]);
  assert.equal(summary.average, 3.67);
  assert.equal(summary.count, 3);
  assert.deepEqual(summary.distribution, [
    { rating: 5, count: 2 },
    { rating: 4, count: 0 },
    { rating: 3, count: 0 },
    { rating: 2, count: 0 },
    { rating: 1, count: 1 },
  ]);
});

test('averages round half up to two decimals without floating-point drift', () => {
  // 9 stars over 8 reviews is exactly 1.125.
  assert.equal(summarizeRatings([{ rating: 1, count: 7 }, { rating: 2, count: 1 }]).average, 1.13);
  // 4.005 would round down with a naive toFixed on the float.
  assert.equal(summarizeRatings([{ rating: 4, count: 199 }, { rating: 5, count: 1 }]).average, 4.01);
  assert.equal(summarizeRatings([{ rating: 4, count: 1 }]).average, 4);
});

test('repeated buckets add up and ratings outside 1 to 5 are ignored', () => {
  const summary = summarizeRatings([
    { rating: 4, count: 1 },
    { rating: 4, count: 2 },
    { rating: 0, count: 9 },
    { rating: 6, count: 9 },
  ]);
  assert.equal(summary.count, 3);
  assert.equal(summary.average, 4);
});

test('a rating change is published with the next version only when the summary differs from the last one published', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const first = ratingChange('prd_1', { ratingVersion: 0, average: null, count: 0 }, { average: null, count: 0 }, now);
  assert.deepEqual(first?.next, { ratingVersion: 1, average: null, count: 0 });
  assert.equal(first?.event.eventType, 'ProductRatingChanged');
  assert.equal(first?.event.aggregateId, 'prd_1');
  assert.equal(ratingChange('prd_1', { ratingVersion: 3, average: 4.5, count: 2 }, { average: 4.5, count: 2 }, now), undefined);
  assert.deepEqual(ratingChange('prd_1', { ratingVersion: 3, average: 4.5, count: 2 }, { average: 4, count: 3 }, now)?.next, {
    ratingVersion: 4,
    average: 4,
    count: 3,
  });
});
