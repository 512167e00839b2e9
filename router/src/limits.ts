import { GraphQLError, Kind, type ASTNode, type ParseOptions, type SelectionSetNode, type ValidationRule } from 'graphql';

/**
 * What one GraphQL request may ask of the router, over HTTP and over the socket alike
 * (docs/router.md#limits). Both paths read one definition (env.ts can change every value), so
 * neither is a way around the other.
 */
export interface RequestLimits {
  /** Bytes of one HTTP body or one WebSocket message (the document, variables and envelope). */
  bytes: number;
  /** Tokens the parser reads before giving up: refuses a flood before any AST is built. */
  tokens: number;
  /** Aliased fields in one document. */
  aliases: number;
  /** Nesting of selections, through fragments (the introspection query needs 15). */
  depth: number;
  /** Fields selected at the root of one operation (through fragments): each is its own fetch. */
  rootFields: number;
  /** Directives used in one document (`@skip`, `@include`, …). */
  directives: number;
  /** Estimated cost of one operation (see cost.ts): what it may ask of the subgraphs. */
  cost: number;
  /** The size assumed for a list field without `@listSize` when costing. */
  defaultListSize: number;
}

export const REQUEST_LIMITS: Readonly<RequestLimits> = {
  bytes: 1024 * 1024,
  tokens: 5_000,
  aliases: 30,
  depth: 15,
  rootFields: 20,
  directives: 50,
  // A page of 100 products with variants, prices, stock and rating (~3,300) passes; twenty pages of 20 of them do not.
  cost: 5_000,
  defaultListSize: 10,
};

/** Parser options that stop at `limits.tokens`. */
export const parseOptionsFor = (limits: Pick<RequestLimits, 'tokens'>): ParseOptions => ({ maxTokens: limits.tokens });
export const limitedParse: ParseOptions = parseOptionsFor(REQUEST_LIMITS);

/**
 * A refusal naming the limit and what was measured (`extensions.limit`, `maximum`, `measured`);
 * Apollo Server and the socket answer it with code GRAPHQL_VALIDATION_FAILED.
 */
const overLimit = (limit: string, maximum: number, measured: number, message: string, nodes?: ASTNode) =>
  new GraphQLError(message, { ...(nodes ? { nodes } : {}), extensions: { limit, maximum, measured } });

/** Refuses a document with more than `max` aliases: each one is another field to resolve. */
export function maxAliases(max: number): ValidationRule {
  return (context) => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias) count += 1;
      },
      Document: {
        leave() {
          if (count > max) context.reportError(overLimit('aliases', max, count, `The document has ${count} aliases; at most ${max} are allowed. Send fewer fields per request.`));
        },
      },
    };
  };
}

/** Refuses a document using more than `max` directives. */
export function maxDirectives(max: number): ValidationRule {
  return (context) => {
    let count = 0;
    return {
      Directive() {
        count += 1;
      },
      Document: {
        leave() {
          if (count > max) context.reportError(overLimit('directives', max, count, `The document uses ${count} directives; at most ${max} are allowed.`));
        },
      },
    };
  };
}

/** Refuses an operation selecting more than `max` root fields, counting through fragments. */
export function maxRootFields(max: number): ValidationRule {
  return (context) => {
    // Like depth: a fragment counts the same wherever it is spread, so it is counted once.
    const fragments = new Map<string, number>();
    const countOf = (selectionSet: SelectionSetNode): number => {
      let count = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) count += 1;
        else if (selection.kind === Kind.INLINE_FRAGMENT) count += countOf(selection.selectionSet);
        else {
          const name = selection.name.value;
          if (!fragments.has(name)) {
            fragments.set(name, 0);
            const fragment = context.getFragment(name);
            fragments.set(name, fragment ? countOf(fragment.selectionSet) : 0);
          }
          count += fragments.get(name) ?? 0;
        }
      }
      return count;
    };
    return {
      OperationDefinition(operation) {
        const count = countOf(operation.selectionSet);
        if (count > max) {
          context.reportError(overLimit('rootFields', max, count, `The operation selects ${count} root fields; at most ${max} are allowed. Split it into several requests.`, operation));
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
          context.reportError(overLimit('depth', max, depth, `The operation nests ${depth} fields deep; at most ${max} are allowed.`, operation));
        }
      },
    };
  };
}

/** The validation rules both paths add to GraphQL's own. */
export const limitRulesFor = (limits: RequestLimits): ValidationRule[] => [
  maxAliases(limits.aliases),
  maxDepth(limits.depth),
  maxRootFields(limits.rootFields),
  maxDirectives(limits.directives),
];
export const limitRules: ValidationRule[] = limitRulesFor(REQUEST_LIMITS);
