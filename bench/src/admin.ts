// The admin portal's figures: first-load JavaScript (gzipped) and the time to apply a
// 10,000-row price CSV from the page (paste, preview, apply: 10 batches of updatePrices, every
// row's outcome shown). The platform runs in this process (router/test/stack.ts), the build is
// served on its own origin, as `npm start` does.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { freePort, unique } from '@commerce/testkit';
import { launchChromium } from '@commerce/testkit/browser';
import { startStack } from '../../router/test/stack.ts';
import { checkout } from '../../router/test/checkout-support.ts';
import { startAdminServer } from '../../clients/admin/server/serve.ts';

const ROWS = 10_000;
/** Variants per product: 10,000 SKUs in 100 products (updatePrices writes once per product). */
const PER_PRODUCT = 100;
const adminDir = fileURLToPath(new URL('../../clients/admin/', import.meta.url));

execFileSync('npm', ['run', 'build', '--silent'], { cwd: adminDir, stdio: 'ignore' });
const dist = join(adminDir, 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
// What the first page load fetches: the entry script and stylesheet named in index.html.
const firstLoad = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
const sizes = firstLoad.map((file) => ({ file, gzipKB: gzipSync(readFileSync(join(dist, file))).length / 1024 }));
const jsKB = sizes.filter((s) => s.file.endsWith('.js')).reduce((sum, s) => sum + s.gzipKB, 0);
const lazyChunks = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') && !firstLoad.includes(`assets/${f}`)).length;

const port = await freePort();
// With the catalog's outbox relay: the bench writes 10,000 variants' events, and a stack without
// a relay leaves them for the next one, in batches over Kafka's message size.
const stack = await startStack({ events: true, guardrails: { cors: { origins: [`http://127.0.0.1:${port}`], maxAgeSeconds: 600 } } });
const admin = await startAdminServer({ port, graphqlUrl: stack.url });
const helper = checkout(stack);
const headers = await helper.admin();
const run = unique('BENCH-').toUpperCase();
const productIds: string[] = [];
const skus: string[] = [];
for (let p = 0; p < ROWS / PER_PRODUCT; p += 1) {
  const variants = Array.from({ length: PER_PRODUCT }, (_, v) => ({ sku: `${run}-${p}-${v}`, options: [{ name: 'Size', value: `${v}` }], price: { amount: '10.00', currencyCode: 'EUR' } }));
  const created = await helper.ok('mutation ($i: CreateProductInput!) { createProduct(input: $i) { id } }', { i: { slug: unique('bench-'), name: `Bench product ${p}`, variants } }, headers);
  productIds.push(created.createProduct.id);
  skus.push(...variants.map((v) => v.sku));
}
// Every other row changes: half updated, half unchanged.
const csv = ['sku,price', ...skus.map((sku, i) => `${sku},${i % 2 ? '10.00' : '12.50'}`)].join('\n');
const browser = await launchChromium();

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(admin.url);
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill(stack.admin.email);
  await form.getByLabel('Password').fill(stack.admin.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Prices' }).click();
  const started = performance.now();
  // Uploaded as a file, as a merchant would a spreadsheet's export.
  await page.getByLabel('Or upload a CSV file').setInputFiles({ name: 'prices.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Preview' }).and(page.locator(':enabled')).waitFor();
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByText(`${ROWS} rows`, { exact: true }).waitFor();
  const previewed = performance.now();
  await page.getByRole('button', { name: `Apply ${ROWS} prices` }).click();
  await page.getByTestId('price-summary').filter({ hasText: `${ROWS / 2} updated · ${ROWS / 2} unchanged · 0 unknown SKUs` }).waitFor({ timeout: 600_000 });
  const applied = performance.now();
  console.table(sizes.map((s) => ({ file: s.file, 'gzip KB': s.gzipKB.toFixed(1) })));
  console.log(`first-load JavaScript: ${jsKB.toFixed(1)} KB gzipped; ${lazyChunks} lazy chunks`);
  console.log(`a ${ROWS}-row price CSV from the page: upload and preview ${(previewed - started).toFixed(0)} ms, apply (${ROWS / 1000} batches of updatePrices, ${ROWS / 2} changed) ${((applied - previewed) / 1000).toFixed(1)} s, total ${((applied - started) / 1000).toFixed(1)} s`);
  await context.close();
} finally {
  await browser.close();
  for (const id of productIds) await helper.call('mutation ($id: ID!) { deleteProduct(id: $id) }', { id }, headers).catch(() => undefined);
  await admin.close();
  await stack.close();
}
