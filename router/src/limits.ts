import { GraphQLError, Kind, type ParseOptions, type SelectionSetNode, type ValidationRule } from 'graphql';

/**
 * What one GraphQL request may ask of the router, over HTTP and over the socket alike
 * (docs/router.md#limits). Both paths read this one definition, so neither is a way around
 * the other.
 */
export const REQUEST_LIMITS = {
  /** Bytes of one HTTP body or one WebSocket message (the document, variables and envelope). */
  bytes: 1024 * 1024,
  /** Tokens the parser reads before giving up: refuses a flood before any AST is built. */
  tokens: 5_000,
  /** Aliased fields in one document. */
  aliases: 30,
  /** Nesting of selections, through fragments (the introspection query needs 15). */
  depth: 15,
} as const;

export const limitedParse: ParseOptions = { maxTokens: REQUEST_LIMITS.tokens };

/** Refuses a document with more than `max` aliases: each one is another field to resolve. */
export function maxAliases(max: number): ValidationRule {
  return (context) => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias && ++count === max + 1) {
          context.reportError(new GraphQLError(`The document has more than ${max} aliases; send fewer fields per request.`, { nodes: node }));
        }
      },
    };
  };
}

/** Refuses an operation nested deeper than `max` fields, counting through fragments. */
export function maxDepth(max: number): ValidationRule {
  return (context) => {
    // A fragment's depth is the same wherever it is spread: computed once (0 while in
    // progress, so a cycle, reported by NoFragmentCycles, cannot loop here).
    const fragments = new Map<string, number>();
    const depthOf = (selectionSet: SelectionSetNode): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        let depth = 0;
        if (selection.kind === Kind.FIELD) depth = 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0);
        else if (selection.kind === Kind.INLINE_FRAGMENT) depth = depthOf(selection.selectionSet);
        else {
          const name = selection.name.value;
          if (!fragments.has(name)) {
            fragments.set(name, 0);
            const fragment = context.getFragment(name);
            fragments.set(name, fragment ? depthOf(fragment.selectionSet) : 0);
          }
          depth = fragments.get(name) ?? 0;
        }
        deepest = Math.max(deepest, depth);
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth > max) {
          context.reportError(new GraphQLError(`The operation nests ${depth} fields deep; at most ${max} are allowed.`, { nodes: operation }));
        }
      },
    };
  };
}

/** The validation rules both paths add to GraphQL's own. */
export const limitRules: ValidationRule[] = [maxAliases(REQUEST_LIMITS.aliases), maxDepth(REQUEST_LIMITS.depth)];
