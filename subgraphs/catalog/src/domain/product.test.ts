import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampPageSize, createProductInput } from './product.ts';

test('slugs must be lower-case words joined by single hyphens', () => {
  const ok = createProductInput.safeParse({ name: 'Mug', slug: 'blue-mug-2' });
  assert.equal(ok.success, true);
  for (const slug of ['Blue-Mug', 'blue--mug', '-mug', 'mug-', 'mug/1', '']) {
    assert.equal(createProductInput.safeParse({ name: 'Mug', slug }).success, false, slug);
  }
});

test('page sizes are clamped between 0 and 100 with 20 by default', () => {
  assert.equal(clampPageSize(undefined), 20);
  assert.equal(clampPageSize(-5), 0);
  assert.equal(clampPageSize(1000), 100);
  assert.equal(clampPageSize(7.9), 7);
});
