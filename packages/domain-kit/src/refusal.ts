import type { ErrorCode } from './codes.ts';

/**
 * A refusal the caller can act on: a code clients see (docs/errors.md#codes) and a message a
 * person can act on, with extensions such as the offending input `fields`. Domain code, stores
 * and services throw it (or a subclass naming the codes it uses); resolvers turn it into a
 * coded GraphQL error with service-kit's refusalsAsErrors, so none of them needs GraphQL.
 */
export class Refusal<Code extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
