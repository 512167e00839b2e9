import { userError } from '@commerce/service-kit';
import { OrdersError } from '../domain/errors.ts';

/** Runs a store call, turning its refusals into coded GraphQL errors; anything else stays internal. */
export async function refusalsAsErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof OrdersError) throw userError(err.code, err.message);
    throw err;
  }
}
