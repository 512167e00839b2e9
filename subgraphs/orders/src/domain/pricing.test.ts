import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RATE_CARD, cheapestRate, quote, type RateCard } from '@commerce/shipping-rates';
import {
  DEFAULT_FREE_STANDARD_FROM,
  priceOrder,
  shippingCharge,
  shippingPolicyProblems,
  unshippableMessage,
  type ShippedLine,
  type ShippingPolicy,
  type ShippingService,
} from './pricing.ts';

const policy: ShippingPolicy = { card: RATE_CARD, freeStandardFrom: DEFAULT_FREE_STANDARD_FROM };

/** One line of `quantity` units weighing `weightGrams` each, at 10.00 a unit unless told. */
const line = (quantity: number, weightGrams: number | null, unitPrice = 1000): ShippedLine => ({ unitPrice, quantity, weightGrams });

/** The shipping charged below the free-shipping subtotal, and the carrier it was priced from. */
function charged(country: string, lines: ShippedLine[], service: ShippingService, subtotal = 0) {
  const result = shippingCharge(policy, { country, lines, service, subtotal });
  assert.ok(result.ok, `${country} ${service} can be shipped`);
  return [result.amount, result.rate.carrier];
}

test('a domestic (NL) parcel costs PostNL’s rate: 4.95 STANDARD, 8.95 EXPRESS up to 2 kg', () => {
  const lines = [line(3, 500)];
  assert.deepEqual(charged('NL', lines, 'STANDARD'), [495, 'PostNL']);
  assert.deepEqual(charged('NL', lines, 'EXPRESS'), [895, 'PostNL']);
});

test('an EU parcel costs the cheapest EU carrier (DHL STANDARD, UPS EXPRESS), the rest of the world more', () => {
  const lines = [line(1, 1500)];
  assert.deepEqual(charged('DE', lines, 'STANDARD'), [995, 'DHL']);
  assert.deepEqual(charged('de', lines, 'EXPRESS'), [2295, 'UPS'], 'case does not matter, and PostNL has no EXPRESS abroad');
  assert.deepEqual(charged('US', lines, 'STANDARD'), [2495, 'PostNL']);
  assert.deepEqual(charged('JP', lines, 'EXPRESS'), [4595, 'UPS']);
});

test('the charge is exactly the cheapest rate shipping quotes for that service, in every zone, band and service', () => {
  for (const country of ['NL', 'BE', 'FR', 'GB', 'US', 'AU']) {
    for (const weight of [100, 2000, 2001, 7000, 19_999, 31_500, 45_000]) {
      for (const service of ['STANDARD', 'EXPRESS'] as const) {
        const lines = [line(1, weight)];
        const quoted = quote(RATE_CARD, { country, lines, service });
        assert.ok(quoted.ok);
        const result = shippingCharge(policy, { country, lines, service, subtotal: 0 });
        assert.deepEqual(result.ok && [result.amount, result.rate], [quoted.rates[0]!.price.amount, quoted.rates[0]], `${country} ${weight} g ${service}`);
      }
    }
  }
});

test('STANDARD is free from a 50.00 subtotal (inclusive) in every zone; EXPRESS never is', () => {
  const lines = [line(1, 1000)];
  for (const [country, rate] of [
    ['NL', 495],
    ['DE', 995],
    ['US', 2495],
  ] as const) {
    assert.equal(charged(country, lines, 'STANDARD', 4999)[0], rate, `${country} below`);
    assert.equal(charged(country, lines, 'STANDARD', 5000)[0], 0, `${country} at 50.00`);
    assert.equal(charged(country, lines, 'STANDARD', 100_000)[0], 0, `${country} above`);
  }
  assert.equal(charged('NL', lines, 'EXPRESS', 100_000)[0], 895);
});

test('the free-STANDARD subtotal is the store’s to set', () => {
  const generous: ShippingPolicy = { card: RATE_CARD, freeStandardFrom: 2000 };
  const at = (subtotal: number) => {
    const result = shippingCharge(generous, { country: 'NL', lines: [line(1, 100)], service: 'STANDARD', subtotal });
    return result.ok ? result.amount : result.reason;
  };
  assert.deepEqual([at(1999), at(2000)], [495, 0]);
});

test('the weight is every unit of every line: a band includes its upper bound, above the heaviest band each started kg costs extra', () => {
  assert.equal(charged('NL', [line(4, 500)], 'STANDARD')[0], 495, '2,000 g');
  assert.equal(charged('NL', [line(4, 500), line(1, 1)], 'STANDARD')[0], 695, '2,001 g is the 2-5 kg band');
  assert.equal(charged('NL', [line(2, 5000)], 'STANDARD')[0], 895, '10 kg');
  assert.equal(charged('NL', [line(3, 10_500)], 'STANDARD')[0], 1695, '31.5 kg, the heaviest band');
  assert.equal(charged('NL', [line(3, 10_500), line(1, 1)], 'STANDARD')[0], 1695 + 60, 'one started kg more');
  assert.equal(charged('NL', [line(3, 10_500), line(1, 2001)], 'STANDARD')[0], 1695 + 3 * 60);
});

