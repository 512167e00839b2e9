import { Supergraph } from '@apollo/federation-internals';
import {
  GraphQLError,
  Kind,
  parse,
  print,
  specifiedRules,
  validate,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { operationId, type ManifestOperation, type PersistedQueryManifest } from './manifest.ts';

/** The schema clients see: the supergraph without join__/link machinery and @inaccessible parts. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  // No feature check: the supergraph links @authenticated/@requiresScopes `for: SECURITY`, which
  // the router enforces itself and federation-internals would refuse; operations validate the same.
  return Supergraph.build(supergraphSdl, { supportedFeatures: null }).apiSchema().toGraphQLJSSchema();
}

/** One `.graphql` file of a client. */
export interface SourceFile {
  /** Shown in errors, e.g. `clients/mobile/src/operations/cart.graphql`. */
  path: string;
  text: string;
}

/** A problem with one client's operations, phrased for the person who changes them. */
export interface ManifestProblem {
  client: string;
  operation?: string;
  file?: string;
  message: string;
}

export function formatProblem(problem: ManifestProblem): string {
  const where = [`client ${problem.client}`, problem.operation ? `operation ${problem.operation}` : undefined, problem.file].filter(Boolean).join(', ');
  return `${where}: ${problem.message}`;
}

export type BuildResult = { manifest: PersistedQueryManifest; problems: [] } | { manifest?: undefined; problems: ManifestProblem[] };

/**
 * Every named operation in a client's files, with the fragments it uses (from any of its
 * files), validated against the API schema. The body is the operation followed by its
 * fragments sorted by name, printed by graphql-js; the id is the body's SHA-256.
 */
export function buildManifest(client: string, files: readonly SourceFile[], schema: GraphQLSchema): BuildResult {
  const problems: ManifestProblem[] = [];
  const operations = new Map<string, { node: OperationDefinitionNode; file: string }>();
  const fragments = new Map<string, { node: FragmentDefinitionNode; file: string }>();

  for (const file of files) {
    let document: DocumentNode;
    try {
      document = parse(file.text);
    } catch (err) {
      problems.push({ client, file: file.path, message: err instanceof GraphQLError ? err.message : String(err) });
      continue;
    }
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) {
        const name = definition.name?.value;
        if (!name) {
          problems.push({ client, file: file.path, message: 'every operation needs a name (the manifest and the router identify it by name)' });
        } else if (operations.has(name)) {
          problems.push({ client, operation: name, file: file.path, message: `defined twice (also in ${operations.get(name)!.file})` });
        } else {
          operations.set(name, { node: definition, file: file.path });
        }
      } else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        const name = definition.name.value;
        if (fragments.has(name)) problems.push({ client, file: file.path, message: `fragment ${name} is defined twice (also in ${fragments.get(name)!.file})` });
        else fragments.set(name, { node: definition, file: file.path });
      } else {
        problems.push({ client, file: file.path, message: `only operations and fragments belong here, not a ${definition.kind}` });
      }
    }
  }

  const built: ManifestOperation[] = [];
  for (const [name, { node, file }] of [...operations].sort(([a], [b]) => a.localeCompare(b))) {
    const used = fragmentsUsedBy(node, fragments);
    if ('missing' in used) {
      problems.push({ client, operation: name, file, message: `uses fragment ${used.missing}, which no file of this client defines` });
      continue;
    }
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [node, ...used.fragments] as DefinitionNode[] };
    const errors = validate(schema, document, specifiedRules);
    for (const error of errors) problems.push({ client, operation: name, file, message: error.message });
    if (errors.length > 0) continue;
    const body = print(document);
    built.push({ id: operationId(body), name, type: node.operation, body });
  }
  if (problems.length > 0) return { problems };
  return { manifest: { format: 'apollo-persisted-query-manifest', version: 1, operations: built }, problems: [] };
}

function fragmentsUsedBy(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, { node: FragmentDefinitionNode }>,
): { fragments: FragmentDefinitionNode[] } | { missing: string } {
  const seen = new Map<string, FragmentDefinitionNode>();
  const pending: { selectionSet: OperationDefinitionNode['selectionSet'] }[] = [operation];
  while (pending.length > 0) {
    const next = pending.pop()!;
    let missing: string | undefined;
    visit(next.selectionSet, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (seen.has(name)) return;
        const fragment = fragments.get(name)?.node;
        if (!fragment) {
          missing ??= name;
          return;
        }
        seen.set(name, fragment);
        pending.push(fragment);
      },
    });
    if (missing) return { missing };
  }
  return { fragments: [...seen.values()].sort((a, b) => a.name.value.localeCompare(b.name.value)) };
}

/** What changed between two manifests, by operation name (for the staleness message). */
export function manifestDiff(before: PersistedQueryManifest | undefined, after: PersistedQueryManifest): string[] {
  const old = new Map((before?.operations ?? []).map((o) => [o.name, o.id]));
  const now = new Map(after.operations.map((o) => [o.name, o.id]));
  const changes: string[] = [];
  for (const [name, id] of now) {
    if (!old.has(name)) changes.push(`${name} added`);
    else if (old.get(name) !== id) changes.push(`${name} changed`);
  }
  for (const name of old.keys()) if (!now.has(name)) changes.push(`${name} removed`);
  return changes;
}
