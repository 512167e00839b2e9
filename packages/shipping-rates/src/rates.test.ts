import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RATE_CARD } from './rate-card.ts';
import { COUNTRY_CODES, isCountry } from '@commerce/domain-kit';
import {
  SERVICES,
  addBusinessDays,
  cheapestRate,
  priceOf,
  quote,
  rateCardProblems,
  totalWeight,
  trackingUrlOf,
  zoneOf,
  type RateCard,
} from './rates.ts';

const parcel = (weightGrams: number) => [{ quantity: 1, weightGrams }];

function rates(country: string, weightGrams: number, service?: 'STANDARD' | 'EXPRESS') {
  const result = quote(RATE_CARD, { country, lines: parcel(weightGrams), service });
  assert.ok(result.ok, `a quote to ${country}`);
  return result.rates.map((rate) => [rate.carrier, rate.service, rate.price.amount, rate.estimatedDays]);
}

test('the configured rate card is consistent: ascending bands, a price per band, every service offered in every zone', () => {
  assert.deepEqual(rateCardProblems(RATE_CARD), []);
});

test('rateCardProblems catches a card that cannot price every parcel', () => {
  const broken: RateCard = {
    ...RATE_CARD,
    weightBandsGrams: [5000, 2000],
    zones: [{ name: 'DOMESTIC', countries: ['NL', 'XX'] }, { name: 'EU', countries: ['NL'] }],
    carriers: [{ ...RATE_CARD.carriers[0]!, rates: { DOMESTIC: { STANDARD: { days: 0, prices: [500], extraPerKg: 10 } } } }],
  };
  const problems = rateCardProblems(broken);
  for (const expected of [
    'weight bands are not ascending',
    'exactly one zone, the last, must cover the REST',
    'XX is not a country code',
    'NL is in two zones',
    'PostNL DOMESTIC STANDARD has 1 prices for 2 bands',
    'PostNL DOMESTIC STANDARD must take at least one day',
    'no carrier offers EXPRESS in DOMESTIC',
    'no carrier offers STANDARD in EU',
  ]) {
    assert.ok(problems.includes(expected), `${expected} in ${JSON.stringify(problems)}`);
  }
});

test('the Netherlands is domestic, EU members are EU, every other country is WORLD, and non-countries have no zone', () => {
  assert.equal(zoneOf(RATE_CARD, 'NL'), 'DOMESTIC');
  assert.equal(zoneOf(RATE_CARD, 'nl'), 'DOMESTIC', 'case does not matter');
  for (const code of ['DE', 'BE', 'FR', 'IE', 'MT', 'CY', 'SE']) assert.equal(zoneOf(RATE_CARD, code), 'EU', code);
  for (const code of ['GB', 'CH', 'NO', 'US', 'JP', 'AU']) assert.equal(zoneOf(RATE_CARD, code), 'WORLD', code);
  for (const code of ['XX', 'EU', 'UK', 'ZZ', '', 'NLD']) assert.equal(zoneOf(RATE_CARD, code), undefined, code);
});

test('the country list holds the 249 assigned ISO 3166-1 codes, each one a region the runtime can name', () => {
  assert.equal(COUNTRY_CODES.size, 249);
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (const code of COUNTRY_CODES) assert.ok(names.of(code), `${code} is a region`);
  assert.equal(isCountry('XK'), false, 'Kosovo has no assigned code');
});

test('a domestic parcel is cheapest with PostNL; the rates come sorted by price, then transit time', () => {
  assert.deepEqual(rates('NL', 1500), [
    ['PostNL', 'STANDARD', 495, 2],
    ['DHL', 'STANDARD', 545, 2],
    ['UPS', 'STANDARD', 695, 2],
    ['PostNL', 'EXPRESS', 895, 1],
    ['UPS', 'EXPRESS', 1095, 1],
    ['DHL', 'EXPRESS', 1195, 1],
  ]);
});

test('EU and WORLD parcels cost more than domestic ones, and not every carrier offers EXPRESS everywhere', () => {
  assert.deepEqual(rates('DE', 1500, 'STANDARD')[0], ['DHL', 'STANDARD', 995, 4]);
  assert.deepEqual(rates('US', 1500, 'STANDARD')[0], ['PostNL', 'STANDARD', 2495, 10]);
  assert.deepEqual(
    rates('DE', 1500, 'EXPRESS').map(([carrier]) => carrier),
    ['UPS', 'DHL'],
    'PostNL has no EXPRESS service abroad',
  );
  const cheapest = (country: string) => rates(country, 1500, 'STANDARD')[0]![2] as number;
  assert.ok(cheapest('NL') < cheapest('DE') && cheapest('DE') < cheapest('US'));
});

