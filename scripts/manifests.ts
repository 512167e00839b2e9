// Builds every client's trusted-documents manifest from its operations, validated against the
// API schema of schema/supergraph.graphql (docs/router.md).
//   tsx scripts/manifests.ts           write clients/<name>/persisted-query-manifest.json
//   tsx scripts/manifests.ts --check   fail if an operation breaks or a manifest is stale
// A client is any folder under clients/ with .graphql files under its src/; none needs registering.
// Every operation is also costed as the router costs it (its variables' defaults, list sizes
// from @listSize or the default): one over the router's budget fails the build.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import {
  MANIFEST_FILE,
  apiSchemaOf,
  buildManifest,
  formatProblem,
  manifestDiff,
  parseManifest,
  printManifest,
  type PersistedQueryManifest,
} from '@commerce/trusted-documents';
import { costSchemaFromSdl, estimateCost } from '../router/src/guardrails/cost.ts';
import { REQUEST_LIMITS } from '../router/src/limits.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const clientsDir = resolve(root, process.env.CLIENTS_DIR ?? 'clients');
const supergraphPath = resolve(root, process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql');
const check = process.argv.includes('--check');

function graphqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : graphqlFiles(path);
      return /\.(graphql|gql)$/.test(name) ? [path] : [];
    });
}

const supergraph = readFileSync(supergraphPath, 'utf8');
const schema = apiSchemaOf(supergraph);
const costSchema = costSchemaFromSdl(supergraph);
const maximumCost = Number(process.env.MAX_OPERATION_COST ?? REQUEST_LIMITS.cost);
const clients = readdirSync(clientsDir)
  .filter((name) => statSync(join(clientsDir, name)).isDirectory())
  .sort()
  .map((name) => ({ name, files: graphqlFiles(join(clientsDir, name, 'src')) }))
  .filter((client) => client.files.length > 0);

let failed = false;
for (const client of clients) {
  const files = client.files.map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
  const result = buildManifest(client.name, files, schema);
  if (!result.manifest) {
    failed = true;
    console.error(`clients/${client.name}: ${result.problems.length} operation problem(s) against ${relative(root, supergraphPath)}:`);
    for (const problem of result.problems) console.error(`  - ${formatProblem(problem)}`);
    continue;
  }
  const costly = result.manifest.operations
    .map((operation) => ({
      name: operation.name,
      cost: estimateCost(costSchema, parse(operation.body), {}, { operationName: operation.name, defaultListSize: REQUEST_LIMITS.defaultListSize }),
    }))
    .filter((operation) => operation.cost > maximumCost);
  if (costly.length > 0) {
    failed = true;
    for (const operation of costly) {
      console.error(`clients/${client.name}: operation ${operation.name} costs ${operation.cost}, over the router's budget of ${maximumCost} (MAX_OPERATION_COST): ask for smaller pages or fewer fields`);
    }
    continue;
  }
  const path = join(clientsDir, client.name, MANIFEST_FILE);
  const text = printManifest(result.manifest);
  const label = relative(root, path);
  if (!check) {
    writeFileSync(path, text);
    console.log(`wrote ${label} (${result.manifest.operations.length} operations)`);
    continue;
  }
  const committed = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (committed === text) {
    console.log(`${label} is up to date (${result.manifest.operations.length} operations)`);
    continue;
  }
  failed = true;
  let before: PersistedQueryManifest | undefined;
  try {
    before = committed === undefined ? undefined : parseManifest(committed);
  } catch {
    before = undefined;
  }
  const changes = manifestDiff(before, result.manifest);
  console.error(`${label} is stale (client ${client.name}: ${changes.join(', ') || 'formatting'}): run \`npm run manifests\` and commit the result.`);
}
if (failed) process.exit(1);
if (clients.length === 0) console.log('no client operations under clients/');
