import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'mongoose';
import { connectMongo, createMongoLocks, type MongoLocks } from '../src/mongo.ts';

// service-kit sits below testkit: the address is read as testkit's infra.mongoUrl reads it.
const MONGO_URL = `${process.env.MONGO_URL_BASE ?? 'mongodb://127.0.0.1:27017'}/service_kit_test`;

describe('named locks on the MongoDB-wire server', () => {
  let connection: Connection;
  let locks: MongoLocks;
  const collection = `locks_${randomUUID().slice(0, 8)}`;
  const names = (...ids: string[]) => ids.map((id) => `${collection}:${id}`);

  before(async () => {
    connection = await connectMongo(MONGO_URL);
    locks = createMongoLocks(connection, collection);
  });

  after(async () => {
    await connection.db!.dropCollection(collection).catch(() => undefined);
    await connection.close();
  });

  test('tryLockMany takes the free names and leaves the busy ones, and release frees only its own', async () => {
    const first = await locks.tryLockMany(names('a', 'b', 'c'));
    assert.deepEqual([...first.held].sort(), names('a', 'b', 'c'));
    const second = await locks.tryLockMany(names('b', 'd', 'c', 'e', 'd'));
    assert.deepEqual([...second.held].sort(), names('d', 'e'));

    // withLock waits for a name a batch holds, and gets it once the batch lets go.
    let waited = false;
    const single = locks.withLock(names('b')[0]!, async () => {
      waited = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(waited, false);
    await first.release();
    await single;
    assert.equal(waited, true);

    const third = await locks.tryLockMany(names('a', 'b', 'c', 'd'));
    assert.deepEqual([...third.held].sort(), names('a', 'b', 'c'), 'd is still the second batch’s');
    await second.release();
    await third.release();
    assert.equal(await connection.db!.collection(collection).countDocuments(), 0);
  });
});
