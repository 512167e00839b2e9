import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ApolloServer } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { testLogger } from '@commerce/testkit';
import { createGateway } from '../src/gateway.ts';
import { planStoreKey } from '../src/plan-warmup.ts';

const SUPERGRAPH = new URL('../../schema/supergraph.graphql', import.meta.url);

test('after a supergraph reload the plans of the operations in use are made again before anyone asks for them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'plan-warmup-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  await copyFile(SUPERGRAPH, supergraphPath);
  // Subgraphs at a closed port: a plan is made before any fetch, and plans are all this looks at.
  const closed = 'http://127.0.0.1:9/graphql';
  const subgraphUrls = Object.fromEntries(['customers', 'catalog', 'reviews', 'inventory', 'orders', 'payments', 'shipping', 'search'].map((name) => [name, closed]));
  const warmUps: number[] = [];
  let next: (() => void) | undefined;
  const gateway = createGateway({
    supergraphPath,
    subgraphUrls,
    signingSecret: 'plan-warmup-test',
    logger: testLogger('plan-warmup'),
    onPlansWarmed: (warmed) => {
      warmUps.push(warmed);
      next?.();
    },
  });
  const server = new ApolloServer({ gateway });
  await server.start();
  try {
    const planned = (key: string) => (gateway as unknown as { queryPlanStore: KeyValueCache<unknown> }).queryPlanStore.get(key);
    const query = 'query ProductCard($slug: String!) { product(slug: $slug) { id name variants { sku } } }';
    const key = planStoreKey(createHash('sha256').update(query).digest('hex'), 'ProductCard');
    await server.executeOperation({ query, operationName: 'ProductCard', variables: { slug: 'kettle' } });
    assert.notEqual(await planned(key), undefined, 'planned by the request');
    assert.deepEqual(warmUps, [0], 'the first load had nothing to warm');

    const reloaded = new Promise<void>((resolve) => (next = resolve));
    await appendFile(supergraphPath, '\n# reloaded\n');
    await Promise.race([reloaded, new Promise((_, reject) => setTimeout(() => reject(new Error('no reload within 10 s')), 10_000))]);
    // The reload emptied the store; the warm-up planned the operation again, with no request.
    assert.deepEqual(warmUps, [0, 1]);
    assert.notEqual(await planned(key), undefined);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
