// What shipping costs, in one place for the shipping subgraph (quotes, carrier choice) and the
// orders subgraph (the shipping charged at checkout), so the two can never disagree.
export * from './rates.ts';
export { RATE_CARD } from './rate-card.ts';
