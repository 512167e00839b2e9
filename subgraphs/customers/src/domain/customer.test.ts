import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedFields, grantRole, postalAddressOf, revokeRole, type Address } from './customer.ts';
import { judgeRefresh, type RefreshSession } from './session.ts';
import { addressInput, registerInput } from './validation.ts';

test('emails are trimmed and lower-cased so one address maps to one customer', () => {
  const parsed = registerInput.parse({ email: '  Ada@Example.COM ', password: 'correct horse', firstName: 'Ada', lastName: 'L' });
  assert.equal(parsed.email, 'ada@example.com');
});

test('registration refuses a malformed email, a short password and oversized names, naming each field', () => {
  const result = registerInput.safeParse({ email: 'nope', password: 'short', firstName: 'x'.repeat(101), lastName: ' ' });
  assert.equal(result.success, false);
  assert.deepEqual(result.error?.issues.map((issue) => issue.path.join('.')).sort(), ['email', 'firstName', 'lastName', 'password']);
});

test('addresses normalise the country code and refuse malformed postal codes', () => {
  const base = { recipient: 'Ada', line1: '1 Main St', city: 'London', postalCode: 'N1 9GU', country: 'gb' };
  assert.equal(addressInput.parse(base).country, 'GB');
  assert.equal(addressInput.safeParse({ ...base, country: 'GBR' }).success, false);
  assert.equal(addressInput.safeParse({ ...base, country: 'XX' }).success, false, 'not an assigned code');
  assert.equal(addressInput.safeParse({ ...base, postalCode: '<script>' }).success, false);
});

test('granting a role twice keeps one copy and CUSTOMER cannot be revoked', () => {
  assert.deepEqual(grantRole(['CUSTOMER'], 'ADMIN'), ['CUSTOMER', 'ADMIN']);
  assert.deepEqual(grantRole(['CUSTOMER', 'ADMIN'], 'ADMIN'), ['CUSTOMER', 'ADMIN']);
  assert.deepEqual(revokeRole(['CUSTOMER', 'ADMIN'], 'ADMIN'), ['CUSTOMER']);
  assert.deepEqual(revokeRole(['CUSTOMER'], 'CUSTOMER'), ['CUSTOMER']);
});

test('changedFields lists only what differs', () => {
  assert.deepEqual(changedFields({ a: 1, b: 'x', c: null }, { a: 1, b: 'y', c: null }, ['a', 'b', 'c']), ['b']);
});

test('a refresh token rotates once; presenting it again is reuse; expiry and revocation win', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const session: RefreshSession = {
    id: 's',
    familyId: 'f',
    customerId: 'c',
    tokenHash: 'h',
    expiresAt: new Date('2026-01-02T00:00:00Z'),
    rotatedAt: null,
    revokedAt: null,
    createdAt: now,
  };
  assert.deepEqual(judgeRefresh(session, now), { kind: 'rotate' });
  assert.deepEqual(judgeRefresh({ ...session, rotatedAt: now }, now), { kind: 'reuse' });
  assert.deepEqual(judgeRefresh({ ...session, expiresAt: now }, now), { kind: 'expired' });
  assert.deepEqual(judgeRefresh({ ...session, rotatedAt: now, revokedAt: now }, now), { kind: 'revoked' });
});

test('other services see where an address ships to, never its label, default flags, owner or revision', () => {
  const address: Address = {
    id: 'adr_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
    customerId: 'cus_01JD3ZK5W7Y8X9Q2R3S4T5V6W7',
    label: 'Work',
    recipient: 'Ada Lovelace',
    line1: '12 St James Sq',
    line2: null,
    city: 'London',
    region: null,
    postalCode: 'SW1Y 4JH',
    country: 'GB',
    phone: '+44 20 7946 0000',
    isDefaultShipping: true,
    isDefaultBilling: false,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    revision: 3,
  };
  assert.deepEqual(postalAddressOf(address), {
    recipient: 'Ada Lovelace',
    line1: '12 St James Sq',
    line2: null,
    city: 'London',
    region: null,
    postalCode: 'SW1Y 4JH',
    country: 'GB',
    phone: '+44 20 7946 0000',
  });
});
