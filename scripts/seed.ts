// Loads demo data through the router's public API. Safe to run again: it does nothing
// when the demo products are already there.
const url = process.argv[2] ?? 'http://127.0.0.1:4000/graphql';

async function call<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

const demo = [
  ['Espresso cup, stoneware', 'espresso-cup-stoneware'],
  ['Pour-over kettle', 'pour-over-kettle'],
  ['Burr grinder', 'burr-grinder'],
];
const { products } = await call<{ products: { slug: string }[] }>('{ products(first: 100) { slug } }');
if (products.some((product) => product.slug === demo[0]![1])) {
  console.log('==> demo data already loaded');
} else {
  const { createCustomer } = await call<{ createCustomer: { id: string } }>(
    'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
    { input: { email: `demo+${Date.now()}@commerce.local`, firstName: 'Dana', lastName: 'Demo' } },
  );
  for (const [name, slug] of demo) {
    await call('mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
      input: { name, slug, createdById: createCustomer.id },
    });
  }
  console.log(`==> demo data loaded: 1 customer, ${demo.length} products`);
}
