import type { DataSource, EntityManager } from 'typeorm';
import type { CardBehaviour } from './cards.ts';
import type { GatewayOperation, LedgerEntry, LedgerView, OperationRequest, Outcome, SandboxLedger, VaultedCard } from './ledger.ts';
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

/** The view of a call holding its key's row; `parent` is the row of request.parentReference, locked with it. */
function viewOf(manager: EntityManager, request: OperationRequest, parent: OperationRow | undefined): LedgerView {
  return {
    async lockReference(reference) {
      if (reference === request.parentReference) return parent && toEntry(parent);
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

// A call's key row, inserted (or found) and locked by the no-op update, and the row of the
// operation it acts on ($4, null for none), locked after it: each clause reads the one before, so
// PostgreSQL runs them in that order, and FOR UPDATE returns the newest version of the row however
// long the call waited. What was done on that operation (childrenOf) is read by a later statement:
// one started before the lock was granted could miss an operation that held it.
const LOCK_CALL = `with op as (
     insert into gateway_operations (idempotency_key, operation, fingerprint, status) values ($1, $2, $3, 'PENDING')
     on conflict (idempotency_key) do update set idempotency_key = excluded.idempotency_key
     returning *),
   parent as (select g.* from gateway_operations g join op on true where g.reference = $4 and g.status = 'SUCCEEDED' for update of g)
   select 'op' as role, op.* from op union all select 'parent' as role, parent.* from parent`;

// The first call of a key decided without a lock and recorded in one statement: inserted as the
// key's row, unless the key has one. Then the row's outcome is the call's (counted as an
// attempt), or, when the key has none yet or was used for another request, nothing is returned.
const RECORD_FIRST_CALL = `insert into gateway_operations
     (idempotency_key, operation, fingerprint, status, attempts, reference, parent_reference, token, amount, currency, decline_code, completed_at)
   values ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, case when $4 = 'PENDING' then null else now() end)
   on conflict (idempotency_key) do update set attempts = gateway_operations.attempts + 1
     where gateway_operations.status <> 'PENDING'
       and gateway_operations.operation = excluded.operation and gateway_operations.fingerprint = excluded.fingerprint
   returning *`;

/** A call acting on no other operation needs no view; a decide that asks for one is sent to the locked path. */
const NO_VIEW: LedgerView = {
  lockReference: () => Promise.reject(new Error('a call acting on no reference holds no lock')),
  childrenOf: () => Promise.reject(new Error('a call acting on no reference holds no lock')),
};

/**
 * The sandbox ledger in PostgreSQL. One row per idempotency key, inserted (or found) and
 * locked first: calls with the same key queue on that row, and the one that finds an outcome
 * returns it. Calls on one authorization or capture queue on its row (lockReference), so a
 * capture and a void of the same authorization can never both succeed.
 *
 * A call acting on no other operation (an authorization) first tries the shortcut of one
 * statement: decided as if it were the key's first call, its outcome recorded only if the key
 * is new, the key's outcome returned if it has one. Either way one outcome per key is recorded
 * and every call gets it back, as if the calls had queued; any other case takes the locked path.
 */
export function createSandboxLedger(dataSource: DataSource): SandboxLedger {
  // A vaulted card never changes once saved, so lookups are remembered (bounded, oldest out).
  const cards = new Map<string, VaultedCard>();
  const CARDS_REMEMBERED = 10_000;
  function remember(card: VaultedCard) {
    if (cards.size >= CARDS_REMEMBERED) cards.delete(cards.keys().next().value!);
    cards.set(card.token, card);
  }

  type Decide = Parameters<SandboxLedger['once']>[1];

  /** The shortcut for a call acting on no other operation; undefined when the locked path must take it. */
  async function firstCall(request: OperationRequest, decide: Decide): Promise<LedgerEntry | 'transient' | undefined> {
    let outcome: Outcome | 'transient';
    try {
      outcome = await decide(1, NO_VIEW);
    } catch {
      // The locked path decides again, after what comes first (a reused key is refused as such).
      return undefined;
    }
    // A transient answer is recorded as the attempt alone: the row stays PENDING, without an outcome.
    const fields =
      outcome === 'transient'
        ? ['PENDING', null, null, null, null, null, null]
        : [outcome.status, outcome.reference, outcome.parentReference, outcome.token, outcome.amount, outcome.currency, outcome.declineCode];
    const [row] = await dataSource.query<OperationRow[]>(RECORD_FIRST_CALL, [request.idempotencyKey, request.operation, request.fingerprint, ...fields]);
    if (!row) return undefined;
    // Only this call's own insert comes back PENDING: the update applies to decided keys alone.
    return row.status === 'PENDING' ? 'transient' : toEntry(row);
  }

  /** Runs a call holding its key's row (and the row it acts on) until its outcome is recorded. */
  function lockedCall(request: OperationRequest, decide: Decide): Promise<LedgerEntry | 'transient'> {
    return dataSource.transaction(async (manager) => {
      const rows = await manager.query<(OperationRow & { role: 'op' | 'parent' })[]>(LOCK_CALL, [
        request.idempotencyKey,
        request.operation,
        request.fingerprint,
        request.parentReference,
      ]);
      const row = rows.find((candidate) => candidate.role === 'op');
      const parent = rows.find((candidate) => candidate.role === 'parent');
      if (!row) throw new Error(`gateway operation ${request.idempotencyKey} vanished`);
      if (row.operation !== request.operation || row.fingerprint !== request.fingerprint) {
        throw new GatewayRejectedError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different request.');
      }
      const attempt = row.attempts + 1;
      if (row.status !== 'PENDING') {
        await manager.query('update gateway_operations set attempts = $2 where idempotency_key = $1', [request.idempotencyKey, attempt]);
        return toEntry(row, attempt);
      }
      const outcome = await decide(attempt, viewOf(manager, request, parent));
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
  }

  return {
    async saveCard(card: VaultedCard) {
      await dataSource.query(
        `insert into gateway_tokens (token, brand, last4, exp_month, exp_year, holder_name, behaviour)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [card.token, card.brand, card.last4, card.expMonth, card.expYear, card.holderName, card.behaviour],
      );
      remember({ ...card });
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
      remember(card);
      return card;
    },

    async once(request, decide) {
      if (request.parentReference === null) {
        const recorded = await firstCall(request, decide);
        if (recorded) return recorded;
      }
      return lockedCall(request, decide);
    },
  };
}
