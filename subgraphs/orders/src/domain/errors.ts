import { Refusal } from '@commerce/domain-kit';

/** A refusal of orders' (see Refusal); resolvers map it with refusalsAsErrors. */
export class OrdersError extends Refusal<'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT'> {}
