import { z } from 'zod';
import { parseDecimal, type Money } from '@commerce/domain-kit';
import { PRODUCT_SORTS } from './paging.ts';
import { MEDIA_KINDS, PRODUCT_STATUSES } from './product.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `must have at most ${max} entries`);

export const slug = z
  .string()
  .trim()
  .max(120, 'must be at most 120 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens');

export const sku = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, dots, underscores or hyphens'));

export const productId = z.string().regex(/^prd_[0-9A-Z]{26}$/, 'must be a product id');
export const variantId = z.string().regex(/^var_[0-9A-Z]{26}$/, 'must be a variant id');
export const categoryId = z.string().regex(/^cat_[0-9A-Z]{26}$/, 'must be a category id');

const nameValue = z.object({ name: text(100), value: text(1000) });

const media = z.object({
  url: z
    .string()
    .trim()
    .max(2000, 'must be at most 2000 characters')
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  altText: z.string().trim().max(300, 'must be at most 300 characters').nullish().transform((v) => v || null),
  kind: z.enum(MEDIA_KINDS).default('IMAGE'),
});

const tags = list(
  z.string().trim().toLowerCase().min(1, 'must not be empty').max(50, 'must be at most 50 characters'),
  30,
).transform((values) => [...new Set(values)]);

/** Input schemas for one store currency: every price must be in it. */
export function catalogInputs(currency: string) {
  const money = z
    .object({ amount: z.string().max(30, 'is too long'), currencyCode: z.string() })
    .transform((input, ctx): Money => {
      if (input.currencyCode !== currency) {
        ctx.addIssue({ code: 'custom', message: `must be in the store currency ${currency}` });
        return z.NEVER;
      }
      const amount = parseDecimal(input.amount, currency);
      if (amount === undefined) {
        ctx.addIssue({ code: 'custom', message: `must be a non-negative decimal amount such as "19.99"` });
        return z.NEVER;
      }
      return { amount, currency };
    });

  const variantFields = {
    sku,
    options: list(z.object({ name: text(50), value: text(100) }), 10).default([]),
    price: money,
    compareAtPrice: money.nullish().transform((v) => v ?? null),
    weightGrams: z.number().int().min(0, 'must not be negative').max(10_000_000, 'is too heavy').nullish().transform((v) => v ?? null),
  };
  const variant = z.object(variantFields);

  const productFields = {
    slug,
    name: text(200),
    description: z.string().trim().max(10_000, 'must be at most 10000 characters').default(''),
    brand: z.string().trim().max(100, 'must be at most 100 characters').nullish().transform((v) => v || null),
    categoryId: categoryId.nullish().transform((v) => v ?? null),
    tags: tags.default([]),
    attributes: list(nameValue, 100).default([]),
    media: list(media, 50).default([]),
    status: z.enum(PRODUCT_STATUSES).default('DRAFT'),
  };

  return {
    createProduct: z.object({ ...productFields, variants: list(variant, 100).default([]) }),
    updateProduct: z
      .object({
        slug: productFields.slug.optional(),
        name: productFields.name.optional(),
        description: z.string().trim().max(10_000, 'must be at most 10000 characters').optional(),
        brand: productFields.brand.optional(),
        categoryId: productFields.categoryId.optional(),
        tags: tags.optional(),
        attributes: list(nameValue, 100).optional(),
        media: list(media, 50).optional(),
        status: z.enum(PRODUCT_STATUSES).optional(),
      })
      .transform((patch) => Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))),
    variant,
    updateVariant: z
      .object({
        sku: sku.optional(),
        options: list(z.object({ name: text(50), value: text(100) }), 10).optional(),
        price: money.optional(),
        compareAtPrice: money.nullish(),
        weightGrams: z.number().int().min(0, 'must not be negative').max(10_000_000, 'is too heavy').nullish(),
      })
      .transform((patch) => Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))),
    priceUpdates: list(
      z.object({ sku, price: money, compareAtPrice: money.nullish() }).transform((u) => ({
        sku: u.sku,
        price: u.price,
        ...(u.compareAtPrice !== undefined ? { compareAtPrice: u.compareAtPrice } : {}),
      })),
      1000,
    ).min(1, 'must have at least one entry'),
    priceFilter: z.string().optional(),
    money,
  };
}
export type CatalogInputs = ReturnType<typeof catalogInputs>;

export const categoryInput = z.object({
  slug,
  name: text(100),
  parentId: categoryId.nullish().transform((v) => v ?? null),
});

export const updateCategoryInput = z.object({
  slug: slug.optional(),
  name: text(100).optional(),
  parentId: categoryId.nullish(),
});

/** Paging and sort; null (a variable left null) is the default, as when the argument is left out. */
export const pageArgs = z.object({
  first: z
    .number()
    .int()
    .min(0, 'must not be negative')
    .max(100, 'must be at most 100')
    .nullish()
    .transform((value) => value ?? 20),
  after: z.string().max(500, 'is not a cursor').nullish(),
  sort: z
    .enum(PRODUCT_SORTS)
    .nullish()
    .transform((value) => value ?? 'NEWEST'),
});
