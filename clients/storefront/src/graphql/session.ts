import { createSessionStore } from '@commerce/web-kit';
import type { SessionFragment } from './generated/graphql';
import { LogoutDocument, RefreshTokenDocument } from './generated/graphql';
import { anonymousClient } from './anonymous-client';

export type Session = SessionFragment;

const store = createSessionStore<Session>({
  key: 'storefront.session',
  async refresh(refreshToken) {
    const result = await anonymousClient.mutation(RefreshTokenDocument, { refreshToken }).toPromise();
    if (result.data) return { session: result.data.refreshToken };
    return result.error?.graphQLErrors.length ? { refused: true } : null;
  },
  logout: (refreshToken) => anonymousClient.mutation(LogoutDocument, { refreshToken }).toPromise(),
});

export const setSession = store.set;

/** The signed-in shopper's first name changed: the header greets them by the new one. */
export function renameSession(firstName: string): void {
  const session = store.current();
  if (session && session.customer.firstName !== firstName) store.set({ ...session, customer: { ...session.customer, firstName } });
}
export const useSession = store.use;
export const accessToken = store.accessToken;
export const refreshAfterRejection = store.refreshAfterRejection;
export const signOut = store.signOut;
