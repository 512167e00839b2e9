import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { Field } from '@commerce/web-kit';
import { UpdateProfileDocument, type AccountPageQuery } from '../graphql/generated/graphql';
import { renameSession } from '../graphql/session';
import { CHANGES_ACCOUNT, useFormRefusal } from './form-refusal';

type Me = NonNullable<AccountPageQuery['me']>;

/** The shopper's name, email and phone, and a form to change the name and phone. */
export function ProfileForm({ me, onDone }: { me: Me; onDone: (notice: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [saving, updateProfile] = useMutation(UpdateProfileDocument);
  const refusal = useFormRefusal();
  const form = useRef<HTMLFormElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (editing) form.current?.querySelector('input')?.focus();
    else if (wasEditing.current) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const result = await updateProfile({ input: { firstName: text('firstName'), lastName: text('lastName'), phone: text('phone') || null } }, CHANGES_ACCOUNT);
    if (!result.data) return refusal.refused(result.error);
    refusal.clear();
    renameSession(result.data.updateProfile.firstName);
    setEditing(false);
    onDone('Your profile is saved.');
  };

  return (
    <section aria-labelledby="profile-heading" className="panel">
      <h2 id="profile-heading">Profile</h2>
      {editing ? (
        <form ref={form} aria-label="Edit profile" onSubmit={(e) => void submit(e)}>
          <div className="row">
            <Field label="First name" error={refusal.errorOf('firstName')}>
              <input name="firstName" autoComplete="given-name" required defaultValue={me.firstName} />
            </Field>
            <Field label="Last name" error={refusal.errorOf('lastName')}>
              <input name="lastName" autoComplete="family-name" required defaultValue={me.lastName} />
            </Field>
          </div>
          <Field label="Phone" hint="Optional, for the carrier" error={refusal.errorOf('phone')}>
            <input name="phone" type="tel" autoComplete="tel" defaultValue={me.phone ?? ''} />
          </Field>
          {refusal.problem && (
            <p role="alert" className="form-problem">
              {refusal.problem}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={saving.fetching}>
              Save profile
            </button>
            <button
              type="button"
              onClick={() => {
                refusal.clear();
                setEditing(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <dl className="details">
            <div>
              <dt>Name</dt>
              <dd>
                {me.firstName} {me.lastName}
              </dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd>{me.email}</dd>
            </div>
            <div>
              <dt>Phone</dt>
              <dd>{me.phone ?? <span className="muted">none given</span>}</dd>
            </div>
          </dl>
          <button
            type="button"
            ref={editButton}
            onClick={() => {
              // The last change's notice would read as if it were about this one.
              onDone('');
              setEditing(true);
            }}
          >
            Edit profile
          </button>
        </>
      )}
    </section>
  );
}
