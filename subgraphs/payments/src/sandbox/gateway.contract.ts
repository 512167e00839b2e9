import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { SandboxLedger } from './ledger.ts';
import { GatewayRejectedError, GatewayUnavailableError, InvalidCardError, type PaymentGateway } from '../gateway/port.ts';
import { createSandboxGateway } from './gateway.ts';

// The behaviour every sandbox ledger must give the gateway, run over each implementation:
// in memory by the unit tests (sandbox.test.ts), over PostgreSQL by the integration tests.

const EUR = (amount: number) => ({ amount, currency: 'EUR' });
const NOW = new Date('2030-06-15T12:00:00Z');
const card = (number: string, overrides: Partial<{ expMonth: number; expYear: number; cvc: string }> = {}) => ({
  number,
  expMonth: 12,
  expYear: 2034,
  cvc: '123',
  holderName: 'Ada Lovelace',
  ...overrides,
});

/** Registers the sandbox suite for one ledger implementation. */
export function sandboxContract(name: string, ledger: () => SandboxLedger) {
  void describe(`the sandbox gateway over the ${name} ledger`, () => {
    const gateway = (transientFailures = 2): PaymentGateway =>
      createSandboxGateway(ledger(), { latencyMs: { min: 0, max: 0 }, transientFailures, now: () => NOW });
    // Keys are unique per run: the PostgreSQL ledger is shared with other runs and keeps everything.
    const key = (label: string) => `${randomUUID()}:${label}`;

    void test('the approving test cards tokenize with brand, last four and expiry, and are authorized', async () => {
      const sandbox = gateway();
      for (const [number, brand, last4] of [
        ['4242424242424242', 'VISA', '4242'],
        ['5555 5555 5555 4444', 'MASTERCARD', '4444'],
      ] as const) {
        const { token, card: summary } = await sandbox.tokenize(card(number));
        assert.match(token, /^tok_/);
        assert.deepEqual(summary, { brand, last4, expMonth: 12, expYear: 2034, holderName: 'Ada Lovelace' });
        assert.deepEqual(await sandbox.retrieveCard(token), summary);
        const result = await sandbox.authorize(token, EUR(1999), key('authorize'));
        assert.equal(result.approved, true, number);
        assert.match(result.approved ? result.authorizationId : '', /^auth_/);
      }
    });

    void test('tokenization refuses a number failing the Luhn check and bad fields, naming them without echoing the number', async () => {
      const sandbox = gateway();
      await assert.rejects(sandbox.tokenize(card('4242424242424241', { expMonth: 13, cvc: '12' })), (err: unknown) => {
        assert.ok(err instanceof InvalidCardError);
        assert.deepEqual(
          err.fields.map((f) => f.field),
          ['number', 'expMonth', 'cvc'],
        );
        assert.doesNotMatch(err.message, /4242/);
        return true;
      });
      assert.equal(await sandbox.retrieveCard('tok_unknown'), undefined);
    });

    void test('each decline test card is declined with its code, and an expired card with CARD_EXPIRED', async () => {
      const sandbox = gateway();
      for (const [number, code] of [
        ['4000000000009995', 'INSUFFICIENT_FUNDS'],
        ['4000000000000069', 'CARD_EXPIRED'],
        ['4000000000000002', 'CARD_DECLINED'],
      ] as const) {
        const { token } = await sandbox.tokenize(card(number));
        const result = await sandbox.authorize(token, EUR(500), key('authorize'));
        assert.equal(result.approved ? 'approved' : result.code, code, number);
      }
      // Tokenization accepts a past expiry; the issuer refuses it.
      const { token } = await sandbox.tokenize(card('4242424242424242', { expMonth: 5, expYear: 2030 }));
      const result = await sandbox.authorize(token, EUR(500), key('authorize'));
      assert.equal(result.approved ? 'approved' : result.code, 'CARD_EXPIRED');
    });

    void test('the transient test card fails the first calls of every key with a retryable error, then succeeds on the same key', async () => {
      const sandbox = gateway(2);
      const { token } = await sandbox.tokenize(card('4000000000000119'));
      const authorizeKey = key('authorize');
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        await assert.rejects(sandbox.authorize(token, EUR(700), authorizeKey), GatewayUnavailableError, `attempt ${attempt}`);
      }
      const result = await sandbox.authorize(token, EUR(700), authorizeKey);
      assert.ok(result.approved);
      // The same key keeps its result; a new key starts failing again.
      assert.deepEqual(await sandbox.authorize(token, EUR(700), authorizeKey), result);
      const captureKey = key('capture');
      await assert.rejects(sandbox.capture(result.authorizationId, EUR(700), captureKey), GatewayUnavailableError);
      await assert.rejects(sandbox.capture(result.authorizationId, EUR(700), captureKey), GatewayUnavailableError);
      assert.match((await sandbox.capture(result.authorizationId, EUR(700), captureKey)).captureId, /^cap_/);
    });

    void test('a repeated call with the same key returns the first result; a new key makes a new authorization', async () => {
      const sandbox = gateway();
      const { token } = await sandbox.tokenize(card('4242424242424242'));
      const authorizeKey = key('authorize');
      const first = await sandbox.authorize(token, EUR(1000), authorizeKey);
      assert.deepEqual(await sandbox.authorize(token, EUR(1000), authorizeKey), first);
      const other = await sandbox.authorize(token, EUR(1000), key('authorize'));
      assert.ok(first.approved && other.approved);
      assert.notEqual(other.authorizationId, first.authorizationId);

      const captureKey = key('capture');
      const capture = await sandbox.capture(first.authorizationId, EUR(1000), captureKey);
      assert.deepEqual(await sandbox.capture(first.authorizationId, EUR(1000), captureKey), capture);
      const refundKey = key('refund');
      const refund = await sandbox.refund(capture.captureId, EUR(400), refundKey);
      assert.deepEqual(await sandbox.refund(capture.captureId, EUR(400), refundKey), refund);
      const voidKey = key('void');
      const voided = await sandbox.void(other.authorizationId, voidKey);
      assert.deepEqual(await sandbox.void(other.authorizationId, voidKey), voided);
    });

    void test('concurrent calls with one key authorize once', async () => {
      const sandbox = gateway();
      const { token } = await sandbox.tokenize(card('4242424242424242'));
      const authorizeKey = key('authorize');
      const results = await Promise.all(Array.from({ length: 8 }, () => sandbox.authorize(token, EUR(1000), authorizeKey)));
      const ids = new Set(results.map((result) => (result.approved ? result.authorizationId : result.code)));
      assert.equal(ids.size, 1);
    });

    void test('a key reused for another request is refused as reused, even when that request would fail on its own', async () => {
      const sandbox = gateway();
      const rejected = (code: string) => (err: unknown) => err instanceof GatewayRejectedError && err.code === code;
      const { token } = await sandbox.tokenize(card('4242424242424242'));
      const authorizeKey = key('authorize');
      await sandbox.authorize(token, EUR(1000), authorizeKey);
      await assert.rejects(sandbox.authorize('tok_nope', EUR(1000), authorizeKey), rejected('IDEMPOTENCY_KEY_REUSED'));
    });

    void test('captures and a void of one authorization sent at once: exactly one of them succeeds', async () => {
      const sandbox = gateway();
      const { token } = await sandbox.tokenize(card('4242424242424242'));
      for (let round = 0; round < 5; round += 1) {
        const authorization = await sandbox.authorize(token, EUR(1000), key('authorize'));
        assert.ok(authorization.approved);
        const { authorizationId } = authorization;
        const results = await Promise.allSettled([
          sandbox.capture(authorizationId, EUR(1000), key('capture')),
          sandbox.void(authorizationId, key('void')),
          sandbox.capture(authorizationId, EUR(1000), key('capture')),
        ]);
        assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1, `round ${round}`);
        for (const result of results) {
          if (result.status === 'rejected') {
            assert.ok(result.reason instanceof GatewayRejectedError, String(result.reason));
            assert.ok(['ALREADY_CAPTURED', 'ALREADY_VOIDED', 'AUTHORIZATION_VOIDED'].includes(result.reason.code), result.reason.code);
          }
        }
      }
    });

    void test('the gateway refuses what would move money twice or wrongly: key reuse, capture after void, void after capture, over-refunds', async () => {
      const sandbox = gateway();
      const rejected = (code: string) => (err: unknown) => err instanceof GatewayRejectedError && err.code === code;
      const { token } = await sandbox.tokenize(card('4242424242424242'));
      const authorizeKey = key('authorize');
      await sandbox.authorize(token, EUR(1000), authorizeKey);
      await assert.rejects(sandbox.authorize(token, EUR(2000), authorizeKey), rejected('IDEMPOTENCY_KEY_REUSED'));
      await assert.rejects(sandbox.authorize('tok_nope', EUR(1000), key('authorize')), rejected('UNKNOWN_TOKEN'));
      await assert.rejects(sandbox.authorize(token, EUR(0), key('authorize')), rejected('INVALID_AMOUNT'));

      const voidedAuth = await sandbox.authorize(token, EUR(1000), key('authorize'));
      assert.ok(voidedAuth.approved);
      await sandbox.void(voidedAuth.authorizationId, key('void'));
      await assert.rejects(sandbox.capture(voidedAuth.authorizationId, EUR(1000), key('capture')), rejected('AUTHORIZATION_VOIDED'));
      await assert.rejects(sandbox.void(voidedAuth.authorizationId, key('void')), rejected('ALREADY_VOIDED'));

      const capturedAuth = await sandbox.authorize(token, EUR(1000), key('authorize'));
      assert.ok(capturedAuth.approved);
      await assert.rejects(sandbox.capture(capturedAuth.authorizationId, EUR(1001), key('capture')), rejected('AMOUNT_EXCEEDS_AUTHORIZATION'));
      const { captureId } = await sandbox.capture(capturedAuth.authorizationId, EUR(1000), key('capture'));
      await assert.rejects(sandbox.capture(capturedAuth.authorizationId, EUR(1000), key('capture')), rejected('ALREADY_CAPTURED'));
      await assert.rejects(sandbox.void(capturedAuth.authorizationId, key('void')), rejected('ALREADY_CAPTURED'));
      await sandbox.refund(captureId, EUR(600), key('refund'));
      await assert.rejects(sandbox.refund(captureId, EUR(401), key('refund')), rejected('AMOUNT_EXCEEDS_CAPTURE'));
      await sandbox.refund(captureId, EUR(400), key('refund'));
      await assert.rejects(sandbox.refund('cap_nope', EUR(1), key('refund')), rejected('UNKNOWN_CAPTURE'));
    });
  });
}
