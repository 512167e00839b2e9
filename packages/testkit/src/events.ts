import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { parseEnvelope, type EventEnvelope } from '@commerce/events';
import { unique } from './unique.ts';

export interface EventCollector {
  /** Every envelope seen so far, in arrival order. */
  events: EventEnvelope[];
  /** The topic each event id was read from. */
  topicOf: Map<string, string>;
  /** The events of one aggregate. */
  of(aggregateId: string): EventEnvelope[];
  /** Waits until `condition` holds or `ms` pass (then returns anyway; assertions decide). */
  until(condition: () => boolean, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps every event produced to `topics` from the call on, read by a fresh consumer group that
 * starts at the topics' ends taken first (liveGroup): the topics' history (benches leave
 * hundreds of thousands of events) is never read.
 */
export async function collectEvents(kafka: Kafka, topics: string[]): Promise<EventCollector> {
  const consumer = kafka.consumer({ groupId: await liveGroup(kafka, topics, 'collector-') });
  const events: EventEnvelope[] = [];
  const topicOf = new Map<string, string>();
  await consumer.connect();
  await consumer.subscribe({ topics });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const envelope = parseEnvelope(message.value);
      events.push(envelope);
      topicOf.set(envelope.eventId, topic);
    },
  });
  return {
    events,
    topicOf,
    of: (aggregateId) => events.filter((event) => event.aggregateId === aggregateId),
    async until(condition, ms = 20_000) {
      const deadline = Date.now() + ms;
      while (!condition() && Date.now() < deadline) await sleep(50);
    },
    stop: () => consumer.disconnect(),
  };
}

/**
 * A new consumer group whose offsets start at the current end of `topics`, so a service
 * consumer started on it in a test handles only what the test produces, not the history.
 */
export async function liveGroup(kafka: Kafka, topics: string[], prefix = 'test-'): Promise<string> {
  const groupId = unique(prefix);
  const admin = kafka.admin();
  await admin.connect();
  const ends = await Promise.all(topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) }))).finally(() =>
    admin.disconnect(),
  );
  // Commit the ends as a short-lived member of the group. (admin.setOffsets does the same
  // through a consumer that waits out a full 5 s fetch per topic.)
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics });
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await joined;
    await consumer.commitOffsets(ends.flatMap(({ topic, offsets }) => offsets.map(({ partition, high }) => ({ topic, partition, offset: high }))));
  } finally {
    await consumer.disconnect();
  }
  return groupId;
}
