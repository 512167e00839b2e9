import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createPostgresDataSource, type SubgraphServer } from '@commerce/service-kit';
import { gql, infra, testLogger, unique } from '@commerce/testkit';
import { generateSigningJwk, signingKeysFrom } from '../src/auth/keys.ts';
import { createDeps } from '../src/deps.ts';
import { createServer } from '../src/server.ts';
import { entities, migrations } from '../src/store/customer-store.ts';

describe('customers subgraph against PostgreSQL', () => {
  let dataSource: DataSource;
  let pool: pg.Pool;
  let server: SubgraphServer;
  let url: string;
  let jwksUrl: string;
  let queries: string[] = [];

  before(async () => {
    const logger = testLogger('customers');
    dataSource = await createPostgresDataSource({
      url: infra.postgresUrl('customers'),
      applicationName: 'customers',
      entities,
      migrations,
      logger,
      // Records the statements the subgraph sends, to prove reference batching.
      onQuery: (sql) => queries.push(sql),
    });
    pool = new pg.Pool({ connectionString: infra.postgresUrl('customers'), max: 2 });
    const deps = await createDeps({
      dataSource,
      pool,
      logger,
      keys: await signingKeysFrom([await generateSigningJwk()]),
      tokenSettings: { issuer: 'urn:commerce:customers', audience: 'urn:commerce:api' },
      throttle: { accountFailures: 5, addressFailures: 50, windowSeconds: 60, slowAfter: 10, slowStepMs: 0 },
    });
    server = await createServer(deps);
    const port = await server.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}/graphql`;
    jwksUrl = `http://127.0.0.1:${port}/.well-known/jwks.json`;
  });

  after(async () => {
    await server.close();
    await Promise.all([dataSource.destroy(), pool.end()]);
  });

  const register = async (firstName: string) =>
    (
      await gql(url, 'mutation ($input: RegisterInput!) { register(input: $input) { customer { id } } }', {
        input: { email: `${unique()}@example.com`, password: 'a-long-password', firstName, lastName: 'Test' },
      })
    ).data!.register.customer.id as string;

  test('_entities resolves customers by reference in request order, null for unknown ids, in one query', async () => {
    const ids = [];
    for (const name of ['A', 'B', 'C']) ids.push(await register(name));
    const [a, b, c] = ids;
    queries = [];
    const response = await gql(
      url,
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Customer { id firstName } }
      }`,
      {
        representations: [
          { __typename: 'Customer', id: c },
          { __typename: 'Customer', id: 'cus_00000000000000000000000000' },
          { __typename: 'Customer', id: a },
          { __typename: 'Customer', id: b },
        ],
      },
    );
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?._entities, [
      { id: c, firstName: 'C' },
      null,
      { id: a, firstName: 'A' },
      { id: b, firstName: 'B' },
    ]);
    assert.equal(queries.filter((sql) => /from "customers"/i.test(sql)).length, 1, 'one batched select');
  });

  test('the JWKS document publishes the public signing key and nothing private', async () => {
    const response = await fetch(jwksUrl);
    assert.equal(response.status, 200);
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    assert.equal(keys.length, 1);
    assert.deepEqual(Object.keys(keys[0]!).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
    assert.equal(keys[0]!.alg, 'RS256');
  });

  test('passwords are stored as salted scrypt hashes, never as given', async () => {
    const id = await register('Hash');
    const [row] = await dataSource.query('select password_hash from customers where id = $1', [id]);
    assert.match(row.password_hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.doesNotMatch(row.password_hash, /a-long-password/);
  });
});
