// Which of our router's default request limits the bench query would trip, measured with the
// router's own rules, so the bench raises exactly those and says so.
import { parse, validate } from 'graphql';
import { costSchemaFromSdl, estimateCost } from '../../../router/src/guardrails/index.ts';
import { limitRulesFor, parseOptionsFor, REQUEST_LIMITS } from '../../../router/src/limits.ts';

const ENV_OF: Record<string, string> = {
  aliases: 'MAX_OPERATION_ALIASES',
  depth: 'MAX_OPERATION_DEPTH',
  rootFields: 'MAX_OPERATION_ROOT_FIELDS',
  directives: 'MAX_OPERATION_DIRECTIVES',
};

export interface RaisedLimit {
  env: string;
  value: string;
  why: string;
}

/** The env settings our router needs for `query` over `supergraphSdl`, each with its reason. */
export function limitsToRaise(supergraphSdl: string, query: string): RaisedLimit[] {
  const raised: RaisedLimit[] = [];
  let document;
  try {
    document = parse(query, parseOptionsFor(REQUEST_LIMITS));
  } catch {
    raised.push({ env: 'MAX_OPERATION_TOKENS', value: '100000', why: `over the default ${REQUEST_LIMITS.tokens} tokens` });
    document = parse(query);
  }
  const schema = costSchemaFromSdl(supergraphSdl);
  for (const error of validate(schema, document, limitRulesFor(REQUEST_LIMITS))) {
    const { limit, maximum, measured } = error.extensions as { limit?: string; maximum?: number; measured?: number };
    const env = limit ? ENV_OF[limit] : undefined;
    if (env && measured !== undefined) raised.push({ env, value: String(measured), why: `the query measures ${measured}, default ${maximum}` });
  }
  const cost = estimateCost(schema, document, {}, { defaultListSize: REQUEST_LIMITS.defaultListSize });
  if (cost > REQUEST_LIMITS.cost) raised.push({ env: 'MAX_OPERATION_COST', value: String(cost), why: `the query's estimated cost is ${cost}, default ${REQUEST_LIMITS.cost}` });
  return raised;
}
