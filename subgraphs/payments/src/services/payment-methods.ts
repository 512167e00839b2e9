import type { PaymentGateway } from '../gateway/port.ts';
import { PaymentsError } from '../domain/errors.ts';
import { isExpired, type PaymentMethod } from '../domain/payment-method.ts';
import type { AddPaymentMethodInput } from '../domain/validation.ts';
import type { PaymentMethodStore } from '../store/payment-method-store.ts';

/**
 * Keeps a card the customer tokenized with the gateway. Only the token travels here: the
 * gateway tells us the brand, last four digits and expiry behind it, and an expired card is
 * refused before anything is written.
 */
export async function addPaymentMethod(
  deps: { gateway: PaymentGateway; paymentMethods: PaymentMethodStore; now?: () => Date },
  customerId: string,
  input: AddPaymentMethodInput,
): Promise<PaymentMethod> {
  const card = await deps.gateway.retrieveCard(input.token);
  if (!card) {
    throw new PaymentsError('BAD_USER_INPUT', 'The card token is unknown; tokenize the card with the payment gateway first.', {
      fields: [{ field: 'token', message: 'is not a card token the payment gateway issued' }],
    });
  }
  if (isExpired(card, deps.now?.() ?? new Date())) {
    const expiry = `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;
    throw new PaymentsError('BAD_USER_INPUT', `The card expired in ${expiry}; add a card that is still valid.`, {
      fields: [{ field: 'token', message: `belongs to a card that expired in ${expiry}` }],
    });
  }
  return deps.paymentMethods.add(customerId, input.token, card, input.setDefault);
}
