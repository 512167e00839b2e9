import { z } from 'zod';

export interface Customer {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: Date;
}

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const createCustomerInput = z.object({
  email: z
    .string()
    .trim()
    .max(254, 'must be at most 254 characters')
    .pipe(z.email('must be a valid email address'))
    .transform((email) => email.toLowerCase()),
  firstName: name,
  lastName: name,
});
export type CreateCustomerInput = z.infer<typeof createCustomerInput>;
