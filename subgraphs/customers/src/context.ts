import DataLoader from 'dataloader';
import type { Logger, TokenSettings, TokenVerifier, Viewer } from '@commerce/service-kit';
import type { LoginThrottle } from './auth/throttle.ts';
import type { SigningKeys } from './auth/keys.ts';
import type { Address, Customer } from './domain/customer.ts';
import type { AddressStore } from './store/address-store.ts';
import type { CustomerStore } from './store/customer-store.ts';
import type { SessionStore } from './store/session-store.ts';

export interface Deps {
  logger: Logger;
  customers: CustomerStore;
  addresses: AddressStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
  keys: SigningKeys;
  tokenSettings: TokenSettings;
  verifyToken: TokenVerifier;
  routerSigningSecret: string;
}

export interface Context extends Deps {
  viewer: Viewer | undefined;
  clientAddress: string;
  correlationId: string | undefined;
  loaders: {
    customer: DataLoader<string, Customer | undefined>;
    addresses: DataLoader<string, Address[]>;
  };
}

/** A fresh context per request: loaders batch and cache only within one request. */
export function createContext(
  deps: Deps,
  request: { viewer: Viewer | undefined; clientAddress: string; correlationId: string | undefined },
): Context {
  return {
    ...deps,
    ...request,
    loaders: {
      customer: new DataLoader((ids) => deps.customers.findByIds(ids)),
      addresses: new DataLoader((ids) => deps.addresses.listFor(ids)),
    },
  };
}
