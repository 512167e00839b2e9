import { userError } from '@commerce/service-kit';
import { PaymentsError } from '../domain/errors.ts';

/** Runs a store or service call, turning its refusals into coded GraphQL errors; anything else stays internal. */
export async function refusalsAsErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PaymentsError) throw userError(err.code, err.message, err.extra);
    throw err;
  }
}
