import type { DataSource } from 'typeorm';
import { newId, type SessionStatus } from '@commerce/service-kit';
import { judgeRefresh, type RefreshSession, type RefreshVerdict } from '../domain/session.ts';
import { RefreshSessionEntity } from './entities.ts';

export function createSessionStore(dataSource: DataSource) {
  const sessions = dataSource.getRepository(RefreshSessionEntity);

  return {
    /** Starts a session (a new family unless one is given) for a refresh token's hash. */
    async start(customerId: string, tokenHash: string, expiresAt: Date, familyId = newId('fam')): Promise<RefreshSession> {
      const session: RefreshSession = {
        id: newId('ses'),
        familyId,
        customerId,
        tokenHash,
        expiresAt,
        rotatedAt: null,
        revokedAt: null,
        createdAt: new Date(),
      };
      await sessions.insert(session);
      return session;
    },

    /**
     * Redeems a refresh token: on success marks it rotated and stores its successor in the
     * same family; on reuse of an already rotated token revokes the whole family. The row
     * lock makes two concurrent redemptions of one token count as reuse.
     */
    async redeem(
      tokenHash: string,
      successor: { tokenHash: string; expiresAt: Date },
      now = new Date(),
    ): Promise<{ verdict: RefreshVerdict | { kind: 'unknown' }; session?: RefreshSession }> {
      return dataSource.transaction(async (manager) => {
        const repo = manager.getRepository(RefreshSessionEntity);
        const session = await repo.findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
        if (!session) return { verdict: { kind: 'unknown' } };
        const verdict = judgeRefresh(session, now);
        if (verdict.kind === 'reuse') {
          await repo
            .createQueryBuilder()
            .update()
            .set({ revokedAt: now })
            .where('family_id = :familyId and revoked_at is null', { familyId: session.familyId })
            .execute();
          return { verdict };
        }
        if (verdict.kind !== 'rotate') return { verdict };
        await repo.update({ id: session.id }, { rotatedAt: now });
        const next: RefreshSession = {
          id: newId('ses'),
          familyId: session.familyId,
          customerId: session.customerId,
          tokenHash: successor.tokenHash,
          expiresAt: successor.expiresAt,
          rotatedAt: null,
          revokedAt: null,
          createdAt: now,
        };
        await repo.insert(next);
        return { verdict, session: next };
      });
    },

    /**
     * Whether a sign-in session (a family, the `sid` of its access tokens) is still open: its
     * newest refresh token is neither revoked nor expired. Unknown ids count as revoked.
     */
    async status(familyId: string): Promise<SessionStatus> {
      if (familyId.length > 100) return 'revoked';
      const [row]: { active: boolean }[] = await dataSource.query(
        `select exists(select 1 from refresh_sessions
           where family_id = $1 and revoked_at is null and rotated_at is null and expires_at > now()) as active`,
        [familyId],
      );
      return row?.active ? 'active' : 'revoked';
    },

    /** Revokes the family of a refresh token (logout); false when the token is unknown. */
    async revokeFamilyOf(tokenHash: string): Promise<boolean> {
      const session = await sessions.findOneBy({ tokenHash });
      if (!session) return false;
      await sessions
        .createQueryBuilder()
        .update()
        .set({ revokedAt: () => 'now()' })
        .where('family_id = :familyId and revoked_at is null', { familyId: session.familyId })
        .execute();
      return true;
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
