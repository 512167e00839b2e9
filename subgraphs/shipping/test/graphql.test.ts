import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import type { SubgraphServer } from '@commerce/service-kit';
import { createTestIssuer, errorCodes, gql, testLogger } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import type { Shipment } from '../src/domain/shipment.ts';
import { createOrderEventHandler } from '../src/events/consumers.ts';
import { createServer } from '../src/server.ts';
import {
  connect,
  depsFor,
  discardOutbox,
  newCustomerId,
  newOrderId,
  orderCancelled,
  outboxSummary,
  retireShipments,
  shipOrder,
  trackingOf,
} from './support.ts';

const QUOTE = `query ($input: ShippingQuoteInput!) {
  shippingQuote(input: $input) { carrier service estimatedDays price { amount minorUnits currencyCode } }
}`;
const SHIPMENT_FIELDS = `id order { id } carrier service trackingNumber trackingUrl status estimatedDelivery
  address { recipient line1 line2 city region postalCode country phone }
  trackingEvents { status location occurredAt } createdAt updatedAt`;
const RECORD = `mutation ($id: ID!, $input: TrackingEventInput!) {
  recordTrackingEvent(shipmentId: $id, input: $input) { id status updatedAt trackingEvents { status location occurredAt } }
}`;
const ORDER_SHIPMENTS = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Order { id shipments { id status trackingEvents { status } } } }
}`;

describe('shipping subgraph over GraphQL', () => {
  const logger = testLogger('shipping-graphql');
  let dataSource: DataSource;
  let deps: Deps;
  let server: SubgraphServer;
  let url: string;
  let queries: string[] = [];
  const owner = newCustomerId();
  const other = newCustomerId();
  const headers: Record<'anonymous' | 'owner' | 'other' | 'admin', Record<string, string>> = {
    anonymous: {},
    owner: {},
    other: {},
    admin: {},
  };
  const orders: string[] = [];

  const asAdmin = (query: string, variables?: Record<string, unknown>) => gql(url, query, variables, headers.admin);

  async function ship(options: Parameters<typeof shipOrder>[1] = {}) {
    const orderId = newOrderId();
    orders.push(orderId);
    return shipOrder(deps, { customerId: owner, orderId, ...options });
  }

  before(async () => {
    const issuer = await createTestIssuer();
    dataSource = await connect(logger, { onQuery: (sql) => queries.push(sql) });
    deps = depsFor(dataSource, logger, issuer.verifyToken);
    server = await createServer(deps);
    url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
    headers.owner = { authorization: await issuer.bearer({ id: owner, roles: ['CUSTOMER'] }) };
    headers.other = { authorization: await issuer.bearer({ id: other, roles: ['CUSTOMER'] }) };
    headers.admin = { authorization: await issuer.bearer({ id: newCustomerId(), roles: ['CUSTOMER', 'ADMIN'] }) };
  });

  after(async () => {
    await server.close();
    await retireShipments(dataSource, orders);
    await discardOutbox(dataSource, orders);
    await dataSource.destroy();
  });

  describe('shippingQuote', () => {
    const quote = (country: string, lines: { quantity: number; weightGrams: number }[], service?: string) =>
      gql(url, QUOTE, {
        input: { address: { country, postalCode: '1011 AB' }, lines: lines.map((l, i) => ({ variantId: `var_${i}`, ...l })), service },
      });
    const cheapest = async (country: string, weightGrams: number, service = 'STANDARD') => {
      const response = await quote(country, [{ quantity: 1, weightGrams }], service);
      assert.equal(response.errors, undefined);
      return response.data?.shippingQuote[0];
    };

    test('anyone gets every carrier’s rates for a domestic parcel, cheapest first, as exact money', async () => {
      const response = await quote('NL', [{ quantity: 2, weightGrams: 600 }]);
      assert.equal(response.errors, undefined);
      assert.deepEqual(
        response.data?.shippingQuote.map((r: any) => [r.carrier, r.service, r.price.amount, r.estimatedDays]),
        [
          ['PostNL', 'STANDARD', '4.95', 2],
          ['DHL', 'STANDARD', '5.45', 2],
          ['UPS', 'STANDARD', '6.95', 2],
          ['PostNL', 'EXPRESS', '8.95', 1],
          ['UPS', 'EXPRESS', '10.95', 1],
          ['DHL', 'EXPRESS', '11.95', 1],
        ],
      );
      assert.deepEqual(response.data?.shippingQuote[0].price, { amount: '4.95', minorUnits: '495', currencyCode: 'EUR' });
    });

    test('EU parcels cost more than domestic ones and WORLD parcels more than EU ones', async () => {
      assert.deepEqual(await cheapest('NL', 1000), { carrier: 'PostNL', service: 'STANDARD', estimatedDays: 2, price: { amount: '4.95', minorUnits: '495', currencyCode: 'EUR' } });
      assert.deepEqual(await cheapest('DE', 1000), { carrier: 'DHL', service: 'STANDARD', estimatedDays: 4, price: { amount: '9.95', minorUnits: '995', currencyCode: 'EUR' } });
      assert.deepEqual(await cheapest('US', 1000), { carrier: 'PostNL', service: 'STANDARD', estimatedDays: 10, price: { amount: '24.95', minorUnits: '2495', currencyCode: 'EUR' } });
    });

    test('heavier parcels fall into dearer weight bands, counting every unit of every line', async () => {
      const prices: string[] = [];
      for (const grams of [2000, 2001, 5000, 10_001, 31_500, 32_000]) prices.push((await cheapest('NL', grams)).price.minorUnits);
      assert.deepEqual(prices, ['495', '695', '695', '1295', '1695', '1755']);
      const lines = await quote('NL', [{ quantity: 4, weightGrams: 1000 }, { quantity: 1, weightGrams: 1500 }], 'STANDARD');
      assert.equal(lines.data?.shippingQuote[0].price.minorUnits, '895', '5.5 kg together: the 5-10 kg band');
    });

    test('EXPRESS is dearer and faster than STANDARD, and the service filter keeps only it', async () => {
      for (const country of ['NL', 'FR', 'AU']) {
        const standard = await cheapest(country, 3000, 'STANDARD');
        const express = await cheapest(country, 3000, 'EXPRESS');
        assert.equal(express.service, 'EXPRESS');
        assert.ok(Number(express.price.minorUnits) > Number(standard.price.minorUnits), country);
        assert.ok(express.estimatedDays < standard.estimatedDays, country);
      }
      const onlyExpress = await quote('FR', [{ quantity: 1, weightGrams: 100 }], 'EXPRESS');
      assert.deepEqual(onlyExpress.data?.shippingQuote.map((r: any) => r.carrier), ['UPS', 'DHL']);
    });

    test('an unknown country is BAD_USER_INPUT naming address.country; so are other malformed inputs', async () => {
      const unknown = await quote('XX', [{ quantity: 1, weightGrams: 100 }]);
      assert.deepEqual(errorCodes(unknown), ['BAD_USER_INPUT']);
      assert.deepEqual(unknown.errors![0]!.extensions!.fields, [
        { field: 'address.country', message: 'must be an ISO 3166-1 alpha-2 country code such as NL, DE or US' },
      ]);
      assert.equal(unknown.data, null);
      const malformed = await quote('NL', [{ quantity: 0, weightGrams: -5 }]);
      assert.deepEqual(errorCodes(malformed), ['BAD_USER_INPUT']);
      assert.deepEqual((malformed.errors![0]!.extensions!.fields as any[]).map((f) => f.field), ['lines.0.quantity', 'lines.0.weightGrams']);
      const heavy = await quote('NL', [{ quantity: 1000, weightGrams: 1001 }]);
      assert.deepEqual(errorCodes(heavy), ['BAD_USER_INPUT']);
      assert.match(heavy.errors![0]!.message, /at most 1000 kg/);
    });
  });

  describe('recordTrackingEvent', () => {
    test('an admin moves a shipment along; events come oldest first and each change is published, delivery twice', async () => {
      const shipment = await ship({ address: { city: 'Delft' } });
      const steps = [
        ['IN_TRANSIT', 'Amsterdam hub'],
        ['EXCEPTION', 'Amsterdam hub: address unreadable'],
        ['IN_TRANSIT', 'Amsterdam hub'],
        ['OUT_FOR_DELIVERY', 'Delft delivery depot'],
        ['DELIVERED', 'Delft, NL'],
      ];
      for (const [status, location] of steps) {
        const response = await asAdmin(RECORD, { id: shipment.id, input: { status, location } });
        assert.equal(response.errors, undefined, status);
        assert.equal(response.data?.recordTrackingEvent.status, status);
      }
      const response = await asAdmin(`query ($id: ID!) { shipment(id: $id) { status trackingEvents { status location occurredAt } } }`, {
        id: shipment.id,
      });
      const events = response.data?.shipment.trackingEvents;
      assert.deepEqual(
        events.map((e: any) => [e.status, e.location]),
        [['LABEL_CREATED', 'Commerce fulfilment centre, Tilburg'], ...steps],
      );
      const times = events.map((e: any) => Date.parse(e.occurredAt));
      assert.deepEqual(times, [...times].sort((a: number, b: number) => a - b), 'oldest first');
      assert.deepEqual(await outboxSummary(dataSource, shipment.orderId), [
        'ShipmentCreated',
        'ShipmentStatusChanged null → LABEL_CREATED',
        'ShipmentStatusChanged LABEL_CREATED → IN_TRANSIT',
        'ShipmentStatusChanged IN_TRANSIT → EXCEPTION',
        'ShipmentStatusChanged EXCEPTION → IN_TRANSIT',
        'ShipmentStatusChanged IN_TRANSIT → OUT_FOR_DELIVERY',
        'ShipmentStatusChanged OUT_FOR_DELIVERY → DELIVERED',
        'ShipmentDelivered',
      ]);
    });

    test('repeating the current status is a no-op that returns the shipment and writes nothing', async () => {
      const shipment = await ship();
      const input = { status: 'IN_TRANSIT', location: 'Amsterdam hub' };
      const first = await asAdmin(RECORD, { id: shipment.id, input });
      const again = await asAdmin(RECORD, { id: shipment.id, input: { ...input, location: 'Utrecht hub' } });
      assert.equal(again.errors, undefined);
      assert.deepEqual(again.data, first.data);
      assert.equal((await trackingOf(dataSource, shipment.id)).length, 2);
      assert.equal((await outboxSummary(dataSource, shipment.orderId)).length, 3);
    });

    test('illegal moves are CONFLICT with the rule in the message, and write nothing', async () => {
      const fresh = await ship();
      const skip = await asAdmin(RECORD, { id: fresh.id, input: { status: 'DELIVERED', location: 'Utrecht' } });
      assert.deepEqual(errorCodes(skip), ['CONFLICT']);
      assert.match(skip.errors![0]!.message, /cannot go from LABEL_CREATED to DELIVERED; from LABEL_CREATED it can become IN_TRANSIT, EXCEPTION, CANCELLED/);

      const delivered = await ship();
      for (const status of ['IN_TRANSIT', 'DELIVERED']) await asAdmin(RECORD, { id: delivered.id, input: { status, location: 'x' } });
      const before = await outboxSummary(dataSource, delivered.orderId);
      for (const status of ['IN_TRANSIT', 'EXCEPTION', 'OUT_FOR_DELIVERY']) {
        const back = await asAdmin(RECORD, { id: delivered.id, input: { status, location: 'Amsterdam hub' } });
        assert.deepEqual(errorCodes(back), ['CONFLICT'], status);
        assert.match(back.errors![0]!.message, /DELIVERED, which is final/);
      }
      assert.deepEqual(await outboxSummary(dataSource, delivered.orderId), before);
      assert.equal((await trackingOf(dataSource, delivered.id)).length, 3);
    });

    test('a scan older than the latest is CONFLICT, one in the future or a CANCELLED status BAD_USER_INPUT', async () => {
      const shipment = await ship();
      const old = await asAdmin(RECORD, {
        id: shipment.id,
        input: { status: 'IN_TRANSIT', location: 'Amsterdam hub', occurredAt: '2020-01-01T00:00:00Z' },
      });
      assert.deepEqual(errorCodes(old), ['CONFLICT']);
      assert.match(old.errors![0]!.message, /before the shipment's latest tracking event/);
      const future = await asAdmin(RECORD, {
        id: shipment.id,
        input: { status: 'IN_TRANSIT', location: 'Amsterdam hub', occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
      });
      assert.deepEqual(errorCodes(future), ['BAD_USER_INPUT']);
      assert.deepEqual(future.errors![0]!.extensions!.fields, [{ field: 'input.occurredAt', message: 'occurredAt lies in the future.' }]);
      const cancel = await asAdmin(RECORD, { id: shipment.id, input: { status: 'CANCELLED', location: 'x' } });
      assert.deepEqual(errorCodes(cancel), ['BAD_USER_INPUT']);
      assert.match(cancel.errors![0]!.message, /cancel the order instead/);
      const blank = await asAdmin(RECORD, { id: 'shp_123', input: { status: 'IN_TRANSIT', location: '  ' } });
      assert.deepEqual((blank.errors![0]!.extensions!.fields as any[]).map((f) => f.field), ['shipmentId', 'input.location']);
      assert.deepEqual(await trackingOf(dataSource, shipment.id), [['LABEL_CREATED', 'Commerce fulfilment centre, Tilburg']]);

      const dated = await asAdmin(RECORD, {
        id: shipment.id,
        input: { status: 'IN_TRANSIT', location: 'Amsterdam hub', occurredAt: new Date(Date.now() + 60_000).toISOString() },
      });
      assert.equal(dated.errors, undefined, 'a minute ahead of our clock is within the skew carriers are allowed');
    });

    test('an unknown shipment is NOT_FOUND; customers and anonymous callers may not record scans', async () => {
      const missing = await asAdmin(RECORD, { id: 'shp_00000000000000000000000000', input: { status: 'IN_TRANSIT', location: 'x' } });
      assert.deepEqual(errorCodes(missing), ['NOT_FOUND']);
      const shipment = await ship();
      const variables = { id: shipment.id, input: { status: 'IN_TRANSIT', location: 'x' } };
      assert.deepEqual(errorCodes(await gql(url, RECORD, variables)), ['UNAUTHENTICATED']);
      assert.deepEqual(errorCodes(await gql(url, RECORD, variables, headers.owner)), ['FORBIDDEN']);
      assert.equal((await trackingOf(dataSource, shipment.id)).length, 1);
    });
  });

  describe('who sees shipments', () => {
    test('shipment(id): the owner and admins see it all; another customer gets FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
      const shipment = await ship({ service: 'EXPRESS', address: { country: 'BE', city: 'Gent', postalCode: '9000' } });
      const query = `query ($id: ID!) { shipment(id: $id) { ${SHIPMENT_FIELDS} } }`;
      for (const who of ['owner', 'admin'] as const) {
        const response = await gql(url, query, { id: shipment.id }, headers[who]);
        assert.equal(response.errors, undefined, who);
        const seen = response.data?.shipment;
        assert.deepEqual(
          { ...seen, trackingEvents: undefined, createdAt: undefined, updatedAt: undefined },
          {
            id: shipment.id,
            order: { id: shipment.orderId },
            carrier: 'UPS',
            service: 'EXPRESS',
            trackingNumber: shipment.trackingNumber,
            trackingUrl: `https://www.ups.com/track?tracknum=${shipment.trackingNumber}`,
            status: 'LABEL_CREATED',
            estimatedDelivery: shipment.estimatedDelivery.toISOString(),
            address: {
              recipient: 'Ada Lovelace',
              line1: 'Oudegracht 1',
              line2: null,
              city: 'Gent',
              region: null,
              postalCode: '9000',
              country: 'BE',
              phone: null,
            },
            trackingEvents: undefined,
            createdAt: undefined,
            updatedAt: undefined,
          },
          who,
        );
        assert.deepEqual(seen.trackingEvents.map((e: any) => e.status), ['LABEL_CREATED']);
      }
      const forbidden = await gql(url, query, { id: shipment.id }, headers.other);
      assert.deepEqual(errorCodes(forbidden), ['FORBIDDEN']);
      assert.equal(forbidden.data?.shipment, null);
      assert.deepEqual(errorCodes(await gql(url, query, { id: shipment.id })), ['UNAUTHENTICATED']);
      const none = await gql(url, query, { id: 'shp_00000000000000000000000000' }, headers.owner);
      assert.deepEqual([none.errors, none.data?.shipment], [undefined, null]);
    });

    test('Order.shipments: the owner and admins see them; another customer gets FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
      const shipment = await ship();
      const variables = { representations: [{ __typename: 'Order', id: shipment.orderId }] };
      const expected = [{ id: shipment.orderId, shipments: [{ id: shipment.id, status: 'LABEL_CREATED', trackingEvents: [{ status: 'LABEL_CREATED' }] }] }];
      for (const who of ['owner', 'admin'] as const) {
        const response = await gql(url, ORDER_SHIPMENTS, variables, headers[who]);
        assert.equal(response.errors, undefined, who);
        assert.deepEqual(response.data?._entities, expected, who);
      }
      const forbidden = await gql(url, ORDER_SHIPMENTS, variables, headers.other);
      assert.deepEqual(errorCodes(forbidden), ['FORBIDDEN']);
      // Order.shipments is nullable: the refusal nulls the field, not the order around it.
      assert.deepEqual(forbidden.data?._entities, [{ id: shipment.orderId, shipments: null }]);
      assert.deepEqual(errorCodes(await gql(url, ORDER_SHIPMENTS, variables)), ['UNAUTHENTICATED']);
    });

    test('Shipment entities by reference check ownership too', async () => {
      const shipment = await ship();
      const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Shipment { id status } } }`;
      const variables = { representations: [{ __typename: 'Shipment', id: shipment.id }, { __typename: 'Shipment', id: 'shp_00000000000000000000000000' }] };
      const own = await gql(url, query, variables, headers.owner);
      assert.deepEqual([own.errors, own.data?._entities], [undefined, [{ id: shipment.id, status: 'LABEL_CREATED' }, null]]);
      assert.deepEqual(errorCodes(await gql(url, query, variables, headers.other)), ['FORBIDDEN']);
      assert.deepEqual(errorCodes(await gql(url, query, variables)), ['UNAUTHENTICATED']);
    });

    test('an order not shipped yet has no shipments; one cancelled before shipping is still only its customer’s', async () => {
      const unknown = newOrderId();
      const cancelled = newOrderId();
      orders.push(cancelled);
      await createOrderEventHandler(deps)(orderCancelled(cancelled, owner));
      const variables = { representations: [unknown, cancelled].map((id) => ({ __typename: 'Order', id })) };
      const own = await gql(url, ORDER_SHIPMENTS, variables, headers.owner);
      assert.deepEqual([own.errors, own.data?._entities], [undefined, [{ id: unknown, shipments: [] }, { id: cancelled, shipments: [] }]]);
      const others = await gql(url, ORDER_SHIPMENTS, variables, headers.other);
      assert.deepEqual(errorCodes(others), ['FORBIDDEN']);
      assert.deepEqual(others.data?._entities, [{ id: unknown, shipments: [] }, { id: cancelled, shipments: null }]);
    });

    test('_entities resolves Order.shipments in request order with constant SQL: 1 order or 20 cost the same two statements', async () => {
      const shipments: Shipment[] = [];
      for (let i = 0; i < 20; i += 1) shipments.push(await ship());
      await asAdmin(RECORD, { id: shipments[3]!.id, input: { status: 'IN_TRANSIT', location: 'Amsterdam hub' } });
      const statementsFor = async (picked: typeof shipments) => {
        queries = [];
        const response = await asAdmin(ORDER_SHIPMENTS, { representations: picked.map((s) => ({ __typename: 'Order', id: s.orderId })) });
        assert.equal(response.errors, undefined);
        assert.deepEqual(
          response.data?._entities.map((o: any) => [o.id, o.shipments.map((s: any) => s.id)]),
          picked.map((s) => [s.orderId, [s.id]]),
          'in request order',
        );
        return queries.length;
      };
      const reversed = [...shipments].reverse();
      const one = await statementsFor(reversed.slice(0, 1));
      const twenty = await statementsFor(reversed);
      assert.equal(twenty, one, 'the statement count does not grow with the number of orders');
      assert.equal(twenty, 2, 'one for the orders’ shipments, one for their tracking events');
      const response = await asAdmin(ORDER_SHIPMENTS, { representations: [{ __typename: 'Order', id: shipments[3]!.orderId }] });
      assert.deepEqual(response.data?._entities[0].shipments[0].trackingEvents, [{ status: 'LABEL_CREATED' }, { status: 'IN_TRANSIT' }]);
    });
  });
});
