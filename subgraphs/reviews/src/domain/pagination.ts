import { z } from 'zod';

export const REVIEW_SORTS = ['NEWEST', 'MOST_HELPFUL', 'RATING'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

/** What ordering needs to know about a review. */
export interface RankedReview {
  id: string;
  rating: number;
  createdAt: Date;
  helpfulVotes: number;
}

/**
 * Where a review sits in a sort: compared element by element, larger first. Every
 * sort ends with (createdAt, id), so no two reviews share a position and a cursor
 * names one exact place in the list even when ratings or vote counts tie.
 */
export type Position = [number, string] | [number, number, string];

export function positionOf(review: RankedReview, sort: ReviewSort): Position {
  const time = review.createdAt.getTime();
  switch (sort) {
    case 'NEWEST':
      return [time, review.id];
    case 'MOST_HELPFUL':
      return [review.helpfulVotes, time, review.id];
    case 'RATING':
      return [review.rating, time, review.id];
  }
}

/** Negative when `a` comes first (descending on every element). */
export function comparePositions(a: Position, b: Position): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return x > y ? -1 : 1;
  }
  return 0;
}

// The sort rides in the cursor so a cursor from one ordering is refused by another.
const cursorShapes = {
  NEWEST: z.tuple([z.literal('NEWEST'), z.number().int(), z.string().min(1)]),
  MOST_HELPFUL: z.tuple([z.literal('MOST_HELPFUL'), z.number().int().min(0), z.number().int(), z.string().min(1)]),
  RATING: z.tuple([z.literal('RATING'), z.number().int(), z.number().int(), z.string().min(1)]),
} as const;

/** An opaque cursor for a position: base64url of JSON, not meant to be read by clients. */
export function encodeCursor(sort: ReviewSort, position: Position): string {
  return Buffer.from(JSON.stringify([sort, ...position])).toString('base64url');
}

/** The position a cursor names, or undefined when it is malformed or belongs to another sort. */
export function decodeCursor(sort: ReviewSort, cursor: string): Position | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = cursorShapes[sort].safeParse(json);
  if (!parsed.success) return undefined;
  const [, ...position] = parsed.data;
  return position as Position;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;

export interface PageRequest {
  sort: ReviewSort;
  first: number;
  after: Position | null;
}

/**
 * Arguments of a reviews connection. An explicit null means the default, like an omitted
 * argument; an `after` that is not a cursor of this sort is refused (naming `after`).
 */
export const reviewPageArgs = z
  .object({
    first: z
      .number()
      .int('must be a whole number')
      .min(0, 'must not be negative')
      .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
      .nullish()
      .transform((value) => value ?? DEFAULT_PAGE_SIZE),
    after: z.string().max(500, 'is not a cursor').nullish(),
    sort: z
      .enum(REVIEW_SORTS)
      .nullish()
      .transform((value) => value ?? 'NEWEST'),
  })
  .transform((args, ctx): PageRequest => {
    if (!args.after) return { sort: args.sort, first: args.first, after: null };
    const after = decodeCursor(args.sort, args.after);
    if (!after) {
      ctx.addIssue({ code: 'custom', path: ['after'], message: `is not a cursor of this list sorted by ${args.sort}; use pageInfo.endCursor` });
      return { sort: args.sort, first: args.first, after: null };
    }
    return { sort: args.sort, first: args.first, after };
  });

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  hasNextPage: boolean;
  /** Every review of the list, wherever the page starts. */
  totalCount: number;
}

/** One page of `reviews` (in any order) for a request: sorted, started after the cursor, cut to size. */
export function paginate<T extends RankedReview>(reviews: readonly T[], request: PageRequest): Page<T> {
  const ranked = reviews
    .map((node) => ({ node, position: positionOf(node, request.sort) }))
    .sort((a, b) => comparePositions(a.position, b.position));
  const after = request.after;
  const rest = after ? ranked.filter(({ position }) => comparePositions(position, after) > 0) : ranked;
  return {
    edges: rest.slice(0, request.first).map(({ node, position }) => ({ cursor: encodeCursor(request.sort, position), node })),
    hasNextPage: rest.length > request.first,
    totalCount: reviews.length,
  };
}
