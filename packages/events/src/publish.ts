import type { Kafka, Message, Producer } from 'kafkajs';
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

/** An idempotent producer (acks from all in-sync replicas, no duplicates on retry). */
export function createEventProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
}

/** Publishes envelopes to one topic and resolves once the broker has acknowledged them all. */
export async function publishEvents(producer: Producer, topic: string, envelopes: EventEnvelope[]): Promise<void> {
  if (envelopes.length === 0) return;
  await producer.send({ topic, acks: -1, messages: envelopes.map(toMessage) });
}
