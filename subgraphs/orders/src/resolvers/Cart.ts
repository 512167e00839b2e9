import { moneyView } from '@commerce/service-kit';
import { cartLineTotal, isSellable, summarizeCart, type Cart as CartModel, type CartLine as CartLineModel } from '../domain/cart.ts';
import type { Context } from '../context.ts';

export const Cart = {
  subtotal: (cart: CartModel, _: unknown, ctx: Context) => moneyView(summarizeCart(cart, ctx.currency).subtotal),
  itemCount: (cart: CartModel, _: unknown, ctx: Context) => summarizeCart(cart, ctx.currency).itemCount,
  updatedAt: (cart: CartModel) => cart.updatedAt.toISOString(),
};

export const CartLine = {
  variant: (line: CartLineModel) => ({ id: line.variant.variantId }),
  sku: (line: CartLineModel) => line.variant.sku,
  name: (line: CartLineModel) => line.variant.name,
  unitPrice: (line: CartLineModel) => moneyView(line.variant.price),
  lineTotal: (line: CartLineModel) => moneyView(cartLineTotal(line)),
  available: (line: CartLineModel, _: unknown, ctx: Context) => isSellable(line.variant, ctx.currency),
};
