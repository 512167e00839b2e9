import { z } from 'zod';
import { authEnvShape, baseEnvShape, csv, isCurrency, parseDecimal, parseEnv } from '@commerce/service-kit';

const positive = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const env = parseEnv({
  ...baseEnvShape,
  ...authEnvShape,
  PORT: z.coerce.number().int().min(0).default(4005),
  DATABASE_URL: z.string().url().default('postgres://commerce:commerce@127.0.0.1:5432/orders'),
  KAFKA_BROKERS: csv.default(['127.0.0.1:9092']),
  STORE_CURRENCY: z.string().refine(isCurrency, 'must be an ISO 4217 currency code').default('EUR'),
  /**
   * STANDARD shipping is free from this subtotal on (a decimal amount in the store currency).
   * Otherwise shipping costs the cheapest rate on @commerce/shipping-rates' card, as quoted.
   */
  SHIPPING_FREE_STANDARD_FROM: z.string().default('50.00'),
  /** How long an order may stay unpaid (PENDING or AWAITING_PAYMENT) before it is cancelled. */
  ORDER_PAYMENT_TIMEOUT_SECONDS: positive(600),
  /** Inventory's reservation TTL (same variable as there): the payment timeout must end first. */
  RESERVATION_TTL_SECONDS: positive(900),
  /** How often the sweeper looks for unpaid orders past their deadline. */
  ORDER_EXPIRY_SWEEP_INTERVAL_MS: positive(15_000),
  CATALOG_CONSUMER_GROUP: z.string().min(1).default('orders.catalog'),
  SAGA_CONSUMER_GROUP: z.string().min(1).default('orders.saga'),
  /** customers.events: the saved addresses placeOrder can ship to by id. */
  CUSTOMERS_CONSUMER_GROUP: z.string().min(1).default('orders.customers'),
  /** false runs a replica that writes events but leaves publishing to the others (and lets tests crash between commit and publish). */
  OUTBOX_RELAY: z.stringbool().default(true),
});
export type Env = typeof env;

if (env.ORDER_PAYMENT_TIMEOUT_SECONDS >= env.RESERVATION_TTL_SECONDS) {
  // Otherwise inventory could release the stock of an order that may still be paid and confirmed.
  throw new Error(
    `invalid environment:\n  ORDER_PAYMENT_TIMEOUT_SECONDS (${env.ORDER_PAYMENT_TIMEOUT_SECONDS}) must be below RESERVATION_TTL_SECONDS (${env.RESERVATION_TTL_SECONDS})`,
  );
}

function amount(name: string, value: string): number {
  const minor = parseDecimal(value, env.STORE_CURRENCY);
  if (minor === undefined) throw new Error(`invalid environment:\n  ${name}: must be a decimal amount such as 50.00`);
  return minor;
}

/** In minor units of the store currency. */
export const freeStandardFrom = amount('SHIPPING_FREE_STANDARD_FROM', env.SHIPPING_FREE_STANDARD_FROM);
