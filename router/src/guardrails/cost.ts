import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  buildASTSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * Static cost estimation in the spirit of Apollo's demand control
 * (https://www.apollographql.com/docs/graphos/routing/security/demand-control):
 * - an object (or interface, union) field costs 1, a scalar or enum field 0, a root mutation field 10,
 *   unless the field or its type says otherwise with `@cost(weight:)`;
 * - a list field multiplies its subtree by its size: the largest of its `@listSize`
 *   `slicingArguments` given (e.g. `first`), else its `assumedSize`, else `defaultListSize`.
 *   With `sizedFields` (connections), that size applies to those child fields (`edges`) instead.
 * Fragments and inline fragments on different types are all added up (an upper bound).
 */
export interface CostOptions {
  operationName?: string | null | undefined;
  /** The size of a list field with no `@listSize` (default 10). */
  defaultListSize?: number;
}

interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

interface CostDirectives {
  cost: string;
  listSize: string;
}

const COST_SPEC = /^https:\/\/specs\.apollo\.dev\/(cost|federation)\/v/;

/**
 * The names `@cost` and `@listSize` go by in this schema: as a supergraph links them (cost spec:
 * `@cost`, `@listSize` or `@cost__listSize`), as a subgraph imports them from the federation
 * spec, or plainly.
 */
function costDirectiveNames(schema: GraphQLSchema): CostDirectives {
  const names: CostDirectives = { cost: 'cost', listSize: 'listSize' };
  const links = [schema.astNode, ...schema.extensionASTNodes].flatMap((node) => node?.directives ?? []).filter((d) => d.name.value === 'link');
  for (const link of links) {
    const args = Object.fromEntries((link.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)])) as {
      url?: unknown;
      as?: unknown;
      import?: unknown;
    };
    const spec = typeof args.url === 'string' ? COST_SPEC.exec(args.url)?.[1] : undefined;
    if (!spec) continue;
    const prefix = typeof args.as === 'string' ? args.as : spec;
    const imports = new Map<string, string>();
    for (const entry of Array.isArray(args.import) ? args.import : []) {
      if (typeof entry === 'string') imports.set(entry, entry);
      else if (entry && typeof entry === 'object' && typeof entry.name === 'string') imports.set(entry.name, typeof entry.as === 'string' ? entry.as : entry.name);
    }
    for (const directive of ['cost', 'listSize'] as const) {
      const imported = imports.get(`@${directive}`);
      if (imported) names[directive] = imported.slice(1);
      // A spec's directive named like the spec itself goes by the spec's (prefix) name.
      else names[directive] = spec === directive ? prefix : `${prefix}__${directive}`;
    }
  }
  return names;
}

const argumentsOf = (directive: ConstDirectiveNode | undefined): Record<string, unknown> =>
  Object.fromEntries((directive?.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));

/** Reads `@cost` and `@listSize` off the schema's SDL, once per schema. */
class CostModel {
  private readonly names: CostDirectives;
  private readonly weights = new Map<object, number | undefined>();
  private readonly listSizes = new Map<object, ListSize | undefined>();

  constructor(readonly schema: GraphQLSchema) {
    this.names = costDirectiveNames(schema);
  }

  private directive(node: { astNode?: { directives?: readonly ConstDirectiveNode[] | undefined } | null | undefined }, name: string) {
    return node.astNode?.directives?.find((d) => d.name.value === name);
  }

  weightOf(element: GraphQLField<unknown, unknown> | GraphQLNamedType): number | undefined {
    if (!this.weights.has(element)) {
      const weight = argumentsOf(this.directive(element, this.names.cost)).weight;
      this.weights.set(element, typeof weight === 'number' ? weight : undefined);
    }
    return this.weights.get(element);
  }

  listSizeOf(field: GraphQLField<unknown, unknown>): ListSize | undefined {
    if (!this.listSizes.has(field)) {
      const directive = this.directive(field, this.names.listSize);
      const args = argumentsOf(directive);
      const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
      this.listSizes.set(
        field,
        directive
          ? {
              ...(typeof args.assumedSize === 'number' ? { assumedSize: args.assumedSize } : {}),
              ...(strings(args.slicingArguments) ? { slicingArguments: strings(args.slicingArguments)! } : {}),
              ...(strings(args.sizedFields) ? { sizedFields: strings(args.sizedFields)! } : {}),
            }
          : undefined,
      );
    }
    return this.listSizes.get(field);
  }
}

const models = new WeakMap<GraphQLSchema, CostModel>();

/** A schema to cost against, built from supergraph SDL (which keeps `@cost` and `@listSize`). */
export function costSchemaFromSdl(sdl: string): GraphQLSchema {
  return buildASTSchema(parse(sdl), { assumeValidSDL: true });
}

