// Health checks used by infra.sh after it starts a service.
//   tsx infra/check.ts kafka   wait for the broker, create the topics of packages/events
//   tsx infra/check.ts mongo   wait for FerretDB to answer a ping over the MongoDB wire protocol
//   tsx infra/check.ts opensearch   wait for the OpenSearch node's cluster health to be green or yellow
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { allTopics } from '@commerce/events';

const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/admin';
const OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';

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

async function checkOpenSearch(): Promise<void> {
  // The HTTP port opens before the node has elected itself and recovered its indices.
  const deadline = Date.now() + 120_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${OPENSEARCH_URL}/_cluster/health?wait_for_status=yellow&timeout=5s`);
      const body = (await res.json()) as { status?: string; number_of_nodes?: number };
      if (res.ok && (body.status === 'green' || body.status === 'yellow')) {
        const info = (await (await fetch(OPENSEARCH_URL)).json()) as { version?: { number?: string } };
        console.log(`[infra] opensearch: healthy on ${OPENSEARCH_URL} (OpenSearch ${info.version?.number ?? '?'}, ${body.status})`);
        return;
      }
      last = `status ${body.status ?? res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`not healthy after 120 s (${last})`);
}

const checks: Record<string, () => Promise<void>> = { kafka: checkKafka, mongo: checkMongo, opensearch: checkOpenSearch };
const check = checks[process.argv[2] ?? ''];
if (!check) {
  console.error('usage: check.ts kafka|mongo|opensearch');
  process.exit(2);
}
check().catch((err: unknown) => {
  console.error(`[infra] ${process.argv[2]} check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
