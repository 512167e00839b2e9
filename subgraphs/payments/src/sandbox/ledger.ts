import type { CardBehaviour } from './cards.ts';
import type { CardSummary, DeclineCode } from '../gateway/port.ts';

// The sandbox gateway's own records, kept apart from the payments tables as a real gateway
// keeps its own books. Implemented over PostgreSQL (sandbox/ledger-store.ts) and in memory
// (memory-ledger.ts, for unit tests); gateway.contract.ts runs the same suite over both.

export const GATEWAY_OPERATIONS = ['AUTHORIZE', 'CAPTURE', 'VOID', 'REFUND'] as const;
export type GatewayOperation = (typeof GATEWAY_OPERATIONS)[number];

/** A tokenized card as the sandbox vault keeps it: display details and behaviour, never the number or CVC. */
export interface VaultedCard extends CardSummary {
  token: string;
  behaviour: CardBehaviour;
}

/** The recorded outcome of one gateway call (one idempotency key). */
export interface LedgerEntry {
  idempotencyKey: string;
  operation: GatewayOperation;
  status: 'SUCCEEDED' | 'DECLINED';
  /** The gateway id this call created (authorization, capture, void or refund id); null when declined. */
  reference: string | null;
  /** The authorization a capture or void acts on, the capture a refund acts on. */
  parentReference: string | null;
  /** The card the money belongs to. */
  token: string;
  amount: number | null;
  currency: string | null;
  declineCode: DeclineCode | null;
  /** Calls made with this key, transient failures included. */
  attempts: number;
}

export type Outcome = Omit<LedgerEntry, 'idempotencyKey' | 'operation' | 'attempts'>;

export interface LedgerView {
  /** The successful operation that created `reference`, held until this call is recorded. */
  lockReference(reference: string): Promise<LedgerEntry | undefined>;
  /** Successful operations on `reference`: the captures and voids of an authorization, the refunds of a capture. */
  childrenOf(reference: string): Promise<LedgerEntry[]>;
}

export interface OperationRequest {
  idempotencyKey: string;
  operation: GatewayOperation;
  /** The request's parameters; a key reused with other parameters is refused. */
  fingerprint: string;
  /** The reference the call acts on (LedgerView.lockReference), so the ledger may lock it early; null for an authorization. */
  parentReference: string | null;
}

export interface SandboxLedger {
  saveCard(card: VaultedCard): Promise<void>;
  findCard(token: string): Promise<VaultedCard | undefined>;
  /**
   * Runs one gateway call at most once per idempotency key. Calls with the same key are
   * serialised: the first to decide an outcome records it, and every later call gets that
   * outcome back without deciding again. `decide` receives the attempt number (1 for the first
   * call with the key) and may answer 'transient' instead: the attempt is counted, nothing else
   * is recorded and the call resolves to 'transient'. An error thrown by `decide` records nothing.
   * A ledger may ask `decide` before it knows the key is new and drop the answer when it is not,
   * so `decide` must have no effects of its own.
   */
  once(request: OperationRequest, decide: (attempt: number, view: LedgerView) => Promise<Outcome | 'transient'>): Promise<LedgerEntry | 'transient'>;
}
