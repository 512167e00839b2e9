import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  getArgumentValues,
  getVariableValues,
  parseType,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';

/** Variables the router adds to a payload query; clients cannot collide with names this odd. */
export const ENTITY_VARIABLE = 'routerEntityId__';
export const VERSION_VARIABLE = 'routerEntityVersion__';

export interface PayloadQuery {
  /** The query field the selection set runs under, its id argument and optional version argument. */
  field: string;
  idArgument: string;
  versionArgument?: string;
}

/** A validated subscription operation, turned into the query that resolves each payload. */
export interface PreparedSubscription {
  field: string;
  /** The subscription's arguments, coerced. */
  args: Record<string, unknown>;
  /** One query document (same text for every payload, so the gateway's plan cache holds). */
  query: string;
  /** The client's variables the query still uses. */
  variables: Record<string, unknown>;
}

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * The subscription's root field and arguments. The document must already be valid against
 * `schema` (one root field per subscription is a validation rule).
 */
export function subscriptionRoot(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | null | undefined,
): { node: FieldNode; field: string; args: Record<string, unknown> } | GraphQLError[] {
  const root = operation.selectionSet.selections[0];
  if (operation.selectionSet.selections.length !== 1 || root?.kind !== Kind.FIELD) {
    return [badInput('Select the subscription field directly in the operation, not through a fragment.')];
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return coerced.errors.map((error) => badInput(error.message));
  const definition = schema.getSubscriptionType()?.getFields()[root.name.value];
  if (!definition) return [badInput(`Unknown subscription field ${root.name.value}.`)];
  try {
    return { node: root, field: root.name.value, args: getArgumentValues(definition, root, coerced.coerced) };
  } catch (err) {
    return [badInput(err instanceof Error ? err.message : String(err))];
  }
}

/**
 * Rewrites `subscription { field(args) { selection } }` into
 * `query { field: <payload.field>(id: $entity, version: $version) { selection } }`, keeping
 * the alias, directives and the fragments the selection uses, and only the client's
 * variables still referenced.
 */
export function preparePayloadQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  root: { node: FieldNode; field: string; args: Record<string, unknown> },
  rawVariables: Record<string, unknown> | null | undefined,
  payload: PayloadQuery,
): PreparedSubscription {
  const queryField = schema.getQueryType()?.getFields()[payload.field];
  const idArgument = queryField?.args.find((arg) => arg.name === payload.idArgument);
  if (!queryField || !idArgument) throw new Error(`the supergraph has no Query.${payload.field}(${payload.idArgument})`);

  const variable = (name: string) => ({ kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } }) as const;
  const argument = (name: string, value: string) => ({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value: variable(value) }) as const;
  const field: FieldNode = {
    kind: Kind.FIELD,
    alias: root.node.alias ?? { kind: Kind.NAME, value: root.field },
    name: { kind: Kind.NAME, value: payload.field },
    arguments: [
      argument(payload.idArgument, ENTITY_VARIABLE),
      ...(payload.versionArgument ? [argument(payload.versionArgument, VERSION_VARIABLE)] : []),
    ],
    directives: root.node.directives ?? [],
    ...(root.node.selectionSet ? { selectionSet: root.node.selectionSet } : {}),
  };

  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const usedFragments = new Map<string, FragmentDefinitionNode>();
  const usedVariables = new Set<string>();
  const collect = (node: FieldNode | FragmentDefinitionNode | OperationDefinitionNode['directives']) =>
    visit(node as FieldNode, {
      Variable: (v) => void usedVariables.add(v.name.value),
      FragmentSpread: (spread) => {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !usedFragments.has(fragment.name.value)) {
          usedFragments.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(field);
  for (const directive of operation.directives ?? []) visit(directive, { Variable: (v) => void usedVariables.add(v.name.value) });

  const kept: VariableDefinitionNode[] = (operation.variableDefinitions ?? []).filter((d) => usedVariables.has(d.variable.name.value));
  const added: VariableDefinitionNode[] = [
    { kind: Kind.VARIABLE_DEFINITION, variable: variable(ENTITY_VARIABLE), type: parseType(String(idArgument.type)) },
    ...(payload.versionArgument ? [{ kind: Kind.VARIABLE_DEFINITION, variable: variable(VERSION_VARIABLE), type: parseType('Int') } as const] : []),
  ];
  const query: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        ...(operation.name ? { name: operation.name } : {}),
        variableDefinitions: [...kept, ...added],
        directives: operation.directives ?? [],
        selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
      },
      ...usedFragments.values(),
    ],
  };
  const variables = Object.fromEntries(
    kept.map((d) => d.variable.name.value).filter((name) => rawVariables && name in rawVariables).map((name) => [name, rawVariables![name]]),
  );
  return { field: root.field, args: root.args, query: print(query), variables };
}
