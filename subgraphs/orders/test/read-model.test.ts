import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { CustomerAddressRemoved, CustomerAddressSaved, CustomerRegistered, ProductDeleted, ProductUpdated, newEvent } from '@commerce/events';
import { newId } from '@commerce/service-kit';
import { testLogger } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { createCatalogEventHandler, createCustomerEventHandler } from '../src/events/consumers.ts';
import { INBOX } from '../src/events/inbox.ts';
import { connect, depsFor, eur, newCustomerId, priceChanged, productCreated, testVariant, type TestVariant } from './support.ts';

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

const homeAddress = (line1: string) => ({
  recipient: 'Ada Lovelace',
  line1,
  line2: null,
  city: 'London',
  region: null,
  postalCode: 'SW1Y 4JH',
  country: 'GB',
  phone: null,
});

const addressSaved = (customerId: string, addressId: string, line1: string, revision: number) =>
  newEvent(CustomerAddressSaved, {
    aggregateId: customerId,
    data: { customerId, addressId, address: homeAddress(line1), revision, savedAt: new Date().toISOString() },
  });

const addressRemoved = (customerId: string, addressId: string) =>
  newEvent(CustomerAddressRemoved, { aggregateId: customerId, data: { customerId, addressId, removedAt: new Date().toISOString() } });

/** Every ordering of `items`. */
const permutations = <T>(items: T[]): T[][] =>
  items.length <= 1 ? [items] : items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));

// The customers handler against the real database: the saved addresses placeOrder can ship
// to, whatever order (or how often) customers events arrive in.
describe('the saved-address read model fed by customers events', () => {
  const logger = testLogger('orders-address-read-model');
  let dataSource: DataSource;
  let deps: Deps;
  let apply: ReturnType<typeof createCustomerEventHandler>;
  const stored = async (addressId: string) => {
    const [row] = await dataSource.query('select customer_id, address, revision, removed_at from customer_addresses where address_id = $1', [addressId]);
    return row as { customer_id: string; address: unknown; revision: number; removed_at: Date | null } | undefined;
  };

  before(async () => {
    dataSource = await connect(logger);
    deps = depsFor(dataSource, logger);
    apply = createCustomerEventHandler(deps);
  });

  after(async () => {
    await dataSource.destroy();
  });

  test('save, update and remove, each delivered twice, leave the address usable, then changed, then gone for good', async () => {
    const [customerId, addressId] = [newCustomerId(), newId('adr')];
    const saved = addressSaved(customerId, addressId, '12 St James Sq', 1);
    await apply(saved);
    await apply(saved);
    assert.deepEqual(await deps.addresses.find(customerId, addressId), homeAddress('12 St James Sq'));
    assert.equal(await deps.addresses.find(newCustomerId(), addressId), undefined, 'only its customer can ship to it');

    const updated = addressSaved(customerId, addressId, '1 Piccadilly', 2);
    await apply(updated);
    await apply(updated);
    assert.deepEqual(await deps.addresses.find(customerId, addressId), homeAddress('1 Piccadilly'));

    const removed = addressRemoved(customerId, addressId);
    await apply(removed);
    await apply(removed);
    assert.equal(await deps.addresses.find(customerId, addressId), undefined);
    const row = await stored(addressId);
    assert.deepEqual([row?.customer_id, row?.address, row?.revision], [customerId, null, 2], 'a tombstone that forgot the address');
    assert.ok(row?.removed_at instanceof Date);

    const [{ count }] = await dataSource.query('select count(*)::int as count from inbox where consumer = $1 and event_id = any($2::text[])', [
      INBOX.customers,
      [saved.eventId, updated.eventId, removed.eventId],
    ]);
    assert.equal(count, 3, 'one inbox entry per event, however often it arrived');
  });

  test('in any order and delivered twice, a newer save outlives an older one and a removal outlives every save', async () => {
    for (const order of permutations(['save', 'update'] as const)) {
      const [customerId, addressId] = [newCustomerId(), newId('adr')];
      const events = { save: addressSaved(customerId, addressId, 'old', 1), update: addressSaved(customerId, addressId, 'new', 2) };
      for (const name of [...order, ...order]) await apply(events[name]);
      assert.deepEqual(await deps.addresses.find(customerId, addressId), homeAddress('new'), order.join(' → '));
    }
    for (const order of permutations(['save', 'update', 'remove'] as const)) {
      const [customerId, addressId] = [newCustomerId(), newId('adr')];
      const events = {
        save: addressSaved(customerId, addressId, 'old', 1),
        update: addressSaved(customerId, addressId, 'new', 2),
        remove: addressRemoved(customerId, addressId),
      };
      for (const name of [...order, ...order]) await apply(events[name]);
      assert.equal(await deps.addresses.find(customerId, addressId), undefined, order.join(' → '));
      assert.equal((await stored(addressId))?.address, null, order.join(' → '));
    }
  });

  test('a save or removal naming another customer for a known address changes nothing; other customer events are ignored', async () => {
    const [customerId, addressId] = [newCustomerId(), newId('adr')];
    await apply(addressSaved(customerId, addressId, '12 St James Sq', 1));
    await apply(addressSaved(newCustomerId(), addressId, 'Hijacked', 5));
    await apply(addressRemoved(newCustomerId(), addressId));
    assert.deepEqual(await deps.addresses.find(customerId, addressId), homeAddress('12 St James Sq'));

    await apply(
      newEvent(CustomerRegistered, {
        aggregateId: customerId,
        data: { customerId, email: 'ada@example.com', firstName: 'Ada', lastName: 'L', registeredAt: new Date().toISOString() },
      }),
    );
    assert.equal((await stored(addressId))?.revision, 1);
  });
});
