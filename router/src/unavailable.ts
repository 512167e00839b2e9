import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';

export interface UnavailableError {
  message: string;
  path: (string | number)[];
  extensions: { code: 'SERVICE_UNAVAILABLE'; serviceName: string };
}

/** Response keys of a selection set's fields, looking through inline fragments; __typename needs no subgraph. */
function responseKeys(selectionSet: SelectionSetNode): string[] {
  const keys = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') keys.add(selection.alias?.value ?? selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) for (const key of responseKeys(selection.selectionSet)) keys.add(key);
  }
  return [...keys];
}

/**
 * What a subgraph that could not be reached "answered" to one fetch of a query plan: an error
 * at every field the fetch asked for, in the subgraph's own paths (`_entities.<i>.<field>` for an
 * entity fetch, `<field>` for a root fetch). The gateway maps those onto the client's paths,
 * so each of those fields is null with an error naming it, and nothing else is.
 */
export function unavailableErrors(serviceName: string, document: DocumentNode, representations: number): UnavailableError[] {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return [];
  const error = (path: (string | number)[]): UnavailableError => ({
    message: `The ${serviceName} service is unavailable; ${path.at(-1)} could not be loaded.`,
    path,
    extensions: { code: 'SERVICE_UNAVAILABLE', serviceName },
  });
  const [first] = operation.selectionSet.selections;
  if (first?.kind === Kind.FIELD && first.name.value === '_entities' && first.selectionSet) {
    const keys = responseKeys(first.selectionSet);
    return Array.from({ length: representations }, (_, index) => keys.map((key) => error(['_entities', index, key]))).flat();
  }
  return responseKeys(operation.selectionSet).map((key) => error([key]));
}
