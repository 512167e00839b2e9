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

const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });
const demo = [
  { slug: 'espresso-cup-stoneware', name: 'Espresso cup, stoneware', category: 'cups', brand: 'Kiln', colours: ['White', 'Black'], price: '9.00', stock: [12, 0] },
  { slug: 'latte-bowl', name: 'Latte bowl', category: 'cups', brand: 'Kiln', colours: ['Sand'], price: '14.50', stock: [5] },
  { slug: 'pour-over-kettle', name: 'Pour-over kettle', category: 'brewing', brand: 'Steep', colours: ['Steel', 'Copper'], price: '49.00', stock: [3, 1] },
  { slug: 'burr-grinder', name: 'Burr grinder', category: 'brewing', brand: 'Steep', colours: ['Black'], price: '129.00', stock: [2] },
];

const { login } = await call<{ login: { accessToken: string } }>(
  'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
  { input: admin },
);
const token = login.accessToken;
// Each step looks before it creates, so an interrupted run completes on the next one.
const category = async (slug: string, name: string, parentId?: string) => {
  const found = await call<{ category: { id: string } | null }>('query ($slug: String!) { category(slug: $slug) { id } }', { slug });
  if (found.category) return found.category.id;
  return (await call<{ createCategory: { id: string } }>('mutation ($i: CategoryInput!) { createCategory(input: $i) { id } }', { i: { slug, name, parentId } }, token))
    .createCategory.id;
};
const coffee = await category('coffee', 'Coffee');
const categories: Record<string, string> = { cups: await category('cups', 'Cups', coffee), brewing: await category('brewing', 'Brewing', coffee) };
const { warehouses } = await call<{ warehouses: { id: string; code: string }[] }>('{ warehouses { id code } }', {}, token);
const warehouseId =
  warehouses.find((w) => w.code === 'AMS')?.id ??
  (await call<{ createWarehouse: { id: string } }>('mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code: 'AMS', name: 'Amsterdam' } }, token))
    .createWarehouse.id;

let created = 0;
for (const product of demo) {
  const found = await call<{ product: { id: string } | null }>('query ($slug: String) { product(slug: $slug) { id } }', { slug: product.slug }, token);
  if (found.product) continue;
  const { createProduct } = await call<{ createProduct: { variants: { id: string }[] } }>(
    'mutation ($i: CreateProductInput!) { createProduct(input: $i) { variants { id } } }',
    {
      i: {
        slug: product.slug,
        name: product.name,
        brand: product.brand,
        categoryId: categories[product.category],
        status: 'ACTIVE',
        tags: ['coffee'],
        variants: product.colours.map((colour) => ({
          sku: `${product.slug}-${colour}`.toUpperCase(),
          options: [{ name: 'Colour', value: colour }],
          price: eur(product.price),
        })),
      },
    },
    token,
  );
  for (const [index, variant] of createProduct.variants.entries()) {
    await call(
      'mutation ($i: SetStockInput!) { setStock(input: $i) { available } }',
      { i: { variantId: variant.id, warehouseId, onHand: product.stock[index] ?? 0, reason: 'demo data' } },
      token,
    );
  }
  created += 1;
}
const shopper = { email: 'shopper@commerce.local', password: 'shopper-password' };
await call('mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', {
  input: { ...shopper, firstName: 'Sam', lastName: 'Shopper' },
}).catch(() => undefined); // already registered on an earlier run
// Search indexes the products from catalog's events (a second or so behind the writes).
const searchable = async () =>
  (await call<{ search: { totalCount: number } }>('query SeedSearchCheck { search(query: "kettle") { totalCount } }').catch(() => undefined))?.search
    .totalCount ?? 0;
const deadline = Date.now() + 20_000;
while ((await searchable()) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
console.log(
  (await searchable()) > 0
    ? '==> demo products are searchable (try: search(query: "kettel"))'
    : '==> search does not find the demo products yet; `npm run search:rebuild` reindexes them from catalog',
);
console.log(
  created > 0
    ? `==> demo data loaded: ${created} products in 3 categories with stock; shopper ${shopper.email} / ${shopper.password}`
    : '==> demo data already loaded',
);
