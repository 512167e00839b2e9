import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCursor, encodeCursor, paginate, reviewPageArgs, type Page, type Position, type RankedReview } from './pagination.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const review = (id: string, rating: number, minute: number, helpfulVotes = 0): RankedReview => ({
  id,
  rating,
  createdAt: at(minute),
  helpfulVotes,
});

// c and d share a timestamp so the id has to break the tie.
const reviews = [review('a', 3, 1, 5), review('b', 5, 2, 0), review('c', 5, 3, 5), review('d', 1, 3, 9), review('e', 4, 4, 0)];
const ids = (page: { edges: { node: RankedReview }[] }) => page.edges.map((edge) => edge.node.id);

test('NEWEST orders by creation time, newest first, then by id', () => {
  assert.deepEqual(ids(paginate(reviews, { sort: 'NEWEST', first: 10, after: null })), ['e', 'd', 'c', 'b', 'a']);
});

test('MOST_HELPFUL orders by votes, ties broken by newest then id', () => {
  assert.deepEqual(ids(paginate(reviews, { sort: 'MOST_HELPFUL', first: 10, after: null })), ['d', 'c', 'a', 'e', 'b']);
});

test('RATING orders highest first, ties broken by newest then id', () => {
  assert.deepEqual(ids(paginate(reviews, { sort: 'RATING', first: 10, after: null })), ['c', 'b', 'e', 'a', 'd']);
});

test('following endCursor visits every review exactly once, in order, for every sort', () => {
  for (const sort of ['NEWEST', 'MOST_HELPFUL', 'RATING'] as const) {
    const all = ids(paginate(reviews, { sort, first: 10, after: null }));
    const seen: string[] = [];
    let after: Position | null = null;
    for (;;) {
      const page: Page<RankedReview> = paginate(reviews, { sort, first: 2, after });
      assert.equal(page.totalCount, 5);
      seen.push(...ids(page));
      if (!page.hasNextPage) break;
      after = decodeCursor(sort, page.edges.at(-1)!.cursor)!;
    }
    assert.deepEqual(seen, all, sort);
  }
});

test('a cursor keeps its place when the review it names is gone', () => {
  const first = paginate(reviews, { sort: 'NEWEST', first: 2, after: null });
  const after = decodeCursor('NEWEST', first.edges.at(-1)!.cursor)!;
  const withoutD = reviews.filter((r) => r.id !== 'd');
  assert.deepEqual(ids(paginate(withoutD, { sort: 'NEWEST', first: 10, after })), ['c', 'b', 'a']);
});

test('first: 0 returns no edges but still tells whether reviews exist', () => {
  const page = paginate(reviews, { sort: 'NEWEST', first: 0, after: null });
  assert.deepEqual(page.edges, []);
  assert.equal(page.hasNextPage, true);
  assert.equal(page.totalCount, 5);
});

test('cursors are opaque base64url and round-trip only within their own sort', () => {
  const cursor = encodeCursor('RATING', [5, at(3).getTime(), 'c']);
  assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor('RATING', cursor), [5, at(3).getTime(), 'c']);
  assert.equal(decodeCursor('NEWEST', cursor), undefined);
  assert.equal(decodeCursor('MOST_HELPFUL', cursor), undefined);
});

test('malformed cursors decode to nothing', () => {
  const base64 = (value: string) => Buffer.from(value).toString('base64url');
  const cases = [
    ['NEWEST', ''],
    ['NEWEST', 'not a cursor!'],
    ['NEWEST', base64('{')],
    ['NEWEST', base64('["NEWEST"]')],
    ['NEWEST', base64('["NEWEST","x","id"]')],
    ['NEWEST', base64('["NEWEST",1.5,"id"]')],
    ['NEWEST', base64('["NEWEST",1,""]')],
    ['NEWEST', base64('["NEWEST",1,"id","extra"]')],
    ['MOST_HELPFUL', base64('["MOST_HELPFUL",-1,1,"id"]')],
  ] as const;
  for (const [sort, cursor] of cases) assert.equal(decodeCursor(sort, cursor), undefined, `${sort} ${cursor}`);
});

test('page arguments default like omitted GraphQL arguments and name the offending field', () => {
  assert.deepEqual(reviewPageArgs.parse({}), { sort: 'NEWEST', first: 10, after: null });
  assert.deepEqual(reviewPageArgs.parse({ first: null, after: null, sort: null }), { sort: 'NEWEST', first: 10, after: null });
  const cursor = encodeCursor('NEWEST', [1, 'x']);
  assert.deepEqual(reviewPageArgs.parse({ first: 3, after: cursor }), { sort: 'NEWEST', first: 3, after: [1, 'x'] });
  const fields = (value: unknown) => reviewPageArgs.safeParse(value).error?.issues.map((issue) => issue.path.join('.'));
  assert.deepEqual(fields({ first: -1 }), ['first']);
  assert.deepEqual(fields({ first: 101 }), ['first']);
  assert.deepEqual(fields({ after: 'garbage' }), ['after']);
  assert.deepEqual(fields({ after: cursor, sort: 'RATING' }), ['after']);
});
