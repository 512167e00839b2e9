/** A rule of the catalog was broken; resolvers turn the code into the GraphQL error code. */
export class CatalogError extends Error {
  constructor(
    readonly code: 'BAD_USER_INPUT' | 'CONFLICT' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}