test('EXPRESS is dearer than STANDARD in every zone and weight band', () => {
  for (const country of ['NL', 'FR', 'CA']) {
    for (const weight of [100, 3000, 8000, 15000, 30000, 50000]) {
      const standard = cheapestRate(RATE_CARD, { country, lines: parcel(weight), service: 'STANDARD' });
      const express = cheapestRate(RATE_CARD, { country, lines: parcel(weight), service: 'EXPRESS' });
      assert.ok(standard.ok && express.ok);
      assert.ok(express.rate.price.amount > standard.rate.price.amount, `${country} ${weight} g`);
      assert.ok(express.rate.estimatedDays < standard.rate.estimatedDays, `${country} ${weight} g is faster`);
    }
  }
});

test('a weight band includes its upper bound; above the heaviest band every started kilogram costs extra', () => {
  const postnl = RATE_CARD.carriers[0]!.rates.DOMESTIC!.STANDARD!;
  assert.equal(priceOf(RATE_CARD, postnl, 0), 495);
  assert.equal(priceOf(RATE_CARD, postnl, 2000), 495);
  assert.equal(priceOf(RATE_CARD, postnl, 2001), 695);
  assert.equal(priceOf(RATE_CARD, postnl, 10_000), 895);
  assert.equal(priceOf(RATE_CARD, postnl, 31_500), 1695);
  assert.equal(priceOf(RATE_CARD, postnl, 31_501), 1695 + 60);
  assert.equal(priceOf(RATE_CARD, postnl, 33_500), 1695 + 2 * 60);
  assert.equal(priceOf(RATE_CARD, postnl, 33_501), 1695 + 3 * 60);
});

test('the weight is every line times its quantity; lines without a weight count as the default item weight', () => {
  assert.equal(totalWeight(RATE_CARD, [{ quantity: 3, weightGrams: 400 }, { quantity: 2, weightGrams: 1000 }]), 3200);
  assert.equal(totalWeight(RATE_CARD, [{ quantity: 2, weightGrams: null }, { quantity: 1 }]), 3 * RATE_CARD.defaultItemWeightGrams);
  const heavier = quote(RATE_CARD, { country: 'NL', lines: [{ quantity: 3, weightGrams: 1000 }] });
  assert.ok(heavier.ok);
  assert.equal(heavier.weightGrams, 3000);
  assert.equal(heavier.rates[0]!.price.amount, 695, 'the 2-5 kg band');
});

test('unknown countries and parcels above the maximum weight are refused with a reason', () => {
  const unknown = quote(RATE_CARD, { country: 'XX', lines: parcel(100) });
  assert.deepEqual(unknown.ok ? undefined : unknown.reason, 'UNKNOWN_COUNTRY');
  const heavy = quote(RATE_CARD, { country: 'NL', lines: [{ quantity: 2, weightGrams: RATE_CARD.maxWeightGrams / 2 + 1 }] });
  assert.equal(heavy.ok ? undefined : heavy.reason, 'TOO_HEAVY');
  assert.match(heavy.ok ? '' : heavy.message, /at most 1000 kg/);
});

test('the service filter keeps only that service; cheapestRate picks the first of them', () => {
  for (const service of SERVICES) {
    const result = quote(RATE_CARD, { country: 'BE', lines: parcel(4000), service });
    assert.ok(result.ok && result.rates.length > 0 && result.rates.every((rate) => rate.service === service));
    const cheapest = cheapestRate(RATE_CARD, { country: 'BE', lines: parcel(4000), service });
    assert.deepEqual(cheapest.ok && cheapest.rate, result.rates[0]);
  }
});

test('prices are in the card currency', () => {
  const result = quote(RATE_CARD, { country: 'NL', lines: parcel(10) });
  assert.ok(result.ok && result.rates.every((rate) => rate.price.currency === 'EUR'));
});

test('tracking URLs fill in the carrier template, without spaces in the postal code', () => {
  const address = { country: 'NL', postalCode: '1011 AB' };
  assert.equal(
    trackingUrlOf(RATE_CARD, { carrier: 'PostNL', trackingNumber: '3SCMRC0923959638135785021', address }),
    'https://jouw.postnl.nl/track-and-trace/3SCMRC0923959638135785021-NL-1011AB',
  );
  assert.equal(
    trackingUrlOf(RATE_CARD, { carrier: 'UPS', trackingNumber: '1Z03X9RKUATIRHI3D3', address }),
    'https://www.ups.com/track?tracknum=1Z03X9RKUATIRHI3D3',
  );
});

test('business days skip weekends and land at 18:00 UTC', () => {
  const friday = new Date('2030-01-04T09:30:00Z');
  assert.equal(addBusinessDays(friday, 1).toISOString(), '2030-01-07T18:00:00.000Z', 'Monday');
  assert.equal(addBusinessDays(friday, 5).toISOString(), '2030-01-11T18:00:00.000Z', 'next Friday');
  const saturday = new Date('2030-01-05T23:59:00Z');
  assert.equal(addBusinessDays(saturday, 1).toISOString(), '2030-01-07T18:00:00.000Z');
  assert.equal(addBusinessDays(new Date('2030-01-01T00:00:00Z'), 2).toISOString(), '2030-01-03T18:00:00.000Z');
});
