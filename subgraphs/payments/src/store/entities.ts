import { EntitySchema, type ValueTransformer } from 'typeorm';
import type { CardBrand } from '../domain/card.ts';
import type { FailureCode } from '../domain/payment.ts';
import type { PaymentStatus } from '../domain/payment-status.ts';
import type { PaymentMethod } from '../domain/payment-method.ts';
import type { PaymentTransaction, Refund } from '../domain/transaction.ts';

// Money is bigint in the database (minor units outgrow int4 at 21 million euros); pg hands
// bigints over as strings, and every amount here is far inside the safe integer range.
const minorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export interface PaymentMethodRow extends PaymentMethod {
  gatewayToken: string;
}

export const PaymentMethodEntity = new EntitySchema<PaymentMethodRow>({
  name: 'PaymentMethod',
  tableName: 'payment_methods',
  columns: {
    id: { type: 'text', primary: true },
    customerId: { type: 'text', name: 'customer_id' },
    gatewayToken: { type: 'text', name: 'gateway_token', unique: true },
    brand: { type: 'text' },
    last4: { type: 'text' },
    expMonth: { type: 'integer', name: 'exp_month' },
    expYear: { type: 'integer', name: 'exp_year' },
    holderName: { type: 'text', name: 'holder_name' },
    isDefault: { type: 'boolean', name: 'is_default' },
    createdAt: { type: 'timestamptz', name: 'created_at' },
    removedAt: { type: 'timestamptz', name: 'removed_at', nullable: true },
  },
});

/** The payments table, flat; store/payment-store.ts maps it to the domain Payment. */
export interface PaymentRow {
  id: string;
  orderId: string;
  customerId: string;
  paymentMethodId: string | null;
  methodBrand: CardBrand | null;
  methodLast4: string | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
  capturedAmount: number;
  refundedAmount: number;
  authorizationReference: string | null;
  captureReference: string | null;
  failureCode: FailureCode | null;
  failureMessage: string | null;
  correlationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const PaymentEntity = new EntitySchema<PaymentRow>({
  name: 'Payment',
  tableName: 'payments',
  columns: {
    id: { type: 'text', primary: true },
    orderId: { type: 'text', name: 'order_id', unique: true },
    customerId: { type: 'text', name: 'customer_id' },
    paymentMethodId: { type: 'text', name: 'payment_method_id', nullable: true },
    methodBrand: { type: 'text', name: 'method_brand', nullable: true },
    methodLast4: { type: 'text', name: 'method_last4', nullable: true },
    amount: { type: 'bigint', transformer: minorUnits },
    currency: { type: 'text' },
    status: { type: 'text' },
    capturedAmount: { type: 'bigint', name: 'captured_amount', transformer: minorUnits },
    refundedAmount: { type: 'bigint', name: 'refunded_amount', transformer: minorUnits },
    authorizationReference: { type: 'text', name: 'authorization_reference', nullable: true },
    captureReference: { type: 'text', name: 'capture_reference', nullable: true },
    failureCode: { type: 'text', name: 'failure_code', nullable: true },
    failureMessage: { type: 'text', name: 'failure_message', nullable: true },
    correlationId: { type: 'text', name: 'correlation_id', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at' },
    updatedAt: { type: 'timestamptz', name: 'updated_at' },
  },
});

export const TransactionEntity = new EntitySchema<PaymentTransaction>({
  name: 'PaymentTransaction',
  tableName: 'payment_transactions',
  columns: {
    id: { type: 'text', primary: true },
    paymentId: { type: 'text', name: 'payment_id' },
    kind: { type: 'text' },
    status: { type: 'text' },
    amount: { type: 'bigint', transformer: minorUnits },
    currency: { type: 'text' },
    gatewayReference: { type: 'text', name: 'gateway_reference', nullable: true },
    refundId: { type: 'text', name: 'refund_id', nullable: true },
    failureCode: { type: 'text', name: 'failure_code', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at' },
  },
});

export const RefundEntity = new EntitySchema<Refund>({
  name: 'Refund',
  tableName: 'refunds',
  columns: {
    id: { type: 'text', primary: true },
    paymentId: { type: 'text', name: 'payment_id' },
    amount: { type: 'bigint', transformer: minorUnits },
    currency: { type: 'text' },
    reason: { type: 'text' },
    status: { type: 'text' },
    gatewayReference: { type: 'text', name: 'gateway_reference', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at' },
    completedAt: { type: 'timestamptz', name: 'completed_at', nullable: true },
  },
});

// order_facts and the sandbox gateway's tables have no entity: every statement on them is a
// lock, an upsert or a ledger step, which reads plainer as SQL.
export const entities = [PaymentMethodEntity, PaymentEntity, TransactionEntity, RefundEntity];
