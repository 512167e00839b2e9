// The bench subgraphs' static data: six users, nine products, 24 reviews. Each user wrote four
// reviews and each product has two or three, so the deep query's answer fans out to tens of KB.

export interface User {
  id: string;
  name: string;
  username: string;
}
export interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}
export interface Review {
  id: string;
  body: string;
  authorId: string;
  upc: string;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth'];
const THINGS = ['Table', 'Couch', 'Chair', 'Lamp', 'Shelf', 'Desk', 'Rug', 'Stool', 'Mirror'];
const VERDICTS = ['Sturdy and good value', 'Arrived late but works', 'Too heavy for my flat', 'Would buy again', 'Colour is off', 'Exactly as described'];

export const users: readonly User[] = FIRST.map((first, i) => ({
  id: String(i + 1),
  name: `${first} ${LAST[i]}`,
  username: `@${first.toLowerCase()}`,
}));

export const products: readonly Product[] = THINGS.map((thing, i) => ({
  upc: String(i + 1),
  name: `${thing} ${String.fromCharCode(65 + i)}`,
  price: 199 + i * 250,
  weight: 40 + i * 35,
}));

export const reviews: readonly Review[] = Array.from({ length: users.length * 4 }, (_, i) => ({
  id: String(i + 1),
  body: `${VERDICTS[i % VERDICTS.length]}: review ${i + 1} of the ${THINGS[(i * 5) % products.length]}.`,
  authorId: users[i % users.length]!.id,
  upc: products[(i * 5) % products.length]!.upc,
}));

const groupBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

export const usersById = new Map(users.map((user) => [user.id, user]));
export const productsByUpc = new Map(products.map((product) => [product.upc, product]));
export const reviewsByAuthor = groupBy(reviews, (review) => review.authorId);
export const reviewsByProduct = groupBy(reviews, (review) => review.upc);
