import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** The envelope every message carries (docs/events.md#envelope). */
export const envelopeSchema = z.object({
  eventId: z.string().min(1),
  eventType: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).optional(),
  aggregateId: z.string().min(1),
  data: z.unknown(),
});

export interface EventEnvelope<Type extends string = string, Data = unknown> {
  eventId: string;
  eventType: Type;
  version: number;
  occurredAt: string;
  correlationId: string;
  causationId?: string;
  aggregateId: string;
  data: Data;
}

export interface NewEvent<Type extends string, Data> {
  eventType: Type;
  aggregateId: string;
  data: Data;
  version?: number;
  /** The request or saga this event belongs to; a fresh one when it starts a chain. */
  correlationId?: string;
  /** The event that caused this one, when it is a reaction. */
  causationId?: string;
  occurredAt?: Date;
}

/** Wraps a payload in an envelope with a fresh event id and time. */
export function createEvent<Type extends string, Data>(event: NewEvent<Type, Data>): EventEnvelope<Type, Data> {
  const eventId = randomUUID();
  return {
    eventId,
    eventType: event.eventType,
    version: event.version ?? 1,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    correlationId: event.correlationId ?? eventId,
    ...(event.causationId ? { causationId: event.causationId } : {}),
    aggregateId: event.aggregateId,
    data: event.data,
  };
}

/** Parses a raw message value into an envelope; throws a descriptive error if it is not one. */
export function parseEnvelope(value: Buffer | string | null): EventEnvelope {
  if (value === null) throw new Error('message has no value');
  const json: unknown = JSON.parse(value.toString());
  return envelopeSchema.parse(json) as EventEnvelope;
}
