import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, type OperationDefinitionNode } from 'graphql';
import manifest from '../../persisted-query-manifest.json' with { type: 'json' };

/** What the client sends instead of an operation's text: its name, kind and manifest id. */
export interface PersistedOperation {
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  id: string;
}

const ids = new Map(manifest.operations.map((operation) => [operation.name, operation.id]));
const resolved = new WeakMap<object, PersistedOperation>();

/**
 * The manifest entry of a generated document. A document missing from the manifest is a
 * build mistake (run `npm run manifests`), so it throws rather than falling back to text.
 */
export function persistedOperation(document: TypedDocumentNode<unknown, never> | TypedDocumentNode<never, never> | object): PersistedOperation {
  const known = resolved.get(document);
  if (known) return known;
  const definitions = (document as { definitions?: readonly { kind: string }[] }).definitions ?? [];
  const operation = definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const name = operation?.name?.value;
  const id = name ? ids.get(name) : undefined;
  if (!operation || !name || !id) throw new Error(`operation ${name ?? '(unnamed)'} is not in clients/mobile/persisted-query-manifest.json: run npm run manifests`);
  const entry: PersistedOperation = { name, type: operation.operation, id };
  resolved.set(document, entry);
  return entry;
}

/** The `extensions` that stand for an operation's text. */
export const persistedExtensions = (operation: PersistedOperation) => ({ persistedQuery: { version: 1, sha256Hash: operation.id } });
