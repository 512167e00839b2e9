import { setTimeout as sleep } from 'node:timers/promises';
import { newId, type Money } from '@commerce/service-kit';
import { isExpired } from '../domain/payment-method.ts';
import { DECLINES, behaviourOf, brandOf, cardProblems, normalizeNumber } from './cards.ts';
import type { LedgerEntry, LedgerView, Outcome, SandboxLedger } from './ledger.ts';
import {
  GatewayRejectedError,
  GatewayUnavailableError,
  InvalidCardError,
  type AuthorizationResult,
  type DeclineCode,
  type PaymentGateway,
} from '../gateway/port.ts';

export interface SandboxSettings {
  /** Each call waits a random time in [min, max] ms, like a round trip to a real gateway; 0 in tests. */
  latencyMs: { min: number; max: number };
  /** Calls per idempotency key the transient test card fails before it succeeds. */
  transientFailures: number;
  random: () => number;
  now: () => Date;
}

const DEFAULTS: SandboxSettings = {
  latencyMs: { min: 20, max: 60 },
  transientFailures: 2,
  random: Math.random,
  now: () => new Date(),
};

const DECLINE_MESSAGES = Object.fromEntries(Object.values(DECLINES).map((decline) => [decline.code, decline.message])) as Record<
  DeclineCode,
  string
>;

/** The id a successful call created (a declined one has none). */
function referenceOf(entry: LedgerEntry): string {
  if (!entry.reference) throw new Error(`the ${entry.operation} recorded for ${entry.idempotencyKey} has no reference`);
  return entry.reference;
}

const succeeded = (fields: Omit<Outcome, 'status' | 'declineCode'>): Outcome => ({ ...fields, status: 'SUCCEEDED', declineCode: null });

/**
 * A deterministic payment gateway: the card number decides the outcome (README.md lists the
 * test cards), every call is idempotent on its key through the ledger, and the card number
 * exists only in memory during tokenization.
 */
