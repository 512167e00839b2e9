import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CatalogError } from './errors.ts';
import { addVariant, applyPrices, createProduct, deleteProduct, isVisible, priceRange, removeVariant, updateProduct, type Product, type Variant } from './product.ts';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const variant = (id: string, sku: string, amount: number): Variant => ({
  id,
  sku,
  options: [{ name: 'Colour', value: sku.toLowerCase() }],
  price: eur(amount),
  compareAtPrice: null,
  weightGrams: 300,
});
const fields = {
  slug: 'mug',
  name: 'Mug',
  description: '',
  brand: null,
  categoryId: null,
  tags: [],
  attributes: [],
  media: [],
  status: 'ACTIVE' as const,
};
const now = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-01-02T00:00:00Z');
const make = (variants = [variant('var_1', 'BLUE', 1000), variant('var_2', 'RED', 1200)]): Product =>
  createProduct(fields, variants, { id: 'prd_1', createdById: 'cus_1', now }).product;

test('creating a product emits ProductCreated with a priced snapshot of its variants', () => {
  const { product, events } = createProduct(fields, [variant('var_1', 'BLUE', 1000)], { id: 'prd_1', createdById: 'cus_1', now });
  assert.equal(product.version, 1);
  assert.deepEqual(events.map((e) => e.eventType), ['ProductCreated']);
  assert.deepEqual((events[0]!.data as { variants: unknown[] }).variants, [
    { variantId: 'var_1', sku: 'BLUE', name: 'Mug (blue)', price: eur(1000), weightGrams: 300 },
  ]);
  assert.equal(events[0]!.aggregateId, 'prd_1');
});

test('an active product needs a variant, and compare-at prices must be above the price', () => {
  assert.throws(() => make([]), (e: CatalogError) => e.code === 'CONFLICT');
  assert.throws(
    () => make([{ ...variant('var_1', 'BLUE', 1000), compareAtPrice: eur(900) }]),
    (e: CatalogError) => e.code === 'BAD_USER_INPUT',
  );
  assert.throws(() => removeVariant(make([variant('var_1', 'BLUE', 1000)]), 'var_1', later), (e: CatalogError) => e.code === 'CONFLICT');
});

test('repricing emits PriceChanged with old and new price per changed variant, plus one ProductUpdated', () => {
  const product = make();
  const { product: next, events } = applyPrices(product, [{ sku: 'RED', price: eur(1500) }, { sku: 'BLUE', price: eur(1000) }], later);
  assert.deepEqual(events.map((e) => e.eventType), ['PriceChanged', 'ProductUpdated']);
  assert.deepEqual(events[0]!.data, {
    productId: 'prd_1',
    variantId: 'var_2',
    sku: 'RED',
    oldPrice: eur(1200),
    newPrice: eur(1500),
    changedAt: later.toISOString(),
  });
  assert.equal(next.version, 2);
  assert.deepEqual(priceRange(next), { min: eur(1000), max: eur(1500) });
});

test('a change that changes nothing emits nothing and keeps the version', () => {
  const product = make();
  const { product: same, events } = updateProduct(product, { name: 'Mug' }, later);
  assert.equal(events.length, 0);
  assert.equal(same.version, 1);
});

test('ProductUpdated lists the changed fields and removed variants', () => {
  const product = addVariant(make(), variant('var_3', 'GREEN', 800), later).product;
  const { events } = removeVariant(product, 'var_1', later);
  const data = events[0]!.data as { changedFields: string[]; removedVariantIds: string[] };
  assert.deepEqual(data.changedFields, ['variants']);
  assert.deepEqual(data.removedVariantIds, ['var_1']);
  assert.throws(() => addVariant(product, variant('var_4', 'GREEN', 1), later), /appears twice/);
});

test('deleting marks the product deleted and emits ProductDeleted with its variant ids and new version', () => {
  const before = make();
  const { product, events } = deleteProduct(before, later);
  assert.deepEqual(product.deletedAt, later);
  assert.deepEqual(events[0]!.data, {
    productId: 'prd_1',
    variantIds: ['var_1', 'var_2'],
    deletedAt: later.toISOString(),
    productVersion: before.version + 1,
  });
});

test('product snapshots carry what search indexes and the version after the change', () => {
  const { product, events } = updateProduct(make(), { brand: 'Acme', tags: ['steel'] }, later);
  assert.equal(product.version, 2);
  assert.deepEqual(events[0]!.data, {
    ...(events[0]!.data as object),
    brand: 'Acme',
    tags: ['steel'],
    description: product.description,
    categoryId: product.categoryId,
    productVersion: 2,
  });
});

test('customers see active products; through a reference also archived ones, never drafts; admins see all', () => {
  const seen = (admin: boolean, throughReference: boolean) =>
    (['DRAFT', 'ACTIVE', 'ARCHIVED'] as const).filter((status) => isVisible(status, { admin, throughReference }));
  assert.deepEqual(seen(false, false), ['ACTIVE']);
  assert.deepEqual(seen(false, true), ['ACTIVE', 'ARCHIVED']);
  assert.deepEqual(seen(true, false), ['DRAFT', 'ACTIVE', 'ARCHIVED']);
  assert.deepEqual(seen(true, true), ['DRAFT', 'ACTIVE', 'ARCHIVED']);
});
