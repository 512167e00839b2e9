import type { Kafka, Message, Producer, ProducerBatch, ProducerRecord, RecordMetadata } from 'kafkajs';
import type { Logger } from 'pino';
import { createEvent, type EventEnvelope } from './envelope.ts';
import type { EventContract } from './contracts.ts';

/** Builds a validated envelope for a contract; the payload is checked against its schema. */
export function newEvent<Type extends string, Data>(
  contract: EventContract<Type, Data>,
  event: { aggregateId: string; data: Data; correlationId?: string; causationId?: string; occurredAt?: Date },
): EventEnvelope<Type, Data> {
  return createEvent({ ...event, eventType: contract.eventType, version: contract.version, data: contract.data.parse(event.data) });
}

/** The Kafka message for an envelope: keyed by aggregate id so one aggregate stays in order. */
export function toMessage(envelope: EventEnvelope): Message {
  return {
    key: envelope.aggregateId,
    value: JSON.stringify(envelope),
    timestamp: String(Date.parse(envelope.occurredAt)),
    headers: { eventType: envelope.eventType, eventId: envelope.eventId },
  };
}

/** What publishing needs of a producer: the part of kafkajs' Producer this project uses. */
export interface EventProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
  sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]>;
}

// The broker's word that this producer id's sequence numbers no longer line up with its own
// (after a broker restart lost an acknowledgement mid-send, or the broker forgot the id). kafkajs
// keeps the id and its counters, so every later send is refused the same way, forever: the
// outbox relay stalled and every order stayed PENDING. Only a new producer id recovers.
const FATAL_TO_PRODUCER_ID = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'DUPLICATE_SEQUENCE_NUMBER', 'INVALID_PRODUCER_EPOCH', 'UNKNOWN_PRODUCER_ID']);

/** Whether `err`, or an error it wraps, is one only a new producer id recovers from. */
export function needsNewProducerId(err: unknown, seen = new Set<unknown>()): boolean {
  if (typeof err !== 'object' || err === null || seen.has(err)) return false;
  seen.add(err);
  const { type, cause, originalError, errors } = err as { type?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  if (typeof type === 'string' && FATAL_TO_PRODUCER_ID.has(type)) return true;
  if (Array.isArray(errors) && errors.some((inner) => needsNewProducerId(inner, seen))) return true;
  return needsNewProducerId(cause, seen) || needsNewProducerId(originalError, seen);
}

/**
 * An idempotent producer (acks from all in-sync replicas, no duplicates on retry). A send the
 * broker refuses because the producer id's sequence is broken still fails, so the caller's
 * retry applies (nothing is marked published), but the producer is replaced first: the retry
 * goes out under a new producer id. Consumers absorb a batch that was in fact written before.
 */
export function createEventProducer(kafka: Kafka, logger?: Logger): EventProducer {
  const open = (): Producer => kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  let current = open();
  let connected = false;
  let replacing: Promise<void> | undefined;

  async function replace(err: unknown): Promise<void> {
    replacing ??= (async () => {
      logger?.warn({ err }, 'Kafka refused the producer id\'s sequence; starting again under a new producer id');
      const broken = current;
      current = open();
      await broken.disconnect().catch(() => undefined);
      // If this connect fails, the next send connects (kafkajs connects lazily on send).
      if (connected) await current.connect().catch(() => undefined);
    })().finally(() => {
      replacing = undefined;
    });
    return replacing;
  }

  async function guarded<T>(send: (producer: Producer) => Promise<T>): Promise<T> {
    if (replacing) await replacing;
    const producer = current;
    try {
      return await send(producer);
    } catch (err) {
      if (needsNewProducerId(err) && producer === current) await replace(err);
      throw err;
    }
  }

  return {
    connect: async () => {
      connected = true;
      await current.connect();
    },
    disconnect: async () => {
      connected = false;
      if (replacing) await replacing;
      await current.disconnect();
    },
    send: (record) => guarded((producer) => producer.send(record)),
    sendBatch: (batch) => guarded((producer) => producer.sendBatch(batch)),
  };
}

/** Publishes envelopes to one topic and resolves once the broker has acknowledged them all. */
export async function publishEvents(producer: EventProducer, topic: string, envelopes: EventEnvelope[]): Promise<void> {
  if (envelopes.length === 0) return;
  await producer.send({ topic, acks: -1, messages: envelopes.map(toMessage) });
}