export function createSandboxGateway(ledger: SandboxLedger, settings: Partial<SandboxSettings> = {}): PaymentGateway {
  const { latencyMs, transientFailures, random, now } = { ...DEFAULTS, ...settings };

  async function roundTrip(): Promise<void> {
    const spread = Math.max(0, latencyMs.max - latencyMs.min);
    const delay = latencyMs.min + Math.floor(random() * (spread + 1));
    if (delay > 0) await sleep(delay);
  }

  function checkAmount(amount: Money): void {
    if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0 || !/^[A-Z]{3}$/.test(amount.currency)) {
      throw new GatewayRejectedError('INVALID_AMOUNT', 'The amount must be a positive number of minor units with an ISO 4217 currency.');
    }
  }

  /** The transient test card fails its first calls per key; every other card never does. */
  async function failsNow(token: string, attempt: number): Promise<boolean> {
    const card = await ledger.findCard(token);
    return card?.behaviour === 'TRANSIENT' && attempt <= transientFailures;
  }

  /** The successful operation of `kind` behind `reference`, or a rejection naming what is unknown. */
  async function parent(view: LedgerView, reference: string, kind: 'AUTHORIZE' | 'CAPTURE'): Promise<LedgerEntry> {
    const entry = await view.lockReference(reference);
    if (!entry || entry.operation !== kind) {
      const what = kind === 'AUTHORIZE' ? 'authorization' : 'capture';
      throw new GatewayRejectedError(`UNKNOWN_${what.toUpperCase()}`, `No ${what} has the id ${reference}.`);
    }
    return entry;
  }

  async function settled(result: Promise<LedgerEntry | 'transient'>): Promise<LedgerEntry> {
    const entry = await result;
    if (entry === 'transient') throw new GatewayUnavailableError('The sandbox gateway timed out (simulated); retry with the same idempotency key.');
    return entry;
  }

  return {
    name: 'sandbox',

    async tokenize(card) {
      await roundTrip();
      const problems = cardProblems(card);
      if (problems.length > 0) throw new InvalidCardError(problems);
      const number = normalizeNumber(card.number);
      const summary = {
        brand: brandOf(number),
        last4: number.slice(-4),
        expMonth: card.expMonth,
        expYear: card.expYear,
        holderName: card.holderName.trim(),
      };
      const token = newId('tok');
      await ledger.saveCard({ token, ...summary, behaviour: behaviourOf(number) });
      return { token, card: summary };
    },

    async retrieveCard(token) {
      await roundTrip();
      const card = await ledger.findCard(token);
      if (!card) return undefined;
      return { brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear, holderName: card.holderName };
    },

    async authorize(token, amount, idempotencyKey): Promise<AuthorizationResult> {
      await roundTrip();
      checkAmount(amount);
      const fingerprint = JSON.stringify({ token, amount });
      const entry = await settled(
        ledger.once({ idempotencyKey, operation: 'AUTHORIZE', fingerprint, parentReference: null }, async (attempt) => {
          const card = await ledger.findCard(token);
          if (!card) throw new GatewayRejectedError('UNKNOWN_TOKEN', 'The gateway issued no such card token.');
          if (card.behaviour === 'TRANSIENT' && attempt <= transientFailures) return 'transient';
          const fields = { token, amount: amount.amount, currency: amount.currency, parentReference: null };
          // A card past its expiry is declined whatever its number, as an issuer would.
          const decline = isExpired(card, now()) ? DECLINES.DECLINE_CARD_EXPIRED : DECLINES[card.behaviour];
          if (decline) return { ...fields, status: 'DECLINED', reference: null, declineCode: decline.code };
          return succeeded({ ...fields, reference: newId('auth') });
        }),
      );
      if (entry.status === 'DECLINED' && entry.declineCode) {
        return { approved: false, code: entry.declineCode, message: DECLINE_MESSAGES[entry.declineCode] };
      }
      return { approved: true, authorizationId: referenceOf(entry) };
    },

    async capture(authorizationId, amount, idempotencyKey) {
      await roundTrip();
      checkAmount(amount);
      const fingerprint = JSON.stringify({ authorizationId, amount });
      const entry = await settled(
        ledger.once({ idempotencyKey, operation: 'CAPTURE', fingerprint, parentReference: authorizationId }, async (attempt, view) => {
          const authorization = await parent(view, authorizationId, 'AUTHORIZE');
          if (await failsNow(authorization.token, attempt)) return 'transient';
          const done = await view.childrenOf(authorizationId);
          if (done.some((op) => op.operation === 'VOID')) throw new GatewayRejectedError('AUTHORIZATION_VOIDED', 'The authorization was voided.');
          if (done.some((op) => op.operation === 'CAPTURE')) throw new GatewayRejectedError('ALREADY_CAPTURED', 'The authorization was already captured.');
          if (amount.currency !== authorization.currency || amount.amount > (authorization.amount ?? 0)) {
            throw new GatewayRejectedError('AMOUNT_EXCEEDS_AUTHORIZATION', 'The capture exceeds the authorized amount.');
          }
          return succeeded({
            reference: newId('cap'),
            parentReference: authorizationId,
            token: authorization.token,
            amount: amount.amount,
            currency: amount.currency,
          });
        }),
      );
      return { captureId: referenceOf(entry) };
    },

    async void(authorizationId, idempotencyKey) {
      await roundTrip();
      const fingerprint = JSON.stringify({ authorizationId });
      const entry = await settled(
        ledger.once({ idempotencyKey, operation: 'VOID', fingerprint, parentReference: authorizationId }, async (attempt, view) => {
          const authorization = await parent(view, authorizationId, 'AUTHORIZE');
          if (await failsNow(authorization.token, attempt)) return 'transient';
          const done = await view.childrenOf(authorizationId);
          if (done.some((op) => op.operation === 'CAPTURE')) throw new GatewayRejectedError('ALREADY_CAPTURED', 'A captured authorization cannot be voided; refund it.');
          if (done.some((op) => op.operation === 'VOID')) throw new GatewayRejectedError('ALREADY_VOIDED', 'The authorization was already voided.');
          return succeeded({ reference: newId('void'), parentReference: authorizationId, token: authorization.token, amount: null, currency: null });
        }),
      );
      return { voidId: referenceOf(entry) };
    },

    async refund(captureId, amount, idempotencyKey) {
      await roundTrip();
      checkAmount(amount);
      const fingerprint = JSON.stringify({ captureId, amount });
      const entry = await settled(
        ledger.once({ idempotencyKey, operation: 'REFUND', fingerprint, parentReference: captureId }, async (attempt, view) => {
          const capture = await parent(view, captureId, 'CAPTURE');
          if (await failsNow(capture.token, attempt)) return 'transient';
          const refunded = (await view.childrenOf(captureId)).reduce((sum, op) => sum + (op.amount ?? 0), 0);
          if (amount.currency !== capture.currency || refunded + amount.amount > (capture.amount ?? 0)) {
            throw new GatewayRejectedError('AMOUNT_EXCEEDS_CAPTURE', 'The refunds would exceed the captured amount.');
          }
          return succeeded({ reference: newId('re'), parentReference: captureId, token: capture.token, amount: amount.amount, currency: amount.currency });
        }),
      );
      return { refundId: referenceOf(entry) };
    },
  };
}
