import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinWrites } from './statements.ts';

test('joined writes become WITH clauses, each keeping its own parameters', () => {
  const joined = joinWrites([
    { text: 'update t set a = $2 where id = $1', values: ['x', 1] },
    undefined,
    { text: 'insert into u (id, b) values ($1, $2::jsonb), ($3, $4::jsonb)', values: ['y', '{}', 'z', '[]'] },
  ]);
  assert.deepEqual(joined, {
    text: 'with w0 as (update t set a = $2 where id = $1),\nw1 as (insert into u (id, b) values ($3, $4::jsonb), ($5, $6::jsonb))\nselect 1',
    values: ['x', 1, 'y', '{}', 'z', '[]'],
  });
});

test('one write runs as it is, and none is nothing', () => {
  const only = { text: 'delete from t where id = $1', values: [1] };
  assert.equal(joinWrites([undefined, only]), only);
  assert.equal(joinWrites([]), undefined);
});

test('an answer replaces the closing select 1, and wraps even a single write', () => {
  const only = { text: 'insert into t (id) values ($1) returning number', values: [1] };
  assert.deepEqual(joinWrites([only], 'select number from w0'), {
    text: 'with w0 as (insert into t (id) values ($1) returning number)\nselect number from w0',
    values: [1],
  });
  assert.equal(joinWrites([], 'select 1'), undefined);
});
