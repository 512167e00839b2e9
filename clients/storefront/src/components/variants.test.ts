import assert from 'node:assert/strict';
import { test } from 'node:test';
import { optionNames, optionValues, pickVariant } from './variants.ts';

const tee = (id: string, colour: string, size: string) => ({ id, options: [{ name: 'Colour', value: colour }, { name: 'Size', value: size }] });
const variants = [tee('blue-m', 'Blue', 'M'), tee('blue-l', 'Blue', 'L'), tee('red-m', 'Red', 'M')];

test('option names and values come in the order the variants first use them', () => {
  assert.deepEqual(optionNames(variants), ['Colour', 'Size']);
  assert.deepEqual(optionValues(variants, 'Size'), ['M', 'L']);
});

test('with nothing chosen the first variant is picked; a choice keeps the other options as they were', () => {
  assert.equal(pickVariant(variants, {})?.id, 'blue-m');
  assert.equal(pickVariant(variants, { Size: 'L' })?.id, 'blue-l');
  assert.equal(pickVariant(variants, { Colour: 'Red' })?.id, 'red-m');
});

test('a combination no variant has falls back to a variant with the last choice made', () => {
  assert.equal(pickVariant(variants, { Colour: 'Red', Size: 'L' }, 'Colour')?.id, 'red-m');
  assert.equal(pickVariant(variants, { Colour: 'Red', Size: 'L' }, 'Size')?.id, 'blue-l');
});

test('variants without options and an empty list', () => {
  assert.equal(pickVariant([{ id: 'only', options: [] }], {})?.id, 'only');
  assert.equal(pickVariant([], {}), undefined);
});
