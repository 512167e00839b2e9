import { useLayoutEffect, useRef, useState } from 'react';
import { Field } from '@commerce/web-kit';
import { cardDigits, groupCardNumber } from './card-number';
import { tokenizeCard, type CardError } from './card-gateway';

/** The card number in groups of four as it is typed; the form sends it with cardDigits. */
export function CardNumberInput(props: { id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const caret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (caret.current !== null && input.current === document.activeElement) input.current?.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [value]);
  return (
    <input
      {...props}
      ref={input}
      name="cardNumber"
      autoComplete="cc-number"
      inputMode="numeric"
      // 19 digits and their four spaces.
      maxLength={23}
      required
      value={value}
      onChange={(event) => {
        const next = groupCardNumber(event.target.value, event.target.selectionStart ?? event.target.value.length);
        caret.current = next.caret;
        setValue(next.text);
      }}
    />
  );
}

/** The inputs of a new card; `errors` are the gateway's refusals, shown beside their fields. */
export function CardFields({ errors }: { errors: CardError['fields'] }) {
  const errorOf = (field: string) => errors.find((f) => f.field === field)?.message;
  return (
    <>
      <Field label="Name on card" error={errorOf('holderName')}>
        <input name="holderName" autoComplete="cc-name" required />
      </Field>
      <Field label="Card number" error={errorOf('number')}>
        <CardNumberInput />
      </Field>
      <div className="row">
        <Field label="Month (MM)" error={errorOf('expMonth')}>
          <input name="expMonth" autoComplete="cc-exp-month" inputMode="numeric" required pattern="\d{1,2}" />
        </Field>
        <Field label="Year (YYYY)" error={errorOf('expYear')}>
          <input name="expYear" autoComplete="cc-exp-year" inputMode="numeric" required pattern="\d{4}" />
        </Field>
        <Field label="CVC" error={errorOf('cvc')}>
          <input name="cvc" autoComplete="cc-csc" inputMode="numeric" required pattern="\d{3,4}" />
        </Field>
      </div>
    </>
  );
}

/** Tokenizes the card in a form holding CardFields: only the digits of its number, and only to the gateway. */
export function tokenizeCardForm(form: FormData): ReturnType<typeof tokenizeCard> {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  return tokenizeCard({
    number: cardDigits(text('cardNumber')),
    expMonth: Number(text('expMonth')),
    expYear: Number(text('expYear')),
    cvc: text('cvc'),
    holderName: text('holderName'),
  });
}
