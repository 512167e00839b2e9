import type { DataSource, EntityManager } from 'typeorm';
import type { CardBehaviour } from '../gateway/cards.ts';
import type { GatewayOperation, LedgerEntry, LedgerView, SandboxLedger, VaultedCard } from '../gateway/ledger.ts';
import { GatewayRejectedError, type CardBrand, type DeclineCode } from '../gateway/port.ts';

interface OperationRow {
  idempotency_key: string;
  operation: GatewayOperation;
  fingerprint: string;
  status: 'PENDING' | 'SUCCEEDED' | 'DECLINED';
  attempts: number;
  reference: string | null;
  parent_reference: string | null;
  token: string | null;
  amount: string | null;
  currency: string | null;
  decline_code: DeclineCode | null;
}

interface TokenRow {
  token: string;
  brand: CardBrand;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder_name: string;
  behaviour: CardBehaviour;
}

function toEntry(row: OperationRow, attempts = row.attempts): LedgerEntry {
  if (row.status === 'PENDING' || row.token === null) throw new Error(`gateway operation ${row.idempotency_key} has no outcome yet`);
  return {
    idempotencyKey: row.idempotency_key,
    operation: row.operation,
    status: row.status,
    reference: row.reference,
    parentReference: row.parent_reference,
    token: row.token,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    declineCode: row.decline_code,
    attempts,
  };
}

function viewOf(manager: EntityManager): LedgerView {
  return {
    async lockReference(reference) {
      const [row] = await manager.query<OperationRow[]>(
        `select * from gateway_operations where reference = $1 and status = 'SUCCEEDED' for update`,
        [reference],
      );
      return row && toEntry(row);
    },
    async childrenOf(reference) {
      const rows = await manager.query<OperationRow[]>(
        `select * from gateway_operations where parent_reference = $1 and status = 'SUCCEEDED' order by created_at`,
        [reference],
      );
      return rows.map((row) => toEntry(row));
    },
  };
}

/**
 * The sandbox ledger in PostgreSQL. One row per idempotency key, inserted (or found) and
 * locked first: calls with the same key queue on that row, and the one that finds an outcome
 * returns it. Calls on one authorization or capture queue on its row (lockReference), so a
 * capture and a void of the same authorization can never both succeed.
 */
export function createSandboxLedger(dataSource: DataSource): SandboxLedger {
  // A vaulted card never changes once saved, so lookups are remembered (bounded, oldest out).
  const cards = new Map<string, VaultedCard>();
  const CARDS_REMEMBERED = 10_000;
  return {
    async saveCard(card: VaultedCard) {
      await dataSource.query(
        `insert into gateway_tokens (token, brand, last4, exp_month, exp_year, holder_name, behaviour)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [card.token, card.brand, card.last4, card.expMonth, card.expYear, card.holderName, card.behaviour],
      );
    },

    async findCard(token) {
      const known = cards.get(token);
      if (known) return known;
      const [row] = await dataSource.query<TokenRow[]>('select * from gateway_tokens where token = $1', [token]);
      if (!row) return undefined;
      const card: VaultedCard = {
        token: row.token,
        brand: row.brand,
        last4: row.last4,
        expMonth: row.exp_month,
        expYear: row.exp_year,
        holderName: row.holder_name,
        behaviour: row.behaviour,
      };
      if (cards.size >= CARDS_REMEMBERED) cards.delete(cards.keys().next().value!);
      cards.set(token, card);
      return card;
    },

    once(request, decide) {
      return dataSource.transaction(async (manager) => {
        // Inserted, or found and row-locked by the no-op update, in one statement.
        const [row] = await manager.query<OperationRow[]>(
          `insert into gateway_operations (idempotency_key, operation, fingerprint, status) values ($1, $2, $3, 'PENDING')
           on conflict (idempotency_key) do update set idempotency_key = excluded.idempotency_key
           returning *`,
          [request.idempotencyKey, request.operation, request.fingerprint],
        );
        if (!row) throw new Error(`gateway operation ${request.idempotencyKey} vanished`);
        if (row.operation !== request.operation || row.fingerprint !== request.fingerprint) {
          throw new GatewayRejectedError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different request.');
        }
        const attempt = row.attempts + 1;
        if (row.status !== 'PENDING') {
          await manager.query('update gateway_operations set attempts = $2 where idempotency_key = $1', [request.idempotencyKey, attempt]);
          return toEntry(row, attempt);
        }
        const outcome = await decide(attempt, viewOf(manager));
        if (outcome === 'transient') {
          await manager.query('update gateway_operations set attempts = $2 where idempotency_key = $1', [request.idempotencyKey, attempt]);
          return 'transient';
        }
        // TypeORM answers an UPDATE with [rows, affected count].
        const [[done]] = await manager.query<[OperationRow[], number]>(
          `update gateway_operations
              set status = $2, reference = $3, parent_reference = $4, token = $5, amount = $6, currency = $7,
                  decline_code = $8, attempts = $9, completed_at = now()
            where idempotency_key = $1
           returning *`,
          [
            request.idempotencyKey,
            outcome.status,
            outcome.reference,
            outcome.parentReference,
            outcome.token,
            outcome.amount,
            outcome.currency,
            outcome.declineCode,
            attempt,
          ],
        );
        if (!done) throw new Error(`gateway operation ${request.idempotencyKey} vanished`);
        return toEntry(done);
      });
    },
  };
}
