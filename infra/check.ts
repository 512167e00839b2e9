// Health checks used by infra.sh after it starts a service.
//   tsx infra/check.ts kafka   wait for the broker, create the topics of packages/events
//   tsx infra/check.ts mongo   wait for FerretDB to answer a ping over the MongoDB wire protocol
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { allTopics } from '@commerce/events';

const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/admin';

async function checkKafka(): Promise<void> {
  const kafka = new Kafka({
    clientId: 'infra-check',
    brokers: KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
    retry: { retries: 15, initialRetryTime: 300, maxRetryTime: 3000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = allTopics().filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
      });
      console.log(`[infra] kafka: created topics ${missing.join(', ')}`);
    }
    const { topics } = await admin.fetchTopicMetadata({ topics: allTopics() });
    const leaderless = topics.filter((t) => t.partitions.some((p) => p.leader < 0));
    if (leaderless.length > 0) throw new Error(`topics without a leader: ${leaderless.map((t) => t.name).join(', ')}`);
    console.log(`[infra] kafka: healthy on ${KAFKA_BROKERS.join(',')} (${topics.length} topics)`);
  } finally {
    await admin.disconnect();
  }
}

async function checkMongo(): Promise<void> {
  const client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 15_000, retryWrites: false });
  try {
    await client.connect();
    const { version } = await client.db('admin').command({ buildInfo: 1 });
    await client.db('admin').command({ ping: 1 });
    console.log(`[infra] ferretdb: healthy on ${MONGO_URL.replace(/\/[^/]*$/, '')} (reports MongoDB ${String(version)})`);
  } finally {
    await client.close();
  }
}

const checks: Record<string, () => Promise<void>> = { kafka: checkKafka, mongo: checkMongo };
const check = checks[process.argv[2] ?? ''];
if (!check) {
  console.error('usage: check.ts kafka|mongo');
  process.exit(2);
}
check().catch((err: unknown) => {
  console.error(`[infra] ${process.argv[2]} check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
