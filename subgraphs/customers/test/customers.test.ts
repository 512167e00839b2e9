import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { createPostgresDataSource, type SubgraphServer } from '@commerce/service-kit';
import { errorCodes, gql, infra, testLogger, unique } from '@commerce/testkit';
import { createServer } from '../src/server.ts';
import { createCustomerStore, entities, migrations } from '../src/store/customer-store.ts';

describe('customers subgraph against PostgreSQL', () => {
  let dataSource: DataSource;
  let server: SubgraphServer;
  let url: string;

  before(async () => {
    const logger = testLogger('customers');
    dataSource = await createPostgresDataSource({
      url: infra.postgresUrl('customers'),
      applicationName: 'customers',
      entities,
      migrations,
      logger,
    });
    server = await createServer({ logger, customers: createCustomerStore(dataSource) });
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  });

  after(async () => {
    await server.close();
    await dataSource.destroy();
  });

  const createCustomer = (input: Record<string, unknown>) =>
    gql(url, 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id email firstName } }', {
      input,
    });
  const countByEmail = async (email: string) =>
    Number((await dataSource.query('select count(*) from customers where email = $1', [email]))[0].count);

  test('a created customer is stored and can be read back by id', async () => {
    const email = `${unique()}@example.com`;
    const created = await createCustomer({ email: email.toUpperCase(), firstName: 'Ada', lastName: 'Lovelace' });
    assert.equal(created.errors, undefined);
    const { id } = created.data!.createCustomer;
    assert.match(id, /^cus_[0-9A-Z]{26}$/);

    const read = await gql(url, 'query ($id: ID!) { customer(id: $id) { id email firstName lastName createdAt } }', { id });
    assert.deepEqual(read.data?.customer, {
      id,
      email,
      firstName: 'Ada',
      lastName: 'Lovelace',
      createdAt: read.data?.customer.createdAt,
    });
    assert.ok(!Number.isNaN(Date.parse(read.data?.customer.createdAt)));
  });

  test('_entities resolves customers by reference in request order, null for unknown ids', async () => {
    const a = (await createCustomer({ email: `${unique()}@example.com`, firstName: 'A', lastName: 'One' })).data
      ?.createCustomer;
    const b = (await createCustomer({ email: `${unique()}@example.com`, firstName: 'B', lastName: 'Two' })).data
      ?.createCustomer;
    const response = await gql(
      url,
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Customer { id firstName } }
      }`,
      {
        representations: [
          { __typename: 'Customer', id: b.id },
          { __typename: 'Customer', id: 'cus_00000000000000000000000000' },
          { __typename: 'Customer', id: a.id },
        ],
      },
    );
    assert.equal(response.errors, undefined);
    assert.deepEqual(response.data?._entities, [{ id: b.id, firstName: 'B' }, null, { id: a.id, firstName: 'A' }]);
  });

  test('a duplicate email is refused with CONFLICT and writes nothing', async () => {
    const email = `${unique()}@example.com`;
    await createCustomer({ email, firstName: 'First', lastName: 'Owner' });
    const second = await createCustomer({ email, firstName: 'Second', lastName: 'Owner' });
    assert.deepEqual(errorCodes(second), ['CONFLICT']);
    assert.equal(await countByEmail(email), 1);
  });

  test('bad input is refused with BAD_USER_INPUT naming the fields, and writes nothing', async () => {
    const email = `${unique()}@example.com`;
    const response = await createCustomer({ email: `${email}@@`, firstName: '', lastName: 'x'.repeat(500) });
    assert.deepEqual(errorCodes(response), ['BAD_USER_INPUT']);
    const fields = (response.errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field).sort();
    assert.deepEqual(fields, ['email', 'firstName', 'lastName']);
    assert.equal(await countByEmail(`${email}@@`), 0);
  });
});
