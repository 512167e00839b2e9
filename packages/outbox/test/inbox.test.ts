import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { DataSource, EntityManager } from 'typeorm';
import { placeholders } from '@commerce/service-kit';
import { testLogger, unique } from '@commerce/testkit';
import { inboxClause, inboxHas, processOnce } from '../src/index.ts';
import { connect, eventsOf, sleep } from './support.ts';

// The effect writes a row into the inbox table itself, under a consumer name of its own: a
// real write in the same transaction, without adding a scratch table to a service database.
describe('inbox against the real PostgreSQL', () => {
  let dataSource: DataSource;
  const consumers: string[] = [];

  function newConsumer(): string {
    const consumer = unique('test-consumer-');
    consumers.push(consumer, effectsOf(consumer));
    return consumer;
  }

  const effectsOf = (consumer: string) => `${consumer}:effects`;

  /** An effect that records one write per run and counts its invocations. */
  function recordingEffect(consumer: string, options: { delayMs?: number; fail?: boolean } = {}) {
    const calls = { count: 0 };
    const effect = async (manager: EntityManager) => {
      calls.count += 1;
      await manager.query('insert into inbox (consumer, event_id) values ($1, $2)', [effectsOf(consumer), randomUUID()]);
      if (options.delayMs) await sleep(options.delayMs);
      if (options.fail) throw new Error('effect failed');
    };
    return { effect, calls };
  }

  async function writesOf(consumer: string): Promise<number> {
    const [row] = await dataSource.query('select count(*)::int as count from inbox where consumer = $1', [effectsOf(consumer)]);
    return row.count;
  }

  async function remembered(consumer: string, eventId: string): Promise<boolean> {
    const rows = await dataSource.query('select 1 from inbox where consumer = $1 and event_id = $2', [consumer, eventId]);
    return rows.length === 1;
  }

  before(async () => {
    dataSource = await connect(testLogger('outbox'));
  });

  after(async () => {
    await dataSource.query('delete from inbox where consumer = any($1::text[])', [consumers]);
    await dataSource.destroy();
  });

  test('a redelivered event does not run the effect a second time', async () => {
    const consumer = newConsumer();
    const [event] = eventsOf(unique('agg-'), 1);
    const { effect, calls } = recordingEffect(consumer);

    assert.equal(await processOnce(dataSource, consumer, event!, effect), true);
    assert.equal(await processOnce(dataSource, consumer, event!, effect), false);
    assert.equal(calls.count, 1);
    assert.equal(await writesOf(consumer), 1);
    assert.ok(await remembered(consumer, event!.eventId));
  });

  test('two concurrent deliveries of one event run the effect once', async () => {
    const consumer = newConsumer();
    const [event] = eventsOf(unique('agg-'), 1);
    // The slow effect keeps the first transaction open while the second delivery arrives.
    const { effect, calls } = recordingEffect(consumer, { delayMs: 300 });

    const results = await Promise.all([
      processOnce(dataSource, consumer, event!, effect),
      processOnce(dataSource, consumer, event!, effect),
    ]);
    assert.deepEqual([...results].sort(), [false, true]);
    assert.equal(calls.count, 1);
    assert.equal(await writesOf(consumer), 1);
  });

  test('an effect that throws rolls back its writes with the inbox row, so a retry runs it again', async () => {
    const consumer = newConsumer();
    const [event] = eventsOf(unique('agg-'), 1);

    await assert.rejects(processOnce(dataSource, consumer, event!, recordingEffect(consumer, { fail: true }).effect), /effect failed/);
    assert.equal(await writesOf(consumer), 0, 'the effect’s write rolled back');
    assert.equal(await remembered(consumer, event!.eventId), false, 'the event is not remembered as processed');

    const retry = recordingEffect(consumer);
    assert.equal(await processOnce(dataSource, consumer, event!, retry.effect), true);
    assert.equal(await processOnce(dataSource, consumer, event!, retry.effect), false);
    assert.equal(retry.calls.count, 1);
    assert.equal(await writesOf(consumer), 1);
  });

  test('each consumer processes the same event once on its own', async () => {
    const [event] = eventsOf(unique('agg-'), 1);
    const first = newConsumer();
    const second = newConsumer();

    assert.equal(await processOnce(dataSource, first, event!, recordingEffect(first).effect), true);
    assert.equal(await processOnce(dataSource, second, event!, recordingEffect(second).effect), true);
    assert.equal(await processOnce(dataSource, second, event!, recordingEffect(second).effect), false);
    assert.equal(await writesOf(first), 1);
    assert.equal(await writesOf(second), 1);
  });

  /**
   * One statement: the claim, and an effect (one write under the effects consumer) that runs
   * only behind it; with `gateOpen`, the claim is made only from a clause that has a row when open.
   */
  async function claimAndWrite(consumer: string, eventId: string | undefined, gateOpen?: boolean): Promise<boolean> {
    const { values, $ } = placeholders();
    const claim = inboxClause(eventId ? { consumer: $(consumer), eventId: $(eventId) } : undefined, gateOpen === undefined ? {} : { from: 'gate where open' });
    const [row] = await dataSource.query<{ claimed: boolean }[]>(
      `with ${gateOpen === undefined ? '' : `gate as (select ${gateOpen} as open),`} ${claim.with}
       effect as (insert into inbox (consumer, event_id) select ${$(effectsOf(consumer))}, gen_random_uuid()::text where ${claim.claimed})
       select ${claim.claimed} as claimed`,
      values,
    );
    return row!.claimed;
  }

  test('a statement guarded by inboxClause applies its effect once per event, and always without one', async () => {
    const consumer = newConsumer();
    const [event] = eventsOf(unique('agg-'), 1);
    assert.equal(await claimAndWrite(consumer, event!.eventId), true);
    assert.equal(await claimAndWrite(consumer, event!.eventId), false, 'a redelivery claims nothing');
    assert.equal(await writesOf(consumer), 1);
    assert.ok(await remembered(consumer, event!.eventId));
    const [has] = await dataSource.query<{ has: boolean }[]>(`select ${inboxHas({ consumer: '$1', eventId: '$2' })} as has`, [consumer, event!.eventId]);
    assert.equal(has!.has, true);

    assert.equal(await claimAndWrite(consumer, undefined), true, 'a write no event asked for');
    assert.equal(await writesOf(consumer), 2);
  });

  test('an inboxClause with `from` claims the event only when that clause has a row', async () => {
    const consumer = newConsumer();
    const [event] = eventsOf(unique('agg-'), 1);
    assert.equal(await claimAndWrite(consumer, event!.eventId, false), false);
    assert.equal(await remembered(consumer, event!.eventId), false, 'a closed gate leaves the event unclaimed');
    assert.equal(await claimAndWrite(consumer, event!.eventId, true), true);
    assert.equal(await writesOf(consumer), 1);
  });
});
