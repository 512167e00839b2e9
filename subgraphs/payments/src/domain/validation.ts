import { z } from 'zod';
import { currencyDigits, isCurrency, parseDecimal, type Money } from '@commerce/domain-kit';

// Crockford base32, as in the ULIDs behind every id (docs/architecture.md#ids-and-money).
const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
const id = (prefix: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}_${ULID}$`), `must be a ${what} id such as ${prefix}_01JD3ZK5W7Y8X9Q2R3S4T5V6W7`);

export const paymentMethodId = id('pm', 'payment method');
export const paymentId = id('pay', 'payment');

/** A positive amount in any ISO 4217 currency, parsed exactly into minor units. */
export const moneyInput = z
  .object({ amount: z.string().max(30, 'is too long'), currencyCode: z.string().max(3, 'must be an ISO 4217 code such as EUR') })
  .transform((input, ctx): Money => {
    if (!/^[A-Z]{3}$/.test(input.currencyCode) || !isCurrency(input.currencyCode)) {
      ctx.addIssue({ code: 'custom', path: ['currencyCode'], message: 'must be an ISO 4217 code such as EUR' });
      return z.NEVER;
    }
    const amount = parseDecimal(input.amount, input.currencyCode);
    if (amount === undefined) {
      const digits = currencyDigits(input.currencyCode);
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `must be a decimal amount with at most ${digits} decimals, such as "19.99"` });
      return z.NEVER;
    }
    if (amount === 0) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must be greater than 0' });
      return z.NEVER;
    }
    return { amount, currency: input.currencyCode };
  });

export const addPaymentMethodInput = z.object({
  // Gateway-specific format; whether the gateway issued it is checked by asking it.
  token: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a card token from the payment gateway, such as tok_01JD3ZK5W7Y8X9Q2R3S4T5V6W7')
    // A client that sends the card number by mistake must not have it passed on anywhere.
    .refine((token) => !/^[\d_-]+$/.test(token), 'must be a card token, never the card number; tokenize the card first'),
  setDefault: z
    .boolean()
    .nullish()
    .transform((value) => value ?? false),
});
export type AddPaymentMethodInput = z.infer<typeof addPaymentMethodInput>;

export const paymentMethodArgs = z.object({ id: paymentMethodId });
export const paymentArgs = z.object({ paymentId });

export const refundPaymentArgs = z.object({
  paymentId,
  amount: moneyInput.nullish().transform((value) => value ?? undefined),
  reason: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
});
export type RefundPaymentArgs = z.infer<typeof refundPaymentArgs>;
