import { config } from '../graphql/config';

export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holderName: string;
}
export interface CardError {
  message: string;
  fields: { field: string; message: string }[];
}

/**
 * Posts the card to the payment gateway's token endpoint, as a gateway's browser SDK would:
 * the number goes there and nowhere else; our API only ever sees the token.
 */
export async function tokenizeCard(card: CardDetails): Promise<{ token: string } | { error: CardError }> {
  const response = await fetch(config.cardTokensUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(card),
  });
  const body = (await response.json()) as { token?: string; error?: { message: string; fields?: { field: string; message: string }[] } };
  if (response.ok && body.token) return { token: body.token };
  return { error: { message: body.error?.message ?? 'The card could not be checked. Please try again.', fields: body.error?.fields ?? [] } };
}
