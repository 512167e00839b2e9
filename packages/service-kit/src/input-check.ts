import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  Kind,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { badUserInput } from './errors.ts';
import { findTextProblem, textProblem, type TextProblem } from './text.ts';

/**
 * The first argument string of an operation that cannot be stored as text, with its path from
 * the argument (`input.firstName`). Walks every field's arguments with their coerced values, so
 * variables and inline literals, nested input objects and lists are seen alike. Undefined when
 * all is well, and when the variables do not coerce: execution reports that itself.
 */
export function findOperationTextProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): TextProblem | undefined {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return undefined;
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const seen = new Set<string>();

  const walk = (parent: GraphQLCompositeType, selections: SelectionSetNode): TextProblem | undefined => {
    for (const selection of selections.selections) {
      let problem: TextProblem | undefined;
      if (selection.kind === Kind.FIELD) {
        // Unions have no fields but __typename; meta fields take no stored arguments.
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
        if (!field) continue;
        const args = getArgumentValues(field, selection, coerced.coerced);
        problem = findTextProblem(args);
        const type = getNamedType(field.type);
        if (!problem && selection.selectionSet && isCompositeType(type)) problem = walk(type, selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) problem = walk(type, selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && type && isCompositeType(type) && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          problem = walk(type, fragment.selectionSet);
        }
      }
      if (problem) return problem;
    }
    return undefined;
  };

  const root = schema.getRootType(operation.operation);
  return root ? walk(root, operation.selectionSet) : undefined;
}

/**
 * Refuses, before anything executes, an operation whose arguments hold text no store can keep
 * (NUL, lone surrogates): BAD_USER_INPUT naming the argument path in the message and in
 * `extensions.field`, so nothing is written.
 */
export function rejectUnstorableText<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ schema, document, operation, request }) => {
        if (!operation) return;
        // Arguments come from the document's literals and the variables (our scalars make no new
        // text of them): when both are clean, and no escape could spell a bad character, so is
        // every argument, and the per-field walk (a few % of a busy router's CPU) is skipped.
        const source = document.loc?.source.body;
        if (source !== undefined && !source.includes('\\') && !textProblem(source) && !findTextProblem(request.variables ?? {})) return;
        let problem: TextProblem | undefined;
        try {
          problem = findOperationTextProblem(schema, document, operation, request.variables ?? {});
        } catch {
          // An argument that does not coerce: execution answers that with its own error.
          return;
        }
        if (problem) {
          throw badUserInput(`${problem.field} ${problem.message}.`, { field: problem.field, http: { status: 400 } });
        }
      },
    }),
  };
}
