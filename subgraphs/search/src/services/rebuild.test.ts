import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentFromOwners } from './rebuild.ts';

const product = (variants: { available: number | null }[]) => ({
  id: 'prd_1',
  slug: 'mug',
  name: 'Mug',
  description: '',
  brand: null,
  category: null,
  tags: [],
  status: 'ACTIVE' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
  variants: variants.map((v, i) => ({
    id: `var_${i}`,
    price: { minorUnits: '900', currencyCode: 'EUR' },
    stock: v.available === null ? null : { available: v.available },
  })),
  rating: null,
});

test('a rebuilt document is in stock when some variant has units available (on hand minus reserved), not merely on hand', () => {
  assert.equal(documentFromOwners(product([{ available: 0 }, { available: 2 }]), 1).inStock, true);
  // Every unit reserved: inventory answers available 0 however many are on hand.
  assert.equal(documentFromOwners(product([{ available: 0 }]), 1).inStock, false);
  assert.equal(documentFromOwners(product([{ available: null }]), 1).inStock, false, 'inventory failed: not claimed in stock');
});
