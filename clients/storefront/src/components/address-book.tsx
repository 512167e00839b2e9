import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { Field, describeError } from '@commerce/web-kit';
import {
  AddAddressDocument,
  RemoveAddressDocument,
  SetDefaultAddressDocument,
  UpdateAddressDocument,
  type AccountAddressFragment,
  type AddressUse,
} from '../graphql/generated/graphql';
import { COUNTRIES } from './countries';
import { CHANGES_ACCOUNT, useFormRefusal } from './form-refusal';

type Address = AccountAddressFragment;

function countryName(code: string): string {
  return COUNTRIES.find(([c]) => c === code)?.[1] ?? code;
}

/** How an address is named to a screen reader on its buttons ("Edit Home"). */
function nameOf(address: Address): string {
  return address.label ?? `${address.recipient}, ${address.line1}`;
}

/** The saved addresses: add, edit, remove, and pick the defaults for shipping and billing. */
export function AddressBook({ addresses, onDone }: { addresses: readonly Address[]; onDone: (notice: string) => void }) {
  // 'new', an address id, or nothing open.
  const [open, setOpen] = useState<string | null>(null);
  const [removing, removeAddress] = useMutation(RemoveAddressDocument);
  const [defaulting, setDefaultAddress] = useMutation(SetDefaultAddressDocument);
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a form or starting a change clears the last change's notice, which would read as about this one.
  const start = (form: string | null) => {
    onDone('');
    setProblem(null);
    if (form) setOpen(form);
  };
  const close = (notice?: string) => {
    setOpen(null);
    if (notice) onDone(notice);
    heading.current?.focus();
  };
  const remove = async (address: Address) => {
    start(null);
    const result = await removeAddress({ id: address.id }, CHANGES_ACCOUNT);
    if (result.error) setProblem(describeError(result.error));
    else close(`The address ${nameOf(address)} is removed.`);
  };
  const makeDefault = async (address: Address, use: AddressUse) => {
    start(null);
    const result = await setDefaultAddress({ id: address.id, use }, CHANGES_ACCOUNT);
    if (result.error) setProblem(describeError(result.error));
    else onDone(`${nameOf(address)} is now your ${use === 'SHIPPING' ? 'shipping' : 'billing'} address.`);
  };
  const busy = removing.fetching || defaulting.fetching;

  return (
    <section aria-labelledby="addresses-heading" className="panel">
      <h2 id="addresses-heading" ref={heading} tabIndex={-1}>
        Addresses
      </h2>
      {addresses.length === 0 && open !== 'new' && <p>None saved.</p>}
      {addresses.length > 0 && (
        <ul className="tiles">
          {addresses.map((address) => (
            <li key={address.id} className="tile">
              {open === address.id ? (
                <AddressForm address={address} onCancel={() => close()} onSaved={() => close('The address is saved.')} />
              ) : (
                <>
                  <address>
                    {address.label && <strong>{address.label}</strong>}
                    <span>{address.recipient}</span>
                    <span>{address.line1}</span>
                    {address.line2 && <span>{address.line2}</span>}
                    <span>
                      {address.postalCode} {address.city}
                      {address.region && `, ${address.region}`}
                    </span>
                    <span>{countryName(address.country)}</span>
                    {address.phone && <span>{address.phone}</span>}
                  </address>
                  {(address.isDefaultShipping || address.isDefaultBilling) && (
                    <p className="defaults">
                      {address.isDefaultShipping && <span className="badge">Default shipping</span>}
                      {address.isDefaultBilling && <span className="badge">Default billing</span>}
                    </p>
                  )}
                  <div className="actions">
                    <button type="button" className="link" onClick={() => start(address.id)}>
                      Edit<span className="visually-hidden"> {nameOf(address)}</span>
                    </button>
                    <button type="button" className="link" disabled={busy} onClick={() => void remove(address)}>
                      Remove<span className="visually-hidden"> {nameOf(address)}</span>
                    </button>
                    {!address.isDefaultShipping && (
                      <button type="button" className="link" disabled={busy} onClick={() => void makeDefault(address, 'SHIPPING')}>
                        Ship here by default<span className="visually-hidden">: {nameOf(address)}</span>
                      </button>
                    )}
                    {!address.isDefaultBilling && (
                      <button type="button" className="link" disabled={busy} onClick={() => void makeDefault(address, 'BILLING')}>
                        Bill here by default<span className="visually-hidden">: {nameOf(address)}</span>
                      </button>
                    )}
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p role="alert" className="form-problem">
          {problem}
        </p>
      )}
      {open === 'new' ? (
        <div className="tile">
          <AddressForm onCancel={() => close()} onSaved={() => close('The address is added.')} />
        </div>
      ) : (
        <button type="button" onClick={() => start('new')}>
          Add an address
        </button>
      )}
    </section>
  );
}

/** A new address (no `address`) or changes to a saved one; the API's refusals beside each field. */
function AddressForm({ address, onCancel, onSaved }: { address?: Address; onCancel: () => void; onSaved: () => void }) {
  const [adding, addAddress] = useMutation(AddAddressDocument);
  const [updating, updateAddress] = useMutation(UpdateAddressDocument);
  const refusal = useFormRefusal();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector('input')?.focus(), []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const optional = (name: string) => text(name) || null;
    const input = {
      label: optional('label'),
      recipient: text('recipient'),
      line1: text('line1'),
      line2: optional('line2'),
      city: text('city'),
      region: optional('region'),
      postalCode: text('postalCode'),
      country: text('country'),
      phone: optional('phone'),
    };
    const result = address
      ? await updateAddress({ id: address.id, input }, CHANGES_ACCOUNT)
      : await addAddress({ input, setDefaultShipping: data.get('defaultShipping') === 'on' }, CHANGES_ACCOUNT);
    if (result.error) return refusal.refused(result.error);
    onSaved();
  };

  return (
    <form ref={form} aria-label={address ? `Edit address ${nameOf(address)}` : 'New address'} onSubmit={(e) => void submit(e)}>
      <Field label="Label" hint="Optional, such as Home or Work" error={refusal.errorOf('label')}>
        <input name="label" defaultValue={address?.label ?? ''} />
      </Field>
      <Field label="Full name" error={refusal.errorOf('recipient')}>
        <input name="recipient" autoComplete="name" required defaultValue={address?.recipient ?? ''} />
      </Field>
      <Field label="Street and number" error={refusal.errorOf('line1')}>
        <input name="line1" autoComplete="address-line1" required defaultValue={address?.line1 ?? ''} />
      </Field>
      <Field label="Apartment, floor" hint="Optional" error={refusal.errorOf('line2')}>
        <input name="line2" autoComplete="address-line2" defaultValue={address?.line2 ?? ''} />
      </Field>
      <div className="row">
        <Field label="Postal code" error={refusal.errorOf('postalCode')}>
          <input name="postalCode" autoComplete="postal-code" required defaultValue={address?.postalCode ?? ''} />
        </Field>
        <Field label="City" error={refusal.errorOf('city')}>
          <input name="city" autoComplete="address-level2" required defaultValue={address?.city ?? ''} />
        </Field>
      </div>
      <Field label="Region" hint="Optional" error={refusal.errorOf('region')}>
        <input name="region" autoComplete="address-level1" defaultValue={address?.region ?? ''} />
      </Field>
      <Field label="Country" error={refusal.errorOf('country')}>
        <select name="country" autoComplete="country" defaultValue={address?.country ?? 'NL'}>
          {address && !COUNTRIES.some(([code]) => code === address.country) && <option value={address.country}>{address.country}</option>}
          {COUNTRIES.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Phone" hint="Optional, for the carrier" error={refusal.errorOf('phone')}>
        <input name="phone" type="tel" autoComplete="tel" defaultValue={address?.phone ?? ''} />
      </Field>
      {!address && (
        <label className="radio">
          <input type="checkbox" name="defaultShipping" /> Ship here by default
        </label>
      )}
      {refusal.problem && (
            <p role="alert" className="form-problem">
              {refusal.problem}
            </p>
          )}
      <div className="actions">
        <button type="submit" className="primary" disabled={adding.fetching || updating.fetching}>
          {address ? 'Save address' : 'Add address'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
