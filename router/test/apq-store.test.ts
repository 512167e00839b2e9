// One contract for every KeyValueCache the router keeps APQ registrations in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import pg from 'pg';
import { infra, unique } from '@commerce/testkit';
import { createPersistedQueryCache } from '../src/persisted/cache.ts';
import type { ManifestRegistry } from '../src/persisted/manifests.ts';
import { PostgresKeyValueCache } from '../src/persisted/postgres-cache.ts';

const noManifests: ManifestRegistry = { body: () => undefined, clients: () => [], reload: async () => undefined, close: () => undefined };

describe('APQ stores', () => {
  const pools: pg.Pool[] = [];
  const pool = () => {
    const p = new pg.Pool({ connectionString: infra.postgresUrl('router'), max: 2 });
    pools.push(p);
    return p;
  };
  let table: string;
  before(() => {
    table = `apq_contract_${unique('').replace(/\W/g, '').toLowerCase()}`.slice(0, 60);
  });
  after(async () => {
    await pools[0]?.query(`drop table if exists ${table}`);
    await Promise.all(pools.map((p) => p.end()));
  });

  const implementations: [string, () => Promise<{ a: KeyValueCache; b: KeyValueCache }>][] = [
    ['PostgresKeyValueCache', async () => {
      const a = new PostgresKeyValueCache(pool(), table);
      await Promise.all([a.migrate(), new PostgresKeyValueCache(pool(), table).migrate()]);
      return { a, b: new PostgresKeyValueCache(pool(), table) };
    }],
    ['the LRU in front of PostgreSQL, one per replica', async () => {
      const store = new PostgresKeyValueCache(pool(), table);
      await store.migrate();
      return {
        a: createPersistedQueryCache({ manifests: noManifests, store }),
        b: createPersistedQueryCache({ manifests: noManifests, store: new PostgresKeyValueCache(pool(), table) }),
      };
    }],
  ];

  for (const [name, create] of implementations) {
    describe(name, () => {
      test('what one replica sets, another gets; set again replaces; delete removes', async () => {
        const { a, b } = await create();
        const key = `apq:${unique()}`;
        assert.equal(await b.get(key), undefined);
        await a.set(key, '{ one }');
        assert.equal(await b.get(key), '{ one }');
        await a.set(key, '{ two }', { ttl: null });
        assert.equal(await a.get(key), '{ two }');
        await b.delete(key);
        const fresh = new PostgresKeyValueCache(pools[0]!, table);
        assert.equal(await fresh.get(key), undefined);
      });

      test('an entry past its ttl is gone', async () => {
        const { a } = await create();
        const key = `apq:${unique()}`;
        const store = new PostgresKeyValueCache(pools[0]!, table);
        await a.set(key, '{ brief }', { ttl: 1 });
        assert.equal(await store.get(key), '{ brief }');
        await sleep(1_200);
        assert.equal(await store.get(key), undefined);
        assert.ok((await store.sweep()) >= 1, 'and swept');
      });
    });
  }
});
