import { createSessionStore } from '@commerce/web-kit';
import type { AdminSessionFragment } from './generated/graphql';
import { AdminLogoutDocument, AdminRefreshTokenDocument } from './generated/graphql';
import { anonymousClient } from './anonymous-client';

export type Session = AdminSessionFragment;

const store = createSessionStore<Session>({
  key: 'admin.session',
  async refresh(refreshToken) {
    const result = await anonymousClient.mutation(AdminRefreshTokenDocument, { refreshToken }).toPromise();
    if (result.data) return { session: result.data.refreshToken };
    return result.error?.graphQLErrors.length ? { refused: true } : null;
  },
  logout: (refreshToken) => anonymousClient.mutation(AdminLogoutDocument, { refreshToken }).toPromise(),
});

export const setSession = store.set;
export const useSession = store.use;
export const accessToken = store.accessToken;
export const refreshAfterRejection = store.refreshAfterRejection;
export const signOut = store.signOut;

/** Whether a signed-in account may use the portal (its roles, as customers issued them). */
export function isAdmin(session: Session | null): boolean {
  return !!session?.customer.roles?.includes('ADMIN');
}
