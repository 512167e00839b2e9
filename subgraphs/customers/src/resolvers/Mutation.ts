import { conflict, parseInput } from '@commerce/service-kit';
import { createCustomerInput } from '../domain/customer.ts';
import { DuplicateError } from '../store/customer-store.ts';
import type { Context } from '../context.ts';

export const Mutation = {
  async createCustomer(_: unknown, args: { input: unknown }, ctx: Context) {
    const input = parseInput(createCustomerInput, args.input);
    try {
      return await ctx.customers.create(input);
    } catch (err) {
      if (err instanceof DuplicateError) throw conflict('A customer with this email already exists.');
      throw err;
    }
  },
};
