import { z } from 'zod';

export interface Product {
  id: string;
  name: string;
  slug: string;
  createdById: string;
  createdAt: Date;
}

export const createProductInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  slug: z
    .string()
    .trim()
    .max(120, 'must be at most 120 characters')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens'),
});
export type CreateProductInput = z.infer<typeof createProductInput> & { createdById: string };

/** How many products one page may hold, whatever the client asks for. */
export const MAX_PAGE_SIZE = 100;

export function clampPageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return 20;
  return Math.min(Math.max(Math.trunc(first), 0), MAX_PAGE_SIZE);
}
