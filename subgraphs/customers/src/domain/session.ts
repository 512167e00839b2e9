/** A refresh session: one link in a family of rotated refresh tokens. */
export interface RefreshSession {
  id: string;
  familyId: string;
  customerId: string;
  tokenHash: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export type RefreshVerdict =
  | { kind: 'rotate' }
  /** A token that was already rotated came back: someone holds a stolen copy. */
  | { kind: 'reuse' }
  | { kind: 'expired' }
  | { kind: 'revoked' };

/** What to do with a presented refresh token, given its stored session. */
export function judgeRefresh(session: RefreshSession, now: Date): RefreshVerdict {
  if (session.revokedAt) return { kind: 'revoked' };
  if (session.rotatedAt) return { kind: 'reuse' };
  if (session.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
  return { kind: 'rotate' };
}
