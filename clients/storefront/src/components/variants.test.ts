import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mediaFor, optionNames, optionValues, pickVariant } from './variants.ts';

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

test("the chosen variant's photos come first, found by alt text or file name; the rest keep their order", () => {
  const media = [
    { url: '/media/mug-blue.svg', altText: 'Market mug in Blue' },
    { url: '/media/lifestyle.jpg', altText: 'On a table' },
    { url: '/media/mug-red.svg', altText: null },
  ];
  const red = { id: 'v2', options: [{ name: 'Colour', value: 'Red' }] };
  assert.deepEqual(mediaFor(media, red).map((m) => m.url), ['/media/mug-red.svg', '/media/mug-blue.svg', '/media/lifestyle.jpg']);
  const blue = { id: 'v1', options: [{ name: 'Colour', value: 'Blue' }] };
  assert.deepEqual(mediaFor(media, blue).map((m) => m.url), ['/media/mug-blue.svg', '/media/lifestyle.jpg', '/media/mug-red.svg']);
  // "Red" is not found inside another word, and no variant leaves the order alone.
  assert.deepEqual(mediaFor([{ url: '/media/redwood.jpg' }, { url: '/media/x.jpg', altText: 'Red' }], red).map((m) => m.url), ['/media/x.jpg', '/media/redwood.jpg']);
  assert.deepEqual(mediaFor(media, undefined), media);
});
