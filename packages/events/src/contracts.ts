import { z } from 'zod';
import { TOPICS, type Topic } from './topics.ts';
import type { EventEnvelope } from './envelope.ts';

/** An event's name, topic, schema version and payload schema, shared by producer and consumers. */
export interface EventContract<Type extends string, Data> {
  eventType: Type;
  topic: Topic;
  version: number;
  data: z.ZodType<Data>;
}

function contract<Type extends string, Data>(
  eventType: Type,
  topic: Topic,
  data: z.ZodType<Data>,
  version = 1,
): EventContract<Type, Data> {
  return { eventType, topic, version, data };
}

const isoTime = z.iso.datetime();

export const CustomerRegistered = contract(
  'CustomerRegistered',
  TOPICS.customers,
  z.object({
    customerId: z.string(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    registeredAt: isoTime,
  }),
);

export const CustomerUpdated = contract(
  'CustomerUpdated',
  TOPICS.customers,
  z.object({
    customerId: z.string(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    phone: z.string().nullable(),
    roles: z.array(z.string()),
    /** Which of the fields above changed. */
    changedFields: z.array(z.string()),
    updatedAt: isoTime,
  }),
);

export const ProductCreated = contract(
  'ProductCreated',
  TOPICS.catalog,
  z.object({
    productId: z.string(),
    name: z.string(),
    slug: z.string(),
    createdAt: isoTime,
  }),
);

/** The payload type of a contract. */
export type EventData<C> = C extends EventContract<string, infer Data> ? Data : never;

/** Narrows an envelope to a contract and validates its payload; returns undefined for other event types. */
export function matchEvent<Type extends string, Data>(
  contract: EventContract<Type, Data>,
  envelope: EventEnvelope,
): EventEnvelope<Type, Data> | undefined {
  if (envelope.eventType !== contract.eventType) return undefined;
  return { ...envelope, eventType: contract.eventType, data: contract.data.parse(envelope.data) };
}
