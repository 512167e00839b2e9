import DataLoader from 'dataloader';
import type { Logger, TokenVerifier, Viewer } from '@commerce/service-kit';
import type { PaymentGateway } from './gateway/port.ts';
import type { Payment } from './domain/payment.ts';
import type { PaymentMethod } from './domain/payment-method.ts';
import type { PaymentTransaction, Refund } from './domain/transaction.ts';
import type { PaymentProcessor } from './services/payment-processor.ts';
import type { Stores } from './store/index.ts';

export interface Deps extends Stores {
  logger: Logger;
  verifyToken: TokenVerifier;
  gateway: PaymentGateway;
  processor: PaymentProcessor;
}

export interface Context extends Deps {
  viewer: Viewer | undefined;
  correlationId: string | undefined;
  loaders: {
    payment: DataLoader<string, Payment | undefined>;
    paymentOfOrder: DataLoader<string, Payment | undefined>;
    paymentMethod: DataLoader<string, PaymentMethod | undefined>;
    /** A customer's usable methods. */
    paymentMethodsOf: DataLoader<string, PaymentMethod[]>;
    transactions: DataLoader<string, PaymentTransaction[]>;
    refunds: DataLoader<string, Refund[]>;
  };
}

/** A fresh context per request: loaders batch and cache only within one request. */
export function createContext(deps: Deps, request: { viewer: Viewer | undefined; correlationId: string | undefined }): Context {
  return {
    ...deps,
    ...request,
    loaders: {
      payment: new DataLoader((ids) => deps.payments.findByIds(ids)),
      paymentOfOrder: new DataLoader((orderIds) => deps.payments.findByOrderIds(orderIds)),
      paymentMethod: new DataLoader((ids) => deps.paymentMethods.findByIds(ids)),
      paymentMethodsOf: new DataLoader((customerIds) => deps.paymentMethods.listByCustomers(customerIds)),
      transactions: new DataLoader((paymentIds) => deps.payments.transactionsOf(paymentIds)),
      refunds: new DataLoader((paymentIds) => deps.payments.refundsOf(paymentIds)),
    },
  };
}
