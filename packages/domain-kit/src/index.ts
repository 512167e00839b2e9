// Pure values every service shares (and the Refusal they throw): no I/O, no ORM, driver, Kafka or GraphQL library, so a
// subgraph's domain/ may import it (docs/architecture.md#dependency-rules). @commerce/service-kit
// re-exports all of it for code outside domain/.
export * from './ids.ts';
export * from './money.ts';
export * from './countries.ts';
export * from './address.ts';
export * from './codes.ts';
export * from './refusal.ts';
