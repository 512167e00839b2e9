import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classOf } from './rate-limit.ts';

test('a signed-in viewer spends their own budget by class; anyone else their address', () => {
  assert.equal(classOf({ clientAddress: '10.0.0.1' }), 'anonymous');
  assert.equal(classOf({ clientAddress: '10.0.0.1', viewer: { id: 'cus_1', roles: ['CUSTOMER'] } }), 'customer');
  assert.equal(classOf({ clientAddress: '10.0.0.1', viewer: { id: 'cus_2', roles: ['CUSTOMER', 'ADMIN'] } }), 'admin');
});
