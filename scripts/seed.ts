// Loads demo data through the router's public API, signed in as the configured admin.
// Safe to run again: it does nothing when the demo products are already there.
const url = process.argv[2] ?? 'http://127.0.0.1:4000/graphql';
const admin = { email: process.env.ADMIN_EMAIL ?? '', password: process.env.ADMIN_PASSWORD ?? '' };

async function call<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
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
  const { login } = await call<{ login: { accessToken: string } }>(
    'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: admin },
  );
  for (const [name, slug] of demo) {
    await call('mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }', { input: { name, slug } }, login.accessToken);
  }
  const shopper = { email: 'shopper@commerce.local', password: 'shopper-password' };
  await call('mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', {
    input: { ...shopper, firstName: 'Sam', lastName: 'Shopper' },
  }).catch(() => undefined); // already registered on an earlier run
  console.log(`==> demo data loaded: ${demo.length} products, shopper ${shopper.email} / ${shopper.password}`);
}
