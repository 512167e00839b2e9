import type { RateCard } from './rates.ts';

// The shipping rules as data: change prices, zones or carriers here, not in code. Prices are
// EUR cents; rates.ts reads them and `rateCardProblems` keeps the card consistent.

/** The EU member states besides the Netherlands (the domestic zone). */
const EU = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR',
  'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
];

export const RATE_CARD: RateCard = {
  currency: 'EUR',
  weightBandsGrams: [2_000, 5_000, 10_000, 20_000, 31_500],
  maxWeightGrams: 1_000_000,
  defaultItemWeightGrams: 500,
  origin: 'Commerce fulfilment centre, Tilburg',
  zones: [
    { name: 'DOMESTIC', countries: ['NL'] },
    { name: 'EU', countries: EU },
    { name: 'WORLD', countries: 'REST' },
  ],
  carriers: [
    {
      name: 'PostNL',
      trackingUrl: 'https://jouw.postnl.nl/track-and-trace/{trackingNumber}-{country}-{postalCode}',
      hub: 'Nieuwegein sorting centre',
      rates: {
        DOMESTIC: {
          STANDARD: { days: 2, prices: [495, 695, 895, 1295, 1695], extraPerKg: 60 },
          EXPRESS: { days: 1, prices: [895, 1095, 1395, 1795, 2295], extraPerKg: 90 },
        },
        EU: { STANDARD: { days: 5, prices: [1095, 1495, 2195, 2995, 3995], extraPerKg: 120 } },
        WORLD: { STANDARD: { days: 10, prices: [2495, 3495, 5495, 7995, 9995], extraPerKg: 300 } },
      },
    },
    {
      name: 'DHL',
      trackingUrl: 'https://www.dhl.com/nl-en/home/tracking.html?tracking-id={trackingNumber}',
      hub: 'Amsterdam hub',
      rates: {
        DOMESTIC: {
          STANDARD: { days: 2, prices: [545, 745, 945, 1345, 1745], extraPerKg: 65 },
          EXPRESS: { days: 1, prices: [1195, 1495, 1895, 2495, 2995], extraPerKg: 110 },
        },
        EU: {
          STANDARD: { days: 4, prices: [995, 1395, 1995, 2795, 3695], extraPerKg: 110 },
          EXPRESS: { days: 2, prices: [2495, 3295, 4495, 5995, 7495], extraPerKg: 220 },
        },
        WORLD: {
          STANDARD: { days: 8, prices: [2995, 3995, 5995, 8495, 10995], extraPerKg: 320 },
          EXPRESS: { days: 3, prices: [4995, 6495, 8995, 12495, 15995], extraPerKg: 480 },
        },
      },
    },
    {
      name: 'UPS',
      trackingUrl: 'https://www.ups.com/track?tracknum={trackingNumber}',
      hub: 'Eindhoven hub',
      rates: {
        DOMESTIC: {
          STANDARD: { days: 2, prices: [695, 895, 1195, 1595, 1995], extraPerKg: 70 },
          EXPRESS: { days: 1, prices: [1095, 1395, 1795, 2295, 2795], extraPerKg: 100 },
        },
        EU: {
          STANDARD: { days: 4, prices: [1195, 1595, 2095, 2895, 3795], extraPerKg: 115 },
          EXPRESS: { days: 2, prices: [2295, 2995, 4195, 5695, 7195], extraPerKg: 200 },
        },
        WORLD: {
          STANDARD: { days: 7, prices: [2795, 3895, 5795, 8295, 10495], extraPerKg: 310 },
          EXPRESS: { days: 3, prices: [4595, 5995, 8495, 11995, 15495], extraPerKg: 450 },
        },
      },
    },
  ],
};