/**
 * The estimated cost of the operation in `document` (the one named `operationName`, or the only
 * one) with `variables` applied, by the `@cost`/`@listSize` annotations in `schema`'s SDL. Pure;
 * the document should be valid against the schema (unknown fields cost nothing).
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined = {},
  options: CostOptions = {},
): number {
  let model = models.get(schema);
  if (!model) models.set(schema, (model = new CostModel(schema)));
  const defaultListSize = options.defaultListSize ?? 10;
  const operation = getOperationAST(document, options.operationName ?? undefined);
  if (!operation) return 0;
  const root =
    operation.operation === OperationTypeNode.MUTATION ? schema.getMutationType()
    : operation.operation === OperationTypeNode.SUBSCRIPTION ? schema.getSubscriptionType()
    : schema.getQueryType();
  if (!root) return 0;
  // Invalid variables are refused before execution anyway; cost with the defaults meanwhile.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).coerced ?? {};
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  // A fragment costs the same wherever it is spread (unless sized by its parent): costed once.
  const fragmentCosts = new Map<string, number>();
  const visiting = new Set<string>();

  const skipped = (directives: readonly DirectiveNode[] | undefined): boolean => {
    for (const directive of directives ?? []) {
      const name = directive.name.value;
      if (name !== 'skip' && name !== 'include') continue;
      const arg = directive.arguments?.find((a) => a.name.value === 'if')?.value;
      const value = arg?.kind === Kind.VARIABLE ? coerced[arg.name.value] : arg?.kind === Kind.BOOLEAN ? arg.value : undefined;
      if (name === 'skip' && value === true) return true;
      if (name === 'include' && value === false) return true;
    }
    return false;
  };

  const argumentValues = (field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> => {
    try {
      return getArgumentValues(field, node, coerced);
    } catch {
      return {};
    }
  };

  const valueAt = (args: Record<string, unknown>, path: string): unknown =>
    path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), args);

  const fieldCost = (field: GraphQLField<unknown, unknown>, node: FieldNode, sized: number | undefined, isRootMutation: boolean): number => {
    const type = getNamedType(field.type);
    const listSize = model.listSizeOf(field);
    let size: number | undefined;
    if (listSize) {
      const sliced = (listSize.slicingArguments ?? [])
        .map((name) => valueAt(argumentValues(field, node), name))
        .filter((value): value is number => typeof value === 'number');
      size = sliced.length > 0 ? Math.max(...sliced) : listSize.assumedSize;
    }
    const childSizes = listSize?.sizedFields ? new Map(listSize.sizedFields.map((name) => [name, size ?? defaultListSize])) : undefined;
    const weight = model.weightOf(field) ?? model.weightOf(type) ?? (isRootMutation ? 10 : isCompositeType(type) ? 1 : 0);
    const subtree = node.selectionSet ? selectionCost(type, node.selectionSet, childSizes) : 0;
    const isList = isListType(getNullableType(field.type));
    const multiplier = isList ? Math.max(0, sized ?? (childSizes ? undefined : size) ?? defaultListSize) : 1;
    return multiplier * (weight + subtree);
  };

  const selectionCost = (parent: GraphQLNamedType | null | undefined, selectionSet: SelectionSetNode, sized?: Map<string, number>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (skipped(selection.directives)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) {
          total += name === '__typename' ? 0 : 1; // introspection: flat, and off in production
          continue;
        }
        if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) continue;
        const field = parent.getFields()[name];
        if (!field) continue;
        total += fieldCost(field, selection, sized?.get(name), parent === root && operation.operation === OperationTypeNode.MUTATION);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += selectionCost(type, selection.selectionSet, sized);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue; // unknown or cyclic: validation refuses it
        const memoized = sized ? undefined : fragmentCosts.get(name);
        if (memoized !== undefined) {
          total += memoized;
          continue;
        }
        visiting.add(name);
        const cost = selectionCost(schema.getType(fragment.typeCondition.name.value), fragment.selectionSet, sized);
        visiting.delete(name);
        if (!sized) fragmentCosts.set(name, cost);
        total += cost;
      }
    }
    return total;
  };

  return selectionCost(root, operation.selectionSet);
}

/** The refusal of an operation over budget: nothing of it runs. */
export function tooCostly(cost: number, maximum: number): GraphQLError {
  return new GraphQLError(
    `The operation's estimated cost is ${Math.ceil(cost)}; at most ${maximum} is allowed. Ask for fewer items (smaller first/last) or fewer fields.`,
    { extensions: { code: 'OPERATION_TOO_COSTLY', cost: Math.ceil(cost), maximumCost: maximum, http: { status: 400 } } },
  );
}
