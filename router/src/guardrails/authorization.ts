import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  print,
  valueFromASTUntyped,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Viewer } from '@commerce/service-kit';

/**
 * `@authenticated` and `@requiresScopes` (Federation 2.5+), enforced here before any subgraph is
 * called, as Apollo Router does: a field (or a field of a type) the viewer may not see is taken
 * out of the operation, answered null with an UNAUTHENTICATED (anonymous) or FORBIDDEN (signed
 * in, scopes missing) error at its path, and the rest runs. A viewer's scopes are its roles
 * (`@requiresScopes(scopes: [["ADMIN"]])`). Subgraphs keep their own checks.
 */

const SECURITY_LINK = /(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes)\/v[\d.]+")\s*,\s*for:\s*SECURITY/g;

/**
 * @apollo/gateway refuses a supergraph linking these specs `for: SECURITY` (it does not enforce
 * them); the router does, so it hands the gateway the supergraph without that purpose.
 */
export const withoutSecurityPurpose = (supergraphSdl: string): string => supergraphSdl.replace(SECURITY_LINK, '$1');

type Denial = 'UNAUTHENTICATED' | 'FORBIDDEN';

interface Segment {
  key: string;
  /** The field's value is a list (of lists …): its items are walked. */
  list: boolean;
  nullable: boolean;
}

interface Removal {
  path: Segment[];
  code: Denial;
  field: string;
}

const directiveOn = (element: { astNode?: { directives?: readonly ConstDirectiveNode[] | undefined } | null | undefined }, name: string) =>
  element.astNode?.directives?.find((d) => d.name.value === name);

/** Why `viewer` may not select `field` (of the type it returns), or undefined when it may. */
export function denial(field: GraphQLField<unknown, unknown>, viewer: Viewer | undefined): Denial | undefined {
  const type: GraphQLNamedType = getNamedType(field.type);
  let verdict: Denial | undefined;
  for (const element of [field, type]) {
    if (directiveOn(element, 'authenticated') && !viewer) return 'UNAUTHENTICATED';
    const scopes = directiveOn(element, 'requiresScopes');
    if (!scopes) continue;
    if (!viewer) return 'UNAUTHENTICATED';
    const groups = valueFromASTUntyped(scopes.arguments?.find((a) => a.name.value === 'scopes')?.value ?? { kind: Kind.LIST, values: [] });
    const roles = new Set<string>(viewer.roles);
    const satisfied = Array.isArray(groups) && groups.some((group) => Array.isArray(group) && group.every((scope) => roles.has(String(scope))));
    if (!satisfied) verdict = 'FORBIDDEN';
  }
  return verdict;
}

/** The fields of `operation` the viewer may not see, by their response paths. */
export function deniedFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, viewer: Viewer | undefined) {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const removals: Removal[] = [];
  const nodes = new Set<FieldNode>();
  const walking = new Set<string>();
  const walk = (parent: GraphQLNamedType | null | undefined, selectionSet: SelectionSetNode, path: Segment[]) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__') || !parent || !(isObjectType(parent) || isInterfaceType(parent))) continue;
        const field = parent.getFields()[selection.name.value];
        if (!field) continue;
        const segment: Segment = {
          key: selection.alias?.value ?? selection.name.value,
          list: isListType(getNullableType(field.type)),
          nullable: !isNonNullType(field.type),
        };
        const code = denial(field, viewer);
        if (code) {
          removals.push({ path: [...path, segment], code, field: `${parent.name}.${field.name}` });
          nodes.add(selection);
        } else if (selection.selectionSet) {
          walk(getNamedType(field.type), selection.selectionSet, [...path, segment]);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent, selection.selectionSet, path);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || walking.has(fragment.name.value)) continue;
        walking.add(fragment.name.value);
        walk(schema.getType(fragment.typeCondition.name.value), fragment.selectionSet, path);
        walking.delete(fragment.name.value);
      }
    }
  };
  walk(root, operation.selectionSet, []);
  return { removals, nodes };
}

/** The document without `nodes`; a selection left empty keeps `__typename` so it stays valid. */
export function withoutFields(document: DocumentNode, nodes: ReadonlySet<FieldNode>): DocumentNode {
  return visit(document, {
    Field: (node) => (nodes.has(node) ? null : undefined),
    SelectionSet: {
      leave: (node) =>
        node.selections.length > 0 ? undefined : { ...node, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] },
    },
  });
}

type Json = Record<string, unknown>;

/** Nulls the removed field wherever it occurs in `data` (the nearest nullable field when it is non-null) and says why at each path. */
function answerRemoval(data: Json | null | undefined, removal: Removal, errors: GraphQLError[]): { nullData: boolean } {
  // A non-null field cannot be null: its nearest nullable ancestor field is, as GraphQL would.
  let cut = removal.path.length;
  while (cut > 0 && !removal.path[cut - 1]!.nullable) cut -= 1;
  const message =
    removal.code === 'UNAUTHENTICATED' ? `Sign in to see ${removal.field}.` : `${removal.field} needs a role you do not have.`;
  const descend = (value: unknown, depth: number, concrete: (string | number)[], list: boolean) => {
    if (Array.isArray(value) && list) {
      value.forEach((item, index) => descend(item, depth, [...concrete, index], Array.isArray(item)));
      return;
    }
    if (!value || typeof value !== 'object') return;
    const segment = removal.path[depth]!;
    const object = value as Json;
    if (depth === cut - 1) {
      object[segment.key] = null;
      errors.push(new GraphQLError(message, { path: [...concrete, ...removal.path.slice(depth).map((s) => s.key)], extensions: { code: removal.code } }));
      return;
    }
    descend(object[segment.key], depth + 1, [...concrete, segment.key], segment.list);
  };
  if (cut === 0) {
    errors.push(new GraphQLError(message, { path: removal.path.map((s) => s.key), extensions: { code: removal.code } }));
    return { nullData: true };
  }
  descend(data, 0, [], false);
  return { nullData: false };
}

/** The answer with every removed field null (in place) and an error at each of its paths. */
export function answerRemovals(data: Json | null | undefined, removals: readonly Removal[]): { data: Json | null; errors: GraphQLError[] } {
  const errors: GraphQLError[] = [];
  let nullData = false;
  for (const removal of removals) nullData = answerRemoval(data, removal, errors).nullData || nullData;
  return { data: nullData ? null : (data ?? null), errors };
}

/**
 * Takes the fields the viewer may not see out of each operation before it is planned (so the
 * subgraphs never see them) and answers them null with a coded error.
 */
export function authorizationPlugin<Context extends { viewer?: Viewer | undefined }>(schema: () => GraphQLSchema | undefined): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => {
      let removals: Removal[] = [];
      return {
        didResolveOperation: async (requestContext) => {
          const current = schema();
          if (!current || !requestContext.operation) return;
          const denied = deniedFields(current, requestContext.document, requestContext.operation, requestContext.contextValue.viewer);
          if (denied.removals.length === 0) return;
          removals = denied.removals;
          const filtered = withoutFields(requestContext.document, denied.nodes);
          // The gateway plans (and caches plans) by document and queryHash: both must be the filtered ones.
          const writable = requestContext as unknown as { document: DocumentNode; queryHash: string };
          writable.document = filtered;
          writable.queryHash = createHash('sha256').update(print(filtered)).digest('hex');
        },
        willSendResponse: async ({ response }) => {
          if (removals.length === 0 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const answered = answerRemovals(result.data as Json | null | undefined, removals);
          result.data = answered.data;
          result.errors = [...answered.errors.map((error) => error.toJSON()), ...(result.errors ?? [])];
        },
      };
    },
  };
}
