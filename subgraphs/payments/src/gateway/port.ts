import type { Money } from '@commerce/service-kit';
import type { CardSummary } from '../domain/card.ts';

export { CARD_BRANDS, type CardBrand, type CardSummary } from '../domain/card.ts';

// The payment gateway as the payments service sees it. The only adapter is the sandbox
// (sandbox/gateway.ts); a real one (Stripe, Adyen) would implement the same interface. Every call
// that moves money takes an idempotency key: repeating a call with the same key returns the
// first result and never charges twice, which is what makes retries and redeliveries safe.

/** Why an issuer refused an authorization. */
export const DECLINE_CODES = ['INSUFFICIENT_FUNDS', 'CARD_EXPIRED', 'CARD_DECLINED'] as const;
export type DeclineCode = (typeof DECLINE_CODES)[number];

/** What a card holder types into the gateway's client-side form. Never reaches our database or logs. */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holderName: string;
}

export type AuthorizationResult =
  | { approved: true; authorizationId: string }
  | { approved: false; code: DeclineCode; message: string };

export interface PaymentGateway {
  /** 'sandbox' mounts the simulated client-side tokenization route on this service. */
  readonly name: string;
  /** Exchanges card details for a token (the gateway's client-side SDK); throws InvalidCardError. */
  tokenize(card: CardInput): Promise<{ token: string; card: CardSummary }>;
  /** The card behind a token, or undefined for a token the gateway never issued. */
  retrieveCard(token: string): Promise<CardSummary | undefined>;
  /** Holds `amount` on the card. A decline is a result, not an error. */
  authorize(token: string, amount: Money, idempotencyKey: string): Promise<AuthorizationResult>;
  /** Takes (part of) an authorized amount. */
  capture(authorizationId: string, amount: Money, idempotencyKey: string): Promise<{ captureId: string }>;
  /** Releases an uncaptured authorization. */
  void(authorizationId: string, idempotencyKey: string): Promise<{ voidId: string }>;
  /** Gives (part of) a captured amount back. */
  refund(captureId: string, amount: Money, idempotencyKey: string): Promise<{ refundId: string }>;
}

/** The gateway could not be reached or failed midway; the same call with the same key may be repeated. */
export class GatewayUnavailableError extends Error {
  readonly retryable = true;
  constructor(message: string) {
    super(message);
    this.name = 'GatewayUnavailableError';
  }
}

/** The gateway refused the request itself (unknown token, capture of a voided authorization, …); repeating it will not help. */
export class GatewayRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayRejectedError';
  }
}

/** Tokenization refused the card details; `fields` name what to correct (never echo the values). */
export class InvalidCardError extends Error {
  constructor(readonly fields: { field: keyof CardInput; message: string }[]) {
    super(`Invalid card: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}.`);
    this.name = 'InvalidCardError';
  }
}
