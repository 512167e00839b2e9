import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

// The repository's own rules (.dependency-cruiser.cjs, `npm run deps`) run over a fixture
// tree that breaks them on purpose: if a rule stops biting, this fails.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('../../../scripts/fixtures/dependency-rules/', import.meta.url));

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

function cruiseFixture(outputType: 'json' | 'err') {
  const result = spawnSync(
    process.execPath,
    [
      `${root}node_modules/dependency-cruiser/bin/dependency-cruise.mjs`,
      '--config',
      `${root}.dependency-cruiser.cjs`,
      '--output-type',
      outputType,
      'subgraphs',
    ],
    { cwd: fixture, encoding: 'utf8' },
  );
  assert.equal(result.error, undefined);
  return result;
}

test('the dependency rules report a domain file importing typeorm or the service kit, an import cycle, a cross-subgraph import, a store importing the carrier and a service talking to the search engine, and nothing else', () => {
  const report = JSON.parse(cruiseFixture('json').stdout) as { summary: { violations: Violation[] } };
  const violations = report.summary.violations;

  const found = violations
    .map(({ rule, from, to }) => `${rule.name}: ${from} -> ${to.replace(/^.*node_modules\//, 'node_modules/')}`)
    .sort();
  assert.deepEqual(found, [
    'domain-stays-pure: subgraphs/shop/src/domain/order.ts -> node_modules/typeorm/index.d.ts',
    'domain-uses-only-pure-packages: subgraphs/shop/src/domain/tax.ts -> ../../../packages/service-kit/src/index.ts',
    'no-circular: subgraphs/shop/src/domain/discount.ts -> subgraphs/shop/src/domain/price.ts',
    'no-cross-subgraph: subgraphs/billing/src/invoice.ts -> subgraphs/shop/src/domain/price.ts',
    'search-engine-behind-store: subgraphs/shop/src/services/finder.ts -> node_modules/@opensearch-project/opensearch/index.js',
    'store-calls-no-carrier-or-gateway: subgraphs/shop/src/store/parcel-store.ts -> subgraphs/shop/src/carrier/port.ts',
  ]);
  const cycle = violations.find(({ rule }) => rule.name === 'no-circular')?.cycle?.map(({ name }) => name);
  assert.deepEqual(cycle, ['subgraphs/shop/src/domain/price.ts', 'subgraphs/shop/src/domain/discount.ts']);
  // The way `npm run deps` runs it, they fail the step: the exit status counts the errors.
  assert.equal(cruiseFixture('err').status, 6);
});
