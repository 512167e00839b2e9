/** Input a shopper can correct; the resolvers answer it as BAD_USER_INPUT with this message. */
export class SearchInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'SearchInputError';
  }
}
