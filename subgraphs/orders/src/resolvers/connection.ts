import { encodeCursor } from '../domain/validation.ts';
import type { Page } from '../services/order-service.ts';

/** A page of orders in the shape of a GraphQL connection. */
export function toConnection(page: Page) {
  const edges = page.nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
