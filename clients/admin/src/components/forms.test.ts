import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatOptions, parseList, parseOptions } from './forms.ts';

test('variant options are read as "name: value" pairs separated by commas, and written back alike', () => {
  const options = parseOptions(' Colour: Blue ,Size:L,, ');
  assert.deepEqual(options, [
    { name: 'Colour', value: 'Blue' },
    { name: 'Size', value: 'L' },
  ]);
  assert.equal(formatOptions(options), 'Colour: Blue, Size: L');
  // A part without a colon is kept (the API says what is wrong with it), not dropped.
  assert.deepEqual(parseOptions('Colour'), [{ name: 'Colour', value: '' }]);
});

test('lists are comma-separated with blanks dropped', () => {
  assert.deepEqual(parseList('mug, gift ,, '), ['mug', 'gift']);
});
