import { parseInput, refusalsAsErrors, requireRole } from '@commerce/service-kit';
import { recordTrackingEventArgs } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import type { MutationRecordTrackingEventArgs } from '../generated/resolver-types.ts';

// Every mutation checks the role first and validates before touching the database, so a
// refused or malformed request writes nothing.
export const Mutation = {
  recordTrackingEvent(_: unknown, args: MutationRecordTrackingEventArgs, ctx: Context) {
    requireRole(ctx.viewer, 'ADMIN');
    const { shipmentId, input } = parseInput(recordTrackingEventArgs, args);
    return refusalsAsErrors(() => ctx.shipments.recordTrackingEvent(shipmentId, input));
  },
};
