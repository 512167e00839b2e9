import { Refusal } from '@commerce/domain-kit';

/** A refusal of shipping's (see Refusal); resolvers map it with refusalsAsErrors. */
export class ShippingError extends Refusal<'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT'> {
  constructor(
    code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT',
    message: string,
    /** For BAD_USER_INPUT: the offending input fields, as parseInput names them. */
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(code, message, fields.length > 0 ? { fields } : {});
  }
}
