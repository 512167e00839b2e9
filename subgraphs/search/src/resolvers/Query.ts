import { search, suggest, type SearchArgs } from '../services/search-service.ts';
import type { Context } from '../context.ts';

export const Query = {
  search: (_: unknown, args: SearchArgs, ctx: Context) => search(ctx, args),
  searchSuggestions: (_: unknown, args: { prefix: string; first?: number | null }, ctx: Context) => suggest(ctx, args),
};
