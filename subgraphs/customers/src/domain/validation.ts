import { z } from 'zod';
import { phoneInput, postalAddressFields } from '@commerce/domain-kit';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'))
  .transform((value) => value.toLowerCase());

/** Length is what makes a password strong; 128 bounds the hashing work one request can ask for. */
export const password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(128, 'must be at most 128 characters');

const phone = phoneInput;

export const registerInput = z.object({
  email,
  password,
  firstName: text(100),
  lastName: text(100),
  phone,
});
export type RegisterInput = z.infer<typeof registerInput>;

export const loginInput = z.object({ email, password: z.string().min(1, 'must not be empty').max(128, 'is too long') });

export const updateProfileInput = z
  .object({ firstName: text(100).optional(), lastName: text(100).optional(), phone })
  .partial();
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'must not be empty').max(128, 'is too long'),
  newPassword: password,
});

const addressFields = postalAddressFields;

export const addressInput = z.object(addressFields);
export type AddressInput = z.infer<typeof addressInput>;

export const updateAddressInput = z.object(addressFields).partial();
export type UpdateAddressInput = z.infer<typeof updateAddressInput>;

export const pageArgs = z.object({
  first: z.number().int().min(0, 'must not be negative').max(100, 'must be at most 100').default(20),
  after: z.string().max(200, 'is not a cursor').nullish(),
  search: z.string().trim().max(100, 'must be at most 100 characters').nullish(),
});
