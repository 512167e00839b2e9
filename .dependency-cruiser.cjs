// Dependency rules that check themselves (`npm run deps`, a step of `npm test`); why each
// exists is in docs/architecture.md#dependency-rules.
// scripts/fixtures/dependency-rules/ breaks every rule on purpose, and
// packages/testkit/src/dependency-rules.test.ts proves this config reports it.

/** Libraries that do I/O or belong to an adapter: pure domain code never imports them. */
const INFRASTRUCTURE_LIBRARIES =
  '(^|/)node_modules/(@types/)?(typeorm|mongoose|mongodb|pg|kafkajs|graphql|@apollo/[^/]+|@opensearch-project/[^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: move the piece both files need into a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-stays-pure',
      severity: 'error',
      comment:
        "A subgraph's domain/ is pure decisions: no store, no Kafka handlers, no ORM, driver, Kafka or GraphQL " +
        'library. It may use @commerce/events for the contracts of the events it decides on.',
      from: { path: '^subgraphs/[^/]+/src/domain/' },
      to: {
        path: ['^subgraphs/[^/]+/src/(store|events)/', INFRASTRUCTURE_LIBRARIES],
      },
    },
    {
      name: 'domain-uses-only-pure-packages',
      severity: 'error',
      comment:
        "A subgraph's domain/ takes shared values from @commerce/domain-kit (ids, money, countries, addresses, " +
        'error codes, roles), contracts from @commerce/events and the rate card from @commerce/shipping-rates; ' +
        '@commerce/service-kit and the other kits load the ORM, drivers, Kafka and Apollo.',
      from: { path: '^subgraphs/[^/]+/src/domain/' },
      to: { path: '(^|/)packages/[^/]+/', pathNot: '(^|/)packages/(domain-kit|events|shipping-rates)/' },
    },
    {
      name: 'store-calls-no-carrier-or-gateway',
      severity: 'error',
      comment:
        "A subgraph's store/ only persists: it never reaches a carrier or payment gateway (their ports or the " +
        'sandboxes behind them). A call to one would sit inside a transaction, holding locks and a connection ' +
        'for as long as the call takes; the use case in services/ calls it between its reads and its write.',
      from: { path: '^subgraphs/[^/]+/src/store/' },
      to: { path: '^subgraphs/[^/]+/src/(carrier|gateway|sandbox)/' },
    },
    {
      name: 'no-cross-subgraph',
      severity: 'error',
      comment:
        'A subgraph never imports another subgraph: data crosses by entity reference through the router ' +
        'or by event, and shared code lives in packages/.',
      from: { path: '^subgraphs/([^/]+)/' },
      to: { path: '^subgraphs/', pathNot: '^subgraphs/$1/' },
    },
    {
      name: 'search-engine-behind-store',
      severity: 'error',
      comment:
        "Only a subgraph's store/ talks to the search engine: services, resolvers and handlers go through it, " +
        'so the engine can be swapped or mocked in one place.',
      from: { path: '^subgraphs/[^/]+/src/', pathNot: '^subgraphs/[^/]+/src/store/' },
      to: { path: '(^|/)node_modules/@opensearch-project/' },
    },
    {
      name: 'subgraph-sources-stay-private',
      severity: 'error',
      comment:
        'Only the in-process stacks may import subgraph sources: router/test and bench boot every subgraph ' +
        'in one process. packages/ and router/src never do.',
      from: { pathNot: ['^subgraphs/', '^router/test/', '^bench/'] },
      to: { path: '^subgraphs/' },
    },
  ],
  options: {
    // Type-only imports count: a cycle through `import type` is still a cycle of meaning.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // The fixture breaks the rules on purpose; its test cruises it on its own.
    exclude: { path: ['^scripts/fixtures/', '(^|/)\\.data/', '(^|/)dist/'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
