import type { Page } from '../domain/pagination.ts';

/** A domain page in the shape of a GraphQL connection. */
export function toConnection<T>(page: Page<T>) {
  return {
    edges: page.edges,
    totalCount: page.totalCount,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.edges.at(-1)?.cursor ?? null },
  };
}
