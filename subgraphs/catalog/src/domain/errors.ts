import { Refusal } from '@commerce/domain-kit';

/** A rule of the catalog was broken; resolvers turn the code into the GraphQL error code. */
export class CatalogError extends Refusal<'BAD_USER_INPUT' | 'CONFLICT' | 'NOT_FOUND'> {}
