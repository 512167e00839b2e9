import { Refusal } from '@commerce/domain-kit';

/** A refusal of payments' (see Refusal); extensions carry e.g. the offending `fields`. Resolvers map it with refusalsAsErrors. */
export class PaymentsError extends Refusal<'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'BAD_USER_INPUT'> {}
