import { Refusal } from '@commerce/domain-kit';

/** A refusal of inventory's (see Refusal); resolvers map it with refusalsAsErrors. */
export class InventoryError extends Refusal<'NOT_FOUND' | 'CONFLICT'> {}
