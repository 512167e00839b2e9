// The storefront's figures: first-load JavaScript (gzipped, budget 200 KB), product page load
// to interactive in headless Chromium (p50, p95 over 20 cold loads) and GraphQL requests per
// page view. The platform runs in this process (router/test/stack.ts), the build is served on
// its own origin, as `npm start` does.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { unique } from '@commerce/testkit';
import { startStack } from '../../router/test/stack.ts';
import { checkout } from '../../router/test/checkout-support.ts';
import { startStorefrontServer } from '../../clients/storefront/server/serve.ts';
import { freePort } from '@commerce/testkit';
import { launchChromium } from '@commerce/testkit/browser';

const LOADS = 20;
const BUDGET_KB = 200;
const storefrontDir = fileURLToPath(new URL('../../clients/storefront/', import.meta.url));

execFileSync('npm', ['run', 'build', '--silent'], { cwd: storefrontDir, stdio: 'ignore' });
const dist = join(storefrontDir, 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
// What the first page load fetches: the entry script and stylesheet named in index.html.
const firstLoad = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
const sizes = firstLoad.map((file) => ({ file, gzipKB: gzipSync(readFileSync(join(dist, file))).length / 1024 }));
const jsKB = sizes.filter((s) => s.file.endsWith('.js')).reduce((sum, s) => sum + s.gzipKB, 0);
const lazyChunks = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') && !firstLoad.includes(`assets/${f}`)).length;

const port = await freePort();
const stack = await startStack({ guardrails: { cors: { origins: [`http://127.0.0.1:${port}`], maxAgeSeconds: 600 } } });
const storefront = await startStorefrontServer({ port, graphqlUrl: stack.url, cardTokensUrl: 'http://127.0.0.1:9/unused' });
const helper = checkout(stack);
const admin = await helper.admin();
const slug = unique('bench-');
const product = await helper.ok(
  'mutation ($i: CreateProductInput!) { createProduct(input: $i) { id } }',
  { i: { slug, name: 'Bench kettle', brand: 'Steep', status: 'ACTIVE', description: 'For measuring.', variants: [{ sku: unique('B-'), options: [{ name: 'Colour', value: 'Steel' }], price: { amount: '49.00', currencyCode: 'EUR' } }] } },
  admin,
);
const browser = await launchChromium();

async function view(path: string, ready: (page: Page) => Promise<unknown>) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let graphql = 0;
  page.on('request', (request) => {
    if (request.url().startsWith(stack.url) && request.method() !== 'OPTIONS') graphql += 1;
  });
  const started = performance.now();
  await page.goto(`${storefront.url}${path}`);
  await ready(page);
  const ms = performance.now() - started;
  await context.close();
  return { ms, graphql };
}

try {
  const productLoads: number[] = [];
  let productRequests = 0;
  for (let i = 0; i < LOADS; i += 1) {
    const { ms, graphql } = await view(`/p/${slug}`, (page) => page.getByRole('radio', { name: 'Steel' }).waitFor());
    productLoads.push(ms);
    productRequests = Math.max(productRequests, graphql);
  }
  const browse = await view('/', (page) => page.getByText(/\d+ products?/).waitFor());
  productLoads.sort((a, b) => a - b);
  const pct = (p: number) => productLoads[Math.min(productLoads.length - 1, Math.ceil((p / 100) * productLoads.length) - 1)]!;
  console.table(sizes.map((s) => ({ file: s.file, 'gzip KB': s.gzipKB.toFixed(1) })));
  console.log(`first-load JavaScript: ${jsKB.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB${jsKB > BUDGET_KB ? ', OVER' : ''}); ${lazyChunks} lazy chunks`);
  console.log(`product page, cold load to interactive (variant picker rendered) over ${LOADS} loads: p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms`);
  console.log(`GraphQL requests per page view: product ${productRequests}, browse ${browse.graphql}`);
} finally {
  await browser.close();
  await helper.ok('mutation ($id: ID!) { archiveProduct(id: $id) { id } }', { id: product.createProduct.id }, admin).catch(() => undefined);
  await storefront.close();
  await stack.close();
}
