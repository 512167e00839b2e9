import assert from 'node:assert/strict';
import { test } from 'node:test';
import kafkajs, { type Kafka, type Producer, type ProducerBatch, type ProducerRecord } from 'kafkajs';
import { createEventProducer, needsNewProducerId } from './publish.ts';

const { KafkaJSProtocolError, KafkaJSNumberOfRetriesExceeded, KafkaJSAggregateError } = kafkajs as unknown as Record<string, new (...args: never[]) => Error>;

// What kafkajs throws when the broker answers a produce with error code 45.
const outOfOrder = () => new (KafkaJSProtocolError as unknown as new (e: object) => Error)({ type: 'OUT_OF_ORDER_SEQUENCE_NUMBER', code: 45, retriable: false, message: 'The broker received an out of order sequence number' });

test('a broken producer id is recognised however kafkajs wraps it; a broker that is away is not', () => {
  assert.equal(needsNewProducerId(outOfOrder()), true);
  assert.equal(needsNewProducerId(new (KafkaJSNumberOfRetriesExceeded as unknown as new (e: Error, o: object) => Error)(outOfOrder(), { retryCount: 5, retryTime: 100 })), true);
  assert.equal(needsNewProducerId(new (KafkaJSAggregateError as unknown as new (m: string, e: Error[]) => Error)('Failed to send', [new Error('x'), outOfOrder()])), true);
  assert.equal(needsNewProducerId(Object.assign(new Error('x'), { type: 'UNKNOWN_PRODUCER_ID' })), true);
  assert.equal(needsNewProducerId(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), false);
  assert.equal(needsNewProducerId(Object.assign(new Error('x'), { type: 'NOT_LEADER_FOR_PARTITION' })), false);
});

/** A Kafka whose producers are scripted: each send shifts the next outcome off the shared script. */
function scriptedKafka(script: ('ok' | Error)[]) {
  const producers: { id: number; connected: boolean; sends: number }[] = [];
  const kafka = {
    producer: () => {
      const state = { id: producers.length + 1, connected: false, sends: 0 };
      producers.push(state);
      const send = async () => {
        state.sends += 1;
        const outcome = script.shift() ?? 'ok';
        if (outcome !== 'ok') throw outcome;
        return [];
      };
      return {
        connect: async () => void (state.connected = true),
        disconnect: async () => void (state.connected = false),
        send: (_record: ProducerRecord) => send(),
        sendBatch: (_batch: ProducerBatch) => send(),
      } as unknown as Producer;
    },
  } as unknown as Kafka;
  return { kafka, producers };
}

test('a send refused for a broken sequence still fails, and the retry goes out under a new producer id', async () => {
  const { kafka, producers } = scriptedKafka(['ok', outOfOrder(), 'ok']);
  const producer = createEventProducer(kafka);
  await producer.connect();
  await producer.send({ topic: 't', messages: [{ value: 'a' }] });
  await assert.rejects(producer.sendBatch({ topicMessages: [{ topic: 't', messages: [{ value: 'b' }] }] }), /out of order sequence/);
  await producer.sendBatch({ topicMessages: [{ topic: 't', messages: [{ value: 'b' }] }] });
  assert.deepEqual(
    producers.map(({ id, connected, sends }) => ({ id, connected, sends })),
    [
      { id: 1, connected: false, sends: 2 },
      { id: 2, connected: true, sends: 1 },
    ],
  );
  await producer.disconnect();
  assert.equal(producers[1]!.connected, false);
});

test('any other failure keeps the producer: the broker being away is what kafkajs already retries through', async () => {
  const away = Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'), { name: 'KafkaJSConnectionError' });
  const { kafka, producers } = scriptedKafka([away, 'ok']);
  const producer = createEventProducer(kafka);
  await producer.connect();
  await assert.rejects(producer.send({ topic: 't', messages: [{ value: 'a' }] }), /ECONNREFUSED/);
  await producer.send({ topic: 't', messages: [{ value: 'a' }] });
  assert.equal(producers.length, 1);
});
