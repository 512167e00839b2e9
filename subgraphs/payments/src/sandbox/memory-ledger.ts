import { GatewayRejectedError } from '../gateway/port.ts';
import type { LedgerEntry, LedgerView, SandboxLedger, VaultedCard } from './ledger.ts';

/**
 * The sandbox ledger in memory, for unit tests. Every call runs alone (one queue for all
 * keys), which is the strongest form of the serialisation the PostgreSQL ledger gives per key
 * and per authorization.
 */
export function createMemoryLedger(): SandboxLedger {
  const cards = new Map<string, VaultedCard>();
  const entries = new Map<string, LedgerEntry>();
  const attempts = new Map<string, { operation: string; fingerprint: string; count: number }>();
  let queue: Promise<unknown> = Promise.resolve();

  const view: LedgerView = {
    lockReference: async (reference) =>
      [...entries.values()].find((entry) => entry.status === 'SUCCEEDED' && entry.reference === reference),
    childrenOf: async (reference) =>
      [...entries.values()].filter((entry) => entry.status === 'SUCCEEDED' && entry.parentReference === reference),
  };

  return {
    saveCard: async (card) => void cards.set(card.token, { ...card }),
    findCard: async (token) => {
      const card = cards.get(token);
      return card ? { ...card } : undefined;
    },
    once(request, decide) {
      const run = queue.then(async (): Promise<LedgerEntry | 'transient'> => {
        const seen = attempts.get(request.idempotencyKey);
        if (seen && (seen.operation !== request.operation || seen.fingerprint !== request.fingerprint)) {
          throw new GatewayRejectedError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different request.');
        }
        const recorded = entries.get(request.idempotencyKey);
        const count = (seen?.count ?? 0) + 1;
        if (recorded) {
          recorded.attempts = count;
          attempts.set(request.idempotencyKey, { ...request, count });
          return { ...recorded };
        }
        const outcome = await decide(count, view);
        attempts.set(request.idempotencyKey, { ...request, count });
        if (outcome === 'transient') return 'transient';
        const entry: LedgerEntry = { ...outcome, idempotencyKey: request.idempotencyKey, operation: request.operation, attempts: count };
        entries.set(request.idempotencyKey, entry);
        return { ...entry };
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
