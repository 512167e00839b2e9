import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { describeError } from '@commerce/web-kit';
import { RemovePaymentMethodDocument, SaveCardDocument, SetDefaultPaymentMethodDocument, type SavedCardFragment } from '../graphql/generated/graphql';
import { CardFields, tokenizeCardForm } from './card-fields';
import type { CardError } from './card-gateway';
import { CHANGES_ACCOUNT } from './form-refusal';

function nameOf(card: SavedCardFragment): string {
  return `${card.brand} •••• ${card.last4}`;
}

/** The saved cards: add one (tokenized at the gateway, as at checkout), remove, pick the default. */
export function SavedCards({ cards, onDone }: { cards: readonly SavedCardFragment[]; onDone: (notice: string) => void }) {
  const [adding, setAdding] = useState(false);
  const [removing, removePaymentMethod] = useMutation(RemovePaymentMethodDocument);
  const [defaulting, setDefaultPaymentMethod] = useMutation(SetDefaultPaymentMethodDocument);
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening the form or starting a change clears the last change's notice, which would read as about this one.
  const start = () => {
    onDone('');
    setProblem(null);
  };
  const close = (notice?: string) => {
    setAdding(false);
    if (notice) onDone(notice);
    heading.current?.focus();
  };
  const remove = async (card: SavedCardFragment) => {
    start();
    const result = await removePaymentMethod({ id: card.id }, CHANGES_ACCOUNT);
    if (result.error) setProblem(describeError(result.error));
    else close(`The card ${nameOf(card)} is removed.`);
  };
  const makeDefault = async (card: SavedCardFragment) => {
    start();
    const result = await setDefaultPaymentMethod({ id: card.id }, CHANGES_ACCOUNT);
    if (result.error) setProblem(describeError(result.error));
    else onDone(`You now pay with ${nameOf(card)} unless you pick another.`);
  };
  const busy = removing.fetching || defaulting.fetching;

  return (
    <section aria-labelledby="cards-heading" className="panel">
      <h2 id="cards-heading" ref={heading} tabIndex={-1}>
        Saved cards
      </h2>
      {cards.length === 0 && !adding && <p>None yet: add one here, or a card you use at checkout is kept here.</p>}
      {cards.length > 0 && (
        <ul className="tiles">
          {cards.map((card) => (
            <li key={card.id} className="tile">
              <p>
                <strong>{nameOf(card)}</strong>, expires {String(card.expMonth).padStart(2, '0')}/{card.expYear}
                <br />
                {card.holderName}
              </p>
              {card.isDefault && (
                <p className="defaults">
                  <span className="badge">Default</span>
                </p>
              )}
              <div className="actions">
                <button type="button" className="link" disabled={busy} onClick={() => void remove(card)}>
                  Remove<span className="visually-hidden"> {nameOf(card)}</span>
                </button>
                {!card.isDefault && (
                  <button type="button" className="link" disabled={busy} onClick={() => void makeDefault(card)}>
                    Pay with this by default<span className="visually-hidden">: {nameOf(card)}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p role="alert" className="form-problem">
          {problem}
        </p>
      )}
      {adding ? (
        <div className="tile">
          <CardForm makeDefault={cards.length === 0} onCancel={() => close()} onSaved={(card) => close(`The card ${nameOf(card)} is saved.`)} />
        </div>
      ) : (
        <button type="button" onClick={() => {
            start();
            setAdding(true);
          }}>
          Add a card
        </button>
      )}
    </section>
  );
}

function CardForm({ makeDefault, onCancel, onSaved }: { makeDefault: boolean; onCancel: () => void; onSaved: (card: SavedCardFragment) => void }) {
  const [saving, saveCard] = useMutation(SaveCardDocument);
  const [cardErrors, setCardErrors] = useState<CardError['fields']>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [tokenizing, setTokenizing] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector('input')?.focus(), []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setProblem(null);
    setCardErrors([]);
    setTokenizing(true);
    try {
      // The number goes to the payment gateway only; our API sees the token.
      const tokenized = await tokenizeCardForm(data);
      if ('error' in tokenized) {
        setProblem(tokenized.error.fields.length ? 'Please correct the fields marked above.' : tokenized.error.message);
        setCardErrors(tokenized.error.fields);
        return;
      }
      const result = await saveCard({ input: { token: tokenized.token, setDefault: makeDefault || data.get('setDefault') === 'on' } }, CHANGES_ACCOUNT);
      if (result.data) onSaved(result.data.addPaymentMethod);
      else setProblem(describeError(result.error));
    } catch {
      setProblem('We could not reach the payment service. Check your connection and try again.');
    } finally {
      setTokenizing(false);
    }
  };

  return (
    <form ref={form} aria-label="New card" onSubmit={(e) => void submit(e)}>
      <CardFields errors={cardErrors} />
      {!makeDefault && (
        <label className="radio">
          <input type="checkbox" name="setDefault" /> Pay with this card by default
        </label>
      )}
      {problem && (
        <p role="alert" className="form-problem">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={tokenizing || saving.fetching}>
          Save card
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
