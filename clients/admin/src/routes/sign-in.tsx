import { useState, type FormEvent } from 'react';
import { describeError, errorCode } from '@commerce/web-kit';
import { anonymousClient } from '../graphql/anonymous-client';
import { AdminLoginDocument, AdminLogoutDocument } from '../graphql/generated/graphql';
import { setSession } from '../graphql/session';

/** Only admins get in: a customer's correct password is refused, and the session it opened is ended at once. */
export function SignInPage() {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setProblem(null);
    const result = await anonymousClient
      .mutation(AdminLoginDocument, { input: { email: String(form.get('email')), password: String(form.get('password')) } })
      .toPromise();
    setBusy(false);
    const session = result.data?.login;
    if (!session) {
      setProblem(errorCode(result.error) === 'UNAUTHENTICATED' ? 'That email and password do not match an account.' : describeError(result.error));
      return;
    }
    if (!session.customer.roles?.includes('ADMIN')) {
      // The sign-in succeeded, but this is a shopper's account: end that session right away.
      await anonymousClient.mutation(AdminLogoutDocument, { refreshToken: session.refreshToken }).toPromise();
      setProblem('This account is a customer account without the admin role, so it cannot use the admin portal. Sign in with an admin account, or ask an admin to grant you the role.');
      return;
    }
    setSession(session);
  };
  return (
    <section className="sign-in">
      <h1>Sign in to the admin portal</h1>
      <form className="panel" aria-label="Sign in" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        {problem && (
          <p role="alert" className="problem">
            {problem}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
