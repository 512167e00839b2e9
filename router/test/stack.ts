// Boots the real customers and catalog subgraphs and the router in this process, on
// ephemeral ports, against the local PostgreSQL and FerretDB.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import {
  connectMongo,
  createJwksVerifier,
  createPostgresDataSource,
  type SubgraphServer,
  type TokenSettings,
} from '@commerce/service-kit';
import { infra, testLogger, unique } from '@commerce/testkit';
import { createServer as createCatalog } from '../../subgraphs/catalog/src/server.ts';
import { createDeps as createCatalogDeps } from '../../subgraphs/catalog/src/deps.ts';
import { generateSigningJwk, signingKeysFrom, type SigningKeys } from '../../subgraphs/customers/src/auth/keys.ts';
import type { ThrottleSettings } from '../../subgraphs/customers/src/auth/throttle.ts';
import { createDeps } from '../../subgraphs/customers/src/deps.ts';
import { createServer as createCustomers } from '../../subgraphs/customers/src/server.ts';
import { ensureAdmin } from '../../subgraphs/customers/src/services/auth-service.ts';
import { entities, migrations } from '../../subgraphs/customers/src/store/customer-store.ts';
import { createGateway } from '../src/gateway.ts';
import { createRouter, type Router } from '../src/server.ts';

const SUPERGRAPH = new URL('../../schema/supergraph.graphql', import.meta.url);

export interface Stack {
  /** The router's GraphQL URL. */
  url: string;
  customersUrl: string;
  catalogUrl: string;
  supergraphPath: string;
  keys: SigningKeys;
  tokenSettings: TokenSettings;
  dataSource: DataSource;
  mongo: Connection;
  admin: { email: string; password: string; id: string };
  close(): Promise<void>;
}

export async function startStack(options: { throttle?: Partial<ThrottleSettings> } = {}): Promise<Stack> {
  const logger = testLogger('stack');
  const tokenSettings = { issuer: 'urn:commerce:customers', audience: 'urn:commerce:api' };
  const dataSource = await createPostgresDataSource({
    url: infra.postgresUrl('customers'),
    applicationName: 'customers',
    entities,
    migrations,
    logger,
  });
  const pool = new pg.Pool({ connectionString: infra.postgresUrl('customers'), max: 2 });
  const keys = await signingKeysFrom([await generateSigningJwk()]);
  const deps = await createDeps({
    dataSource,
    pool,
    logger,
    keys,
    tokenSettings,
    throttle: { accountFailures: 5, addressFailures: 1000, windowSeconds: 60, slowAfter: 100, slowStepMs: 0, ...options.throttle },
  });
  const admin = { email: `${unique('admin')}@example.com`, password: 'admin-password-1' };
  const adminId = await ensureAdmin(deps, admin);
  const customers = await createCustomers(deps);
  const customersPort = await customers.listen(0, '127.0.0.1');
  const customersUrl = `http://127.0.0.1:${customersPort}/graphql`;
  const jwksUrl = `http://127.0.0.1:${customersPort}/.well-known/jwks.json`;

  const mongo = await connectMongo(infra.mongoUrl('catalog'));
  const catalog: SubgraphServer = await createCatalog(
    await createCatalogDeps({ connection: mongo, logger, verifyToken: createJwksVerifier(jwksUrl, tokenSettings), currency: 'EUR' }),
  );
  const catalogUrl = `http://127.0.0.1:${await catalog.listen(0, '127.0.0.1')}/graphql`;

  // A private copy of the supergraph, so a test may rewrite it.
  const dir = await mkdtemp(join(tmpdir(), 'router-test-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  await copyFile(SUPERGRAPH, supergraphPath);
  const gateway = createGateway({
    supergraphPath,
    logger,
    subgraphUrls: { customers: customersUrl, catalog: catalogUrl },
  });
  const router: Router = await createRouter({ gateway, logger, verifyToken: createJwksVerifier(jwksUrl, tokenSettings) });
  const url = `http://127.0.0.1:${await router.listen(0, '127.0.0.1')}/graphql`;

  return {
    url,
    customersUrl,
    catalogUrl,
    supergraphPath,
    keys,
    tokenSettings,
    dataSource,
    mongo,
    admin: { ...admin, id: adminId },
    async close() {
      await router.close();
      await Promise.all([customers.close(), catalog.close()]);
      await Promise.all([dataSource.destroy(), pool.end(), mongo.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