test('a unit without a weight counts as the card’s default item weight, as shipping weighs it', () => {
  assert.equal(RATE_CARD.defaultItemWeightGrams, 500);
  assert.deepEqual(charged('NL', [line(4, null)], 'STANDARD'), charged('NL', [line(4, 500)], 'STANDARD'));
  assert.equal(charged('NL', [line(4, null)], 'STANDARD')[0], 495);
  assert.equal(charged('NL', [line(4, null), line(1, null)], 'STANDARD')[0], 695, 'five default units weigh 2.5 kg');
  assert.equal(charged('NL', [line(1, 1900), line(1, null)], 'STANDARD')[0], 695);
});

test('an order costs its lines plus shipping, in minor units, with the rate it was priced from', () => {
  const lines = [line(2, 250, 1999), line(3, null, 5)];
  const standard = priceOrder(policy, { country: 'NL', lines, service: 'STANDARD' });
  assert.deepEqual(standard.ok && standard.totals, { subtotal: 4013, shippingTotal: 495, total: 4508 });
  const express = priceOrder(policy, { country: 'BE', lines, service: 'EXPRESS' });
  assert.deepEqual(express.ok && [express.totals, express.rate.carrier], [{ subtotal: 4013, shippingTotal: 2295, total: 6308 }, 'UPS']);
  const free = priceOrder(policy, { country: 'US', lines: [line(2, 400, 2500)], service: 'STANDARD' });
  assert.deepEqual(free.ok && free.totals, { subtotal: 5000, shippingTotal: 0, total: 5000 });
});

test('a parcel heavier than one shipment may weigh is refused, even when STANDARD would be free', () => {
  const heavy = [line(100, RATE_CARD.maxWeightGrams / 100 + 1, 1000)];
  const result = priceOrder(policy, { country: 'NL', lines: heavy, service: 'STANDARD' });
  assert.equal(result.ok, false);
  assert.deepEqual(result.ok ? undefined : result.reason, 'TOO_HEAVY');
  assert.match(result.ok ? '' : result.message, /weigh 1000\.1 kg together; one shipment may weigh at most 1000 kg/);
  const justEnough = priceOrder(policy, { country: 'NL', lines: [line(100, RATE_CARD.maxWeightGrams / 100)], service: 'STANDARD' });
  assert.ok(justEnough.ok, 'the maximum itself ships');
});

test('a service no carrier offers in the zone, and a code that is no country, are refused', () => {
  // A card on which nobody flies EXPRESS outside the EU.
  const card: RateCard = {
    ...RATE_CARD,
    carriers: RATE_CARD.carriers.map((carrier) => ({ ...carrier, rates: { ...carrier.rates, WORLD: { STANDARD: carrier.rates.WORLD!.STANDARD! } } })),
  };
  const noExpress: ShippingPolicy = { card, freeStandardFrom: DEFAULT_FREE_STANDARD_FROM };
  const refused = priceOrder(noExpress, { country: 'US', lines: [line(1, 500)], service: 'EXPRESS' });
  assert.deepEqual(refused.ok ? undefined : [refused.reason, refused.message], ['NO_CARRIER', 'No carrier offers EXPRESS shipping to US.']);
  assert.ok(priceOrder(noExpress, { country: 'US', lines: [line(1, 500)], service: 'STANDARD' }).ok);
  assert.ok(priceOrder(noExpress, { country: 'DE', lines: [line(1, 500)], service: 'EXPRESS' }).ok);

  const unknown = priceOrder(policy, { country: 'XX', lines: [line(1, 500)], service: 'STANDARD' });
  assert.equal(unknown.ok ? undefined : unknown.reason, 'UNKNOWN_COUNTRY');
});

test('a refusal reads as the rate card’s reason plus what the shopper can do about it', () => {
  const refusal = cheapestRate(RATE_CARD, { country: 'NL', lines: [line(2, RATE_CARD.maxWeightGrams)], service: 'STANDARD' });
  assert.ok(!refusal.ok);
  const message = unshippableMessage(refusal);
  assert.ok(message.startsWith('This order cannot be shipped: '), message);
  assert.ok(message.includes(refusal.message), message);
  assert.match(message, /Remove some items/);
  assert.match(unshippableMessage({ ok: false, reason: 'NO_CARRIER', message: 'No carrier offers EXPRESS shipping to US.' }), /Choose another shipping service/);
});

test('the policy must price in the store currency from a consistent card', () => {
  assert.deepEqual(shippingPolicyProblems(policy, 'EUR'), []);
  assert.deepEqual(shippingPolicyProblems(policy, 'USD'), ['the store currency is USD but the rate card prices in EUR']);
  const broken: ShippingPolicy = { card: { ...RATE_CARD, weightBandsGrams: [5000, 2000] }, freeStandardFrom: 49.5 };
  const problems = shippingPolicyProblems(broken, 'EUR');
  assert.ok(problems.includes('weight bands are not ascending'), JSON.stringify(problems));
  assert.ok(problems.includes('the free-STANDARD subtotal must be whole minor units, not 49.5'), JSON.stringify(problems));
});
