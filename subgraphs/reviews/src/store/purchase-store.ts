import { Schema, type Connection } from 'mongoose';
import { newId } from '@commerce/service-kit';
import { expectWritten, isDuplicateKey, modelOn } from './models.ts';

/** A delivered purchase: the customer received an order containing the product. */
interface PurchaseDocument {
  _id: string;
  customerId: string;
  productId: string;
  /** The first delivered order that contained the product. */
  orderId: string;
  deliveredAt: Date;
}

const purchaseSchema = new Schema<PurchaseDocument>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    productId: { type: String, required: true },
    orderId: { type: String, required: true },
    deliveredAt: { type: Date, required: true },
  },
  { collection: 'purchases', versionKey: false },
);
purchaseSchema.index({ customerId: 1, productId: 1 }, { unique: true });

export async function createPurchaseStore(connection: Connection) {
  const Purchases = modelOn(connection, 'Purchase', purchaseSchema);
  await Purchases.init();

  return {
    /** Records that the customer received these products; repeating it changes nothing. */
    async record(purchase: { customerId: string; productIds: readonly string[]; orderId: string; deliveredAt: Date }) {
      for (const productId of new Set(purchase.productIds)) {
        try {
          const result = await Purchases.updateOne(
            { customerId: purchase.customerId, productId },
            {
              $setOnInsert: {
                _id: newId('pur'),
                orderId: purchase.orderId,
                deliveredAt: purchase.deliveredAt,
              },
            },
            { upsert: true },
          );
          expectWritten(result, `purchase of ${productId}`);
        } catch (err) {
          // A concurrent delivery inserted the same (customer, product) first: already recorded.
          if (!isDuplicateKey(err)) throw err;
        }
      }
    },

    async has(customerId: string, productId: string): Promise<boolean> {
      return (await Purchases.exists({ customerId, productId })) !== null;
    },
  };
}
export type PurchaseStore = Awaited<ReturnType<typeof createPurchaseStore>>;
