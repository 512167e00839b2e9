import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '@commerce/service-kit';
import { testLogger } from '@commerce/testkit';
import { applySnapshot, type ProductDocument } from '../src/domain/product-document.ts';
import { rebuildIndex, type OwnerSource } from '../src/services/rebuild.ts';
import { SEARCH, productCreated, productUpdated, ratingChanged, startHarness, type Harness } from './support.ts';

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
        yield created.slice(i, i + 20).map((event) => {
          const doc = applySnapshot(undefined, { ...event.data, productVersion: null, occurredAt: new Date(since).toISOString() });
          return doc as ProductDocument;
        });
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
});
