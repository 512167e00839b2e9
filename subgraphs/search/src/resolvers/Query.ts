import { search, suggest } from '../services/search-service.ts';
import type { Context } from '../context.ts';
import type { QuerySearchArgs, QuerySearchSuggestionsArgs } from '../generated/resolver-types.ts';

export const Query = {
  search: (_: unknown, args: QuerySearchArgs, ctx: Context) => search(ctx, args),
  searchSuggestions: (_: unknown, args: QuerySearchSuggestionsArgs, ctx: Context) => suggest(ctx, args),
};
