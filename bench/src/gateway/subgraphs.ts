// The four subgraphs of the gateway bench, modelled on the public gateways benchmark's
// accounts/products/inventory/reviews, each built with @apollo/subgraph over static data.
import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { products, productsByUpc, reviewsByAuthor, reviewsByProduct, users, usersById, type Review } from './data.ts';

export const SUBGRAPH_NAMES = ['accounts', 'products', 'inventory', 'reviews'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Each subgraph's SDL, from schemas/<name>.graphql. */
export const subgraphTypeDefs = (): Record<SubgraphName, DocumentNode> =>
  Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, parse(readFileSync(new URL(`schemas/${name}.graphql`, import.meta.url), 'utf8'))])) as Record<
    SubgraphName,
    DocumentNode
  >;

const reviewFields = {
  author: (review: Review) => ({ __typename: 'User', id: review.authorId }),
  product: (review: Review) => ({ __typename: 'Product', upc: review.upc }),
};

export function createSubgraphSchemas(): Record<SubgraphName, GraphQLSchema> {
  const typeDefs = subgraphTypeDefs();
  return {
    accounts: buildSubgraphSchema({
      typeDefs: typeDefs.accounts,
      resolvers: {
        Query: { me: () => users[0], users: () => users },
        User: { __resolveReference: (ref: { id: string }) => usersById.get(ref.id) },
      },
    }),
    products: buildSubgraphSchema({
      typeDefs: typeDefs.products,
      resolvers: {
        Query: { topProducts: (_: unknown, args: { first: number }) => products.slice(0, args.first) },
        Product: { __resolveReference: (ref: { upc: string }) => productsByUpc.get(ref.upc) },
      },
    }),
    inventory: buildSubgraphSchema({
      typeDefs: typeDefs.inventory,
      resolvers: {
        Product: {
          // The gateway sends price and weight with the key (@requires).
          __resolveReference: (ref: { upc: string; price: number; weight: number }) => ref,
          inStock: (product: { upc: string }) => Number(product.upc) % 4 !== 0,
          shippingEstimate: (product: { price: number; weight: number }) => (product.price > 1000 ? 0 : Math.round(product.weight / 2)),
        },
      },
    }),
    reviews: buildSubgraphSchema({
      typeDefs: typeDefs.reviews,
      resolvers: {
        Review: reviewFields,
        User: {
          __resolveReference: (ref: { id: string }) => ref,
          reviews: (user: { id: string }) => reviewsByAuthor.get(user.id) ?? [],
        },
        Product: {
          __resolveReference: (ref: { upc: string }) => ref,
          reviews: (product: { upc: string }) => reviewsByProduct.get(product.upc) ?? [],
        },
      },
    }),
  };
}
