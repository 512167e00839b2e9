import { moneyView } from '@commerce/service-kit';
import { variantTitle, type Product, type Variant } from '../domain/product.ts';
import type { Context } from '../context.ts';
import { referencedProduct } from './Product.ts';

type VariantWithProduct = Variant & { product: Product };

export const ProductVariant = {
  async __resolveReference(ref: { id: string }, ctx: Context): Promise<VariantWithProduct | null> {
    // A variant shows exactly when its product does.
    const product = referencedProduct(ctx, await ctx.loaders.productByVariant.load(ref.id));
    const variant = product?.variants.find((v) => v.id === ref.id);
    return product && variant ? { ...variant, product } : null;
  },
  title: (variant: VariantWithProduct) => variantTitle(variant),
  price: (variant: VariantWithProduct) => moneyView(variant.price),
  compareAtPrice: (variant: VariantWithProduct) => (variant.compareAtPrice ? moneyView(variant.compareAtPrice) : null),
};
