// scripts/manifests.ts as `npm test` runs it (--check), over a copy of clients/ and the supergraph.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = (env: Record<string, string>, ...args: string[]) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/manifests.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

describe('npm run manifests', () => {
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'manifests-'));
    await cp(join(root, 'clients'), join(dir, 'clients'), { recursive: true, filter: (source) => !source.includes('node_modules') });
    await cp(join(root, 'schema/supergraph.graphql'), join(dir, 'supergraph.graphql'));
    env = { CLIENTS_DIR: join(dir, 'clients'), SUPERGRAPH_PATH: join(dir, 'supergraph.graphql') };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the committed manifests are up to date', () => {
    const { status, output } = run({}, '--check');
    assert.equal(status, 0, output);
    assert.match(output, /clients\/mobile\/persisted-query-manifest\.json is up to date/);
  });

  test('a client operation edited without rebuilding the manifest fails the check, naming the client and the operation', async () => {
    const file = join(dir, 'clients/mobile/src/operations/cart.graphql');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('query MyCart {\n  myCart {', 'query MyCart {\n  myCart {\n    updatedAt'));
    try {
      const { status, output } = run(env, '--check');
      assert.equal(status, 1, output);
      assert.match(output, /persisted-query-manifest\.json is stale \(client mobile: MyCart changed\): run `npm run manifests`/);
      assert.equal(run(env).status, 0, 'rebuilding fixes it');
      assert.equal(run(env, '--check').status, 0);
    } finally {
      await writeFile(file, original);
    }
  });

  test('an operation over the router\'s cost budget fails the build, naming the client, the operation and its cost', () => {
    const { status, output } = run({ ...env, MAX_OPERATION_COST: '100' }, '--check');
    assert.equal(status, 1, output);
    assert.match(output, /clients\/mobile: operation BrowseProducts costs \d+, over the router's budget of 100/);
    assert.equal(run(env).status, 0, 'within the default budget');
  });

  test('a schema change that breaks a client operation fails, naming the client, the operation and the field', async () => {
    const supergraph = await readFile(env.SUPERGRAPH_PATH!, 'utf8');
    // The catalog drops Product.brand.
    const changed = supergraph.replace('  brand: String @join__field(graph: CATALOG)\n', '');
    assert.notEqual(changed, supergraph);
    await writeFile(env.SUPERGRAPH_PATH!, changed);
    try {
      const { status, output } = run(env, '--check');
      assert.equal(status, 1, output);
      assert.match(output, /client mobile, operation BrowseProducts, .*Cannot query field "brand" on type "Product"/);
      assert.match(output, /client mobile, operation ProductDetail, .*Cannot query field "brand" on type "Product"/);
    } finally {
      await writeFile(env.SUPERGRAPH_PATH!, supergraph);
    }
  });

  test('a new folder under clients/ with operations gets its own manifest with no other change', async () => {
    const client = join(dir, 'clients/kiosk/src');
    await cp(join(dir, 'clients/mobile/src/operations/fragments.graphql'), join(client, 'fragments.graphql'));
    await writeFile(join(client, 'menu.graphql'), 'query KioskMenu { products(first: 5) { edges { node { ...ProductCard } } } }\n');
    const { status, output } = run(env);
    assert.equal(status, 0, output);
    const manifest = JSON.parse(await readFile(join(dir, 'clients/kiosk/persisted-query-manifest.json'), 'utf8'));
    assert.deepEqual(manifest.operations.map((o: { name: string }) => o.name), ['KioskMenu']);
    await rm(join(dir, 'clients/kiosk'), { recursive: true });
  });
});
