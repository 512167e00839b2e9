import { badUserInput, parseInput, requireSelfOrAdmin, requireViewer } from '@commerce/service-kit';
import { quote, type Rate } from '@commerce/shipping-rates';
import type { Shipment } from '../domain/shipment.ts';
import { isShipmentId, shippingQuoteInput } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import type { QueryShipmentArgs, QueryShippingQuoteArgs } from '../generated/resolver-types.ts';

export const Query = {
  // Public: the storefront shows rates at checkout, before anyone signs in.
  shippingQuote(_: unknown, args: QueryShippingQuoteArgs, ctx: Context): Rate[] {
    const input = parseInput(shippingQuoteInput, args.input);
    const result = quote(ctx.rateCard, { country: input.address.country, lines: input.lines, service: input.service ?? null });
    if (!result.ok) {
      const field = result.reason === 'UNKNOWN_COUNTRY' ? 'address.country' : 'lines';
      throw badUserInput(result.message, { fields: [{ field, message: result.message }] });
    }
    return result.rates;
  },

  async shipment(_: unknown, args: QueryShipmentArgs, ctx: Context): Promise<Shipment | null> {
    const viewer = requireViewer(ctx.viewer);
    if (!isShipmentId(args.id)) return null;
    const shipment = await ctx.loaders.shipment.load(args.id);
    if (!shipment) return null;
    requireSelfOrAdmin(viewer, shipment.customerId);
    return shipment;
  },
};
