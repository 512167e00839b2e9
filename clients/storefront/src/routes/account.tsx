import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useQuery, type CombinedError } from 'urql';
import { describeError, formatMoney } from '@commerce/web-kit';
import { AddressBook } from '../components/address-book';
import { ProfileForm } from '../components/profile-form';
import { SavedCards } from '../components/saved-cards';
import { anonymousClient } from '../graphql/anonymous-client';
import { AccountPageDocument, LoginDocument, RegisterDocument } from '../graphql/generated/graphql';
import { setSession, signOut, useSession } from '../graphql/session';

export function AccountPage() {
  const session = useSession();
  return session ? <Profile /> : <SignIn />;
}

function fieldOf(error: CombinedError | undefined): string | undefined {
  return error?.graphQLErrors[0]?.extensions?.field as string | undefined;
}

function SignIn() {
  const [signInError, setSignInError] = useState<string | null>(null);
  const [signUpError, setSignUpError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);
  const signIn = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const result = await anonymousClient.mutation(LoginDocument, { input: { email: String(form.get('email')), password: String(form.get('password')) } }).toPromise();
    setBusy(false);
    if (result.data) setSession(result.data.login);
    else setSignInError(describeError(result.error));
  };
  const signUp = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      firstName: String(form.get('firstName')),
      lastName: String(form.get('lastName')),
      email: String(form.get('email')),
      password: String(form.get('password')),
    };
    setBusy(true);
    const result = await anonymousClient.mutation(RegisterDocument, { input }).toPromise();
    setBusy(false);
    if (result.data) setSession(result.data.register);
    else setSignUpError({ message: describeError(result.error) ?? 'Could not create the account.', field: fieldOf(result.error) });
  };
  const invalid = (name: string) => (signUpError?.field?.endsWith(name) ? { 'aria-invalid': true, 'aria-describedby': 'signup-error' } : {});
  return (
    <div className="account-forms">
      <form onSubmit={(e) => void signIn(e)} aria-labelledby="signin-heading">
        <h1 id="signin-heading">Sign in</h1>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {signInError && <p role="alert">{signInError}</p>}
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <form onSubmit={(e) => void signUp(e)} aria-labelledby="signup-heading">
        <h2 id="signup-heading">New here? Create an account</h2>
        <div className="row">
          <label>
            First name
            <input name="firstName" autoComplete="given-name" required {...invalid('firstName')} />
          </label>
          <label>
            Last name
            <input name="lastName" autoComplete="family-name" required {...invalid('lastName')} />
          </label>
        </div>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required {...invalid('email')} />
        </label>
        <label>
          <span>
            Password <span className="muted">(at least 8 characters)</span>
          </span>
          <input name="password" type="password" autoComplete="new-password" minLength={8} required {...invalid('password')} />
        </label>
        {signUpError && (
          <p role="alert" id="signup-error">
            {signUpError.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Create account
        </button>
      </form>
    </div>
  );
}

function Profile() {
  const [{ data, error }] = useQuery({ query: AccountPageDocument, requestPolicy: 'cache-and-network' });
  const [signingOut, setSigningOut] = useState(false);
  // What the last change did, read out by screen readers (the region must exist before it fills).
  const [notice, setNotice] = useState('');
  const me = data?.me;
  return (
    <div className="account">
      <div className="results-head">
        <h1>Your account</h1>
        <button
          type="button"
          disabled={signingOut}
          onClick={() => {
            setSigningOut(true);
            void signOut().finally(() => setSigningOut(false));
          }}
        >
          Sign out
        </button>
      </div>
      <p role="status" className="notice">
        {notice}
      </p>
      {error && <p role="alert">{describeError(error)}</p>}
      {me && (
        <div className="account-sections">
          <ProfileForm me={me} onDone={setNotice} />
          <AddressBook addresses={me.addresses ?? []} onDone={setNotice} />
          <SavedCards cards={me.paymentMethods ?? []} onDone={setNotice} />
          <section aria-labelledby="orders-heading" className="panel">
            <h2 id="orders-heading">Orders</h2>
            {me.orders?.edges.length ? (
              <ul className="plain">
                {me.orders.edges.map(({ node }) => (
                  <li key={node.id}>
                    <Link href={`/orders/${node.id}`}>Order {node.number}</Link> · {node.status.replace(/_/g, ' ').toLowerCase()} · {formatMoney(node.total)} ·{' '}
                    {new Date(node.placedAt).toLocaleDateString('en-GB')}
                  </li>
                ))}
              </ul>
            ) : (
              <p>
                No orders yet. <Link href="/">Start shopping</Link>
              </p>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
