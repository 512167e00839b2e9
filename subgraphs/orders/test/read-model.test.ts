import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { ProductDeleted, ProductUpdated, newEvent } from '@commerce/events';
import { newId } from '@commerce/service-kit';
import { testLogger } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createCatalogEventHandler } from '../src/events/consumers.ts';
import { connect, depsFor, eur, priceChanged, productCreated, testVariant, type TestVariant } from './support.ts';

const productUpdated = (productId: string, variants: TestVariant[], options: { at: Date; removed?: string[]; status?: 'ACTIVE' | 'ARCHIVED' }) =>
  newEvent(ProductUpdated, {
    aggregateId: productId,
    data: {
      productId,
      slug: productId.toLowerCase(),
      name: 'Test product',
      status: options.status ?? 'ACTIVE',
      variants: variants.map((v) => ({ variantId: v.variantId, sku: v.sku, name: v.name, price: eur(v.price), weightGrams: v.weightGrams ?? null })),
      removedVariantIds: options.removed ?? [],
      changedFields: ['variants'],
      updatedAt: options.at.toISOString(),
    },
  });

const productDeleted = (productId: string, variantIds: string[], at: Date) =>
  newEvent(ProductDeleted, { aggregateId: productId, data: { productId, variantIds, deletedAt: at.toISOString() } });

// The catalog handler against the real database: what the read model keeps, whatever order
// (or how often) catalog events arrive in.
describe('the variant read model fed by catalog events', () => {
  const logger = testLogger('orders-read-model');
  let dataSource: DataSource;
  let deps: Deps;
  let apply: ReturnType<typeof createCatalogEventHandler>;
  const variantOf = async (variantId: string) => (await deps.variants.findByIds([variantId]))[0];
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

  before(async () => {
    dataSource = await connect(logger);
    deps = depsFor(dataSource, logger);
    apply = createCatalogEventHandler(deps);
  });

  after(async () => {
    await dataSource.destroy();
  });

  test('ProductCreated copies sku, name, price, weight and product id; a draft product’s variants are known but not for sale', async () => {
    const [active, draft] = [testVariant(1999, 450), testVariant(500)];
    const created = productCreated([active]);
    await apply(created);
    await apply(productCreated([draft], { status: 'DRAFT' }));
    assert.deepEqual(await variantOf(active.variantId), {
      variantId: active.variantId,
      productId: created.aggregateId,
      sku: active.sku,
      name: active.name,
      price: eur(1999),
      weightGrams: 450,
      active: true,
    });
    assert.equal((await variantOf(draft.variantId))?.active, false);
  });

  test('ProductUpdated reprices, renames, retires removed variants and takes an archived product off sale', async () => {
    const [kept, removed] = [testVariant(1000), testVariant(2000)];
    const productId = newId('prd');
    await apply(productUpdated(productId, [kept, removed], { at: minutesAgo(3) }));
    await apply(productUpdated(productId, [{ ...kept, price: 1100, name: 'Renamed' }], { at: minutesAgo(2), removed: [removed.variantId] }));
    assert.deepEqual(
      { ...(await variantOf(kept.variantId)), productId: undefined, weightGrams: undefined },
      { variantId: kept.variantId, productId: undefined, sku: kept.sku, name: 'Renamed', price: eur(1100), weightGrams: undefined, active: true },
    );
    const retired = await variantOf(removed.variantId);
    assert.deepEqual([retired?.active, retired?.price, retired?.name], [false, eur(2000), removed.name], 'retired, but still described');
    await apply(productUpdated(productId, [kept], { at: minutesAgo(1), status: 'ARCHIVED' }));
    assert.equal((await variantOf(kept.variantId))?.active, false);
  });

  test('an older event replayed after a newer one changes nothing', async () => {
    const variant = testVariant(1000);
    const productId = newId('prd');
    const older = productUpdated(productId, [variant], { at: minutesAgo(10) });
    await apply(productUpdated(productId, [{ ...variant, price: 1500 }], { at: minutesAgo(5) }));
    await apply(older);
    assert.deepEqual((await variantOf(variant.variantId))?.price, eur(1500));

    await apply(productDeleted(productId, [variant.variantId], minutesAgo(1)));
    await apply(productUpdated(productId, [variant], { at: minutesAgo(2) }));
    assert.equal((await variantOf(variant.variantId))?.active, false, 'a deleted product stays deleted');
  });

  test('a deletion seen before the creation leaves a tombstone that the late creation cannot bring back', async () => {
    const variant = testVariant(700);
    const created = productCreated([variant]);
    await apply(productDeleted(created.aggregateId, [variant.variantId], new Date(Date.now() + 1000)));
    assert.deepEqual(await variantOf(variant.variantId), {
      variantId: variant.variantId,
      productId: created.aggregateId,
      sku: '',
      name: '',
      price: { amount: 0, currency: 'XXX' },
      weightGrams: null,
      active: false,
    });
    await apply(created);
    assert.equal((await variantOf(variant.variantId))?.active, false);
  });

  test('PriceChanged applies once and in time order; for an unknown variant it waits for the product', async () => {
    const variant = testVariant(1000);
    const created = productCreated([variant]);
    await apply(created);
    const first = priceChanged(created.aggregateId, variant, 1299);
    await apply(first);
    await apply(priceChanged(created.aggregateId, variant, 1499));
    await apply(first);
    assert.deepEqual((await variantOf(variant.variantId))?.price, eur(1499), 'a redelivered PriceChanged is a no-op');

    const stranger = testVariant(100);
    await apply(priceChanged(newId('prd'), stranger, 200));
    assert.equal(await variantOf(stranger.variantId), undefined);
  });
});
