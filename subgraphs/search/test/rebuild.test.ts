import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '@commerce/service-kit';
import { testLogger } from '@commerce/testkit';
import { applySnapshot, type ProductDocument } from '../src/domain/product-document.ts';
import { rebuildIndex, type OwnerLevel, type OwnerSource } from '../src/services/rebuild.ts';
import { SEARCH, productCreated, productUpdated, ratingChanged, startHarness, stockLevel, type Harness } from './support.ts';

const COUNT = 120;

describe('rebuilding the index', () => {
  let h: Harness;
  const created = Array.from({ length: COUNT }, (_, i) =>
    productCreated({ id: newId('prd'), name: `Rebuild Lamp ${i}`, prices: [1_000 + i], at: new Date(Date.now() - 60_000) }),
  );

  before(async () => {
    h = await startHarness();
    for (const event of created) await h.indexer.handle(event);
    await h.store.refresh();
  });
  after(async () => {
    await h.close();
  });

  test('a rebuild while queries run answers every query, and events consumed during it survive the swap', async () => {
    // The owners tell the catalog as it was, one slow page at a time.
    const source: OwnerSource = async function* (since) {
      for (let i = 0; i < COUNT; i += 20) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const documents = created.slice(i, i + 20).map((event) => {
          const doc = applySnapshot(undefined, { ...event.data, productVersion: null, occurredAt: new Date(since).toISOString() });
          return doc as ProductDocument;
        });
        yield { documents, levels: [] };
      }
    };
    const renamed = created[COUNT - 1]!;
    const rated = created[COUNT - 2]!;

    let stop = false;
    const answers: { errors: unknown; total: number }[] = [];
    const queries = (async () => {
      while (!stop) {
        const response = await h.search(SEARCH, { query: 'rebuild lamp', first: 5 });
        answers.push({ errors: response.errors, total: response.data?.search?.totalCount ?? -1 });
      }
    })();
    const rebuilding = rebuildIndex(h.store, source, testLogger('rebuild'));
    // Consumed while the new index fills (after writers joined it): newer than the owners' pages.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(await h.indexer.handle(productUpdated(renamed, { name: 'Rebuild Lantern', version: 2 })), 'applied');
    assert.equal(await h.indexer.handle(ratingChanged(rated.data.productId, 4.5, 2, 1)), 'applied');
    const result = await rebuilding;
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await queries;

    assert.equal(result.products, COUNT);
    assert.equal(result.dropped.length, 1);
    assert.ok(answers.length > 10, `only ${answers.length} queries ran`);
    assert.deepEqual(answers.filter((a) => a.errors !== undefined || a.total !== COUNT), [], 'every query answered every product');

    await h.store.refresh();
    const lantern = await h.search(SEARCH, { query: 'lantern' });
    assert.deepEqual(lantern.data?.search.edges.map((e: { node: { id: string } }) => e.node.id), [renamed.data.productId]);
    const topRated = await h.search(SEARCH, { filter: { minRating: 4 } });
    assert.deepEqual(topRated.data?.search.edges.map((e: { node: { id: string } }) => e.node.id), [rated.data.productId]);
  });
  test('a rebuild tells each variant the level of every warehouse: a later event in one warehouse leaves the product in stock through another', async () => {
    const productId = newId('prd');
    const variantId = newId('var');
    const word = `Crate${productId.slice(-6)}`;
    const event = productCreated({ id: productId, name: `${word} stool`, prices: [2_500] }, [variantId]);
    const found = async (inStock: boolean) => {
      await h.store.refresh();
      const response = await h.search(SEARCH, { query: word, filter: { inStock } });
      return response.data?.search.edges.map((e: { node: { id: string } }) => e.node.id);
    };
    // Search was deployed after the stock was counted: no stock event ever reached it.
    const source: OwnerSource = async function* (since) {
      const doc = applySnapshot(undefined, { ...event.data, productVersion: null, occurredAt: new Date(since).toISOString() }) as ProductDocument;
      const at = new Date(since).toISOString();
      const levels: OwnerLevel[] = [
        { productId, variantId, warehouseId: 'wh_north', available: 3, active: true, version: 5, at },
        { productId, variantId, warehouseId: 'wh_south', available: 4, active: true, version: 2, at },
      ];
      yield { documents: [{ ...doc, inStock: true }], levels };
    };
    const result = await rebuildIndex(h.store, source, testLogger('rebuild'));
    assert.equal(result.levels, 2);
    assert.deepEqual(await found(true), [productId]);

    // The north warehouse sells out; the south one still has 4.
    assert.equal(await h.indexer.handle(stockLevel(variantId, { warehouseId: 'wh_north', onHand: 0, version: 6 })), 'applied');
    assert.deepEqual(await found(true), [productId], 'still in stock through the south warehouse');
    // An event older than the level the rebuild read changes nothing.
    assert.equal(await h.indexer.handle(stockLevel(variantId, { warehouseId: 'wh_south', onHand: 0, version: 2 })), 'stale');
    assert.deepEqual(await found(true), [productId]);
    // A newer one does.
    assert.equal(await h.indexer.handle(stockLevel(variantId, { warehouseId: 'wh_south', onHand: 0, version: 3 })), 'applied');
    assert.deepEqual(await found(false), [productId]);
  });
});
