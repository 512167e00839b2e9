import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { testLogger } from '@commerce/testkit';
import { sandboxContract } from '../src/sandbox/gateway.contract.ts';
import { createSandboxGateway } from '../src/sandbox/gateway.ts';
import { createSandboxLedger } from '../src/sandbox/ledger-store.ts';
import { CARDS, EUR, connect } from './support.ts';

// The same suite the unit tests run over the in-memory ledger, here over the real table with
// its row locks, plus what only the database can show.
let dataSource: DataSource;

before(async () => {
  dataSource = await connect(testLogger('payments-sandbox'));
});

after(async () => {
  await dataSource?.destroy();
});

sandboxContract('PostgreSQL', () => createSandboxLedger(dataSource));

test('the sandbox vault keeps brand, last four and expiry of a token, never the card number or CVC', async () => {
  const gateway = createSandboxGateway(createSandboxLedger(dataSource), { latencyMs: { min: 0, max: 0 } });
  const { token } = await gateway.tokenize({ number: CARDS.mastercard, expMonth: 3, expYear: 2041, cvc: '987', holderName: 'Grace Hopper' });
  const [row] = await dataSource.query('select * from gateway_tokens where token = $1', [token]);
  assert.deepEqual(
    { ...row, created_at: undefined },
    {
      token,
      brand: 'MASTERCARD',
      last4: '4444',
      exp_month: 3,
      exp_year: 2041,
      holder_name: 'Grace Hopper',
      behaviour: 'APPROVE',
      created_at: undefined,
    },
  );
  assert.doesNotMatch(JSON.stringify(row), /5555555555554444|987/);
});

test('the ledger counts every call of a key and keeps one row for it', async () => {
  const gateway = createSandboxGateway(createSandboxLedger(dataSource), { latencyMs: { min: 0, max: 0 }, transientFailures: 2 });
  const { token } = await gateway.tokenize({ number: CARDS.transient, expMonth: 3, expYear: 2041, cvc: '123', holderName: 'X' });
  const key = `ledger-test-${token}:authorize`;
  for (let attempt = 0; attempt < 2; attempt += 1) await assert.rejects(gateway.authorize(token, EUR(100), key));
  await gateway.authorize(token, EUR(100), key);
  await gateway.authorize(token, EUR(100), key);
  const rows = await dataSource.query('select status, attempts from gateway_operations where idempotency_key = $1', [key]);
  assert.deepEqual(rows, [{ status: 'SUCCEEDED', attempts: 4 }]);
});
