// The merchant's story in Debian's Chromium against the built admin portal, served on its own
// origin and calling the in-process platform (router, every subgraph, the saga) cross-origin.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort, startCuttableProxy, unique, type CuttableProxy } from '@commerce/testkit';
import { launchChromium, pageChecker, watchConsole } from '@commerce/testkit/browser';
import { startStack, type Stack } from '../../../router/test/stack.ts';
import { ADDRESS, checkout } from '../../../router/test/checkout-support.ts';
import { startAdminServer } from '../server/serve.ts';

// What the page's own scripts see (this program has Node's types, not the DOM's).
declare const localStorage: any;

const checkPage = pageChecker(fileURLToPath(new URL('../test-results/screenshots/', import.meta.url)));

describe('the admin portal in a real browser', { timeout: 300_000 }, () => {
  let stack: Stack;
  let admin: Awaited<ReturnType<typeof startAdminServer>>;
  /** A second admin origin whose every router connection goes through a proxy the test can cut. */
  let flaky: Awaited<ReturnType<typeof startAdminServer>>;
  let proxy: CuttableProxy;
  let browser: Browser;
  let helper: ReturnType<typeof checkout>;
  const consoleErrors: string[] = [];
  const created = { category: unique('teaware-'), categoryName: `Teaware ${unique('')}`, product: `Stoneware teapot ${unique('')}`, skus: [unique('TP-BLUE-').toUpperCase(), unique('TP-SAND-').toUpperCase()], warehouses: [unique('AMS-').toUpperCase(), unique('RTM-').toUpperCase()] };
  let productId = '';
  let variantIds: string[] = [];
  const shopperAccount = { email: `${unique()}@example.com`, password: 'a-long-password' };

  before(async () => {
    const [port, flakyPort] = [await freePort(), await freePort()];
    const origins = [`http://127.0.0.1:${port}`, `http://127.0.0.1:${flakyPort}`];
    stack = await startStack({ saga: { browserOrigins: origins }, guardrails: { cors: { origins, maxAgeSeconds: 600 } } });
    admin = await startAdminServer({ port, graphqlUrl: stack.url });
    proxy = await startCuttableProxy({ host: '127.0.0.1', port: Number(new URL(stack.url).port) });
    flaky = await startAdminServer({ port: flakyPort, graphqlUrl: `http://127.0.0.1:${proxy.port}/graphql` });
    browser = await launchChromium();
    helper = checkout(stack);
    await helper.ok('mutation ($i: RegisterInput!) { register(input: $i) { accessToken } }', { i: { ...shopperAccount, firstName: 'Carla', lastName: 'Customer' } }, {});
  });

  after(async () => {
    // The database outlives the run: retire what this run made, so later runs and other tests do not meet it.
    if (stack) {
      const headers = await helper.admin();
      const warehouses = await helper.ok('{ warehouses { id code } }', {}, headers);
      for (const w of warehouses.warehouses) {
        if (created.warehouses.includes(w.code)) await helper.ok('mutation ($id: ID!) { setWarehouseActive(id: $id, active: false) { id } }', { id: w.id }, headers);
      }
      if (productId) await helper.call('mutation ($id: ID!) { archiveProduct(id: $id) { id } }', { id: productId }, headers);
    }
    await browser?.close();
    await admin?.close();
    await flaky?.close();
    await proxy?.close();
    await stack?.close();
  });

  async function newContext(options: { networkCut?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    page.on('close', () => consoleErrors.push(...errors.filter((e) => !(options.networkCut && /net::ERR_|WebSocket/.test(e)))));
    return { context, page };
  }

  async function signIn(page: Page, origin: string, account: { email: string; password: string }): Promise<void> {
    await page.goto(origin);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Email').fill(account.email);
    await form.getByLabel('Password').fill(account.password);
    await form.getByRole('button', { name: 'Sign in' }).click();
  }

  let context: BrowserContext;
  let page: Page;

  /** Records every status each dashboard row shows, in order (window.rowStatuses[number]). */
  async function recordRowStatuses(target: Page): Promise<void> {
    // A string, not a function: tsx's transform would wrap named functions in a helper the page lacks.
    await target.evaluate(`(() => {
      const seen = {};
      window.rowStatuses = seen;
      const note = () => {
        for (const row of document.querySelectorAll('tr[data-order]')) {
          const number = row.getAttribute('data-order');
          const status = row.querySelector('.status')?.textContent;
          const list = (seen[number] ??= []);
          if (status && list.at(-1) !== status) list.push(status);
        }
      };
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
  }

  const ORDER = ['Pending', 'Awaiting payment', 'Confirmed', 'Shipped', 'Delivered'];
  /**
   * Waits until the dashboard row of `number` has shown `status` (or, with `orLater`, a status after
   * it: changes the page applies in one render, as after a resume, show only the last); returns
   * every status it showed.
   */
  async function rowShowed(target: Page, number: string, status: string, orLater = false): Promise<string[]> {
    const reached = JSON.stringify(orLater ? ORDER.slice(Math.max(0, ORDER.indexOf(status))) : [status]);
    await target.waitForFunction(`(window.rowStatuses[${JSON.stringify(number)}] ?? []).some((s) => ${reached}.includes(s))`, undefined, { timeout: 60_000 }).catch(async (error: unknown) => {
      const statuses = await target.evaluate(`JSON.stringify(window.rowStatuses[${JSON.stringify(number)}] ?? null)`);
      const badge = await target.locator('.live-badge').innerText();
      throw new Error(`order ${number} never showed ${status}${orLater ? ' or later' : ''} (it showed ${statuses}; the page says "${badge}")`, { cause: error });
    });
    return (await target.evaluate(`window.rowStatuses[${JSON.stringify(number)}]`)) as string[];
  }
  // Where each test left the page: what to look at when one fails.
  afterEach(async (t) => {
    if (page && !page.isClosed()) await page.screenshot({ path: fileURLToPath(new URL(`../test-results/after-${t.name.slice(0, 40).replace(/\W+/g, '-')}.png`, import.meta.url)), fullPage: true });
  });

  test('a customer account cannot sign in, and is told why', async () => {
    ({ context, page } = await newContext());
    await page.goto(admin.url);
    await page.getByRole('heading', { name: 'Sign in to the admin portal' }).waitFor();
    await checkPage(page, 'sign-in');
    await signIn(page, admin.url, shopperAccount);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /customer account without the admin role/);
    assert.equal(await page.getByRole('navigation', { name: 'Sections' }).count(), 0, 'no section is reachable');
    assert.equal(await page.evaluate(() => localStorage.getItem('admin.session')), null);
    await checkPage(page, 'sign-in-refused');
  });

  test('an admin creates a category, two warehouses and a product with two variants, options, weights, media and attributes', async () => {
    await signIn(page, admin.url, stack.admin);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    await checkPage(page, 'dashboard');

    // The category tree: a new top-level category.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Categories' }).click();
    const newCategory = page.getByRole('form', { name: 'New category' });
    await newCategory.getByLabel('Name').fill(created.categoryName);
    await newCategory.getByLabel('Slug').fill(created.category);
    await newCategory.getByRole('button', { name: 'Create category' }).click();
    await page.getByRole('list', { name: 'Category tree' }).getByText(created.categoryName).waitFor();
    await checkPage(page, 'categories');

    // Two warehouses.
    await page.getByRole('link', { name: 'Inventory' }).click();
    // Wait for the page's data (a row, or the row saying there are none): a warehouse created while it
    // loads could be missing from that first answer.
    await page.getByRole('table', { name: 'Warehouses' }).locator('tbody tr').first().waitFor();
    for (const code of created.warehouses) {
      const form = page.getByRole('form', { name: 'New warehouse' });
      await form.getByLabel('Warehouse code').fill(code);
      await form.getByLabel('Warehouse name').fill(`Warehouse ${code}`);
      await form.getByRole('button', { name: 'Add warehouse' }).click();
      await page.getByRole('table', { name: 'Warehouses' }).getByRole('cell', { name: code, exact: true }).waitFor();
    }

    // The product, its two variants in one go.
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('link', { name: 'New product' }).click();
    const form = page.getByRole('form', { name: 'New product' });
    await form.getByLabel('Name').fill(created.product);
    await form.getByLabel('Slug', { exact: true }).fill(unique('teapot-'));
    await form.getByLabel('Description').fill('Holds a litre; the lid stays put when pouring.');
    await form.getByLabel('Brand').fill('Kiln');
    await form.getByLabel('Category').selectOption({ label: created.categoryName });
    await form.getByLabel('Tags').fill('teapot, gift');
    await form.getByLabel('Status').selectOption('ACTIVE');
    await form.getByRole('button', { name: 'Add attribute' }).click();
    await form.getByLabel('Attribute name 1').fill('Material');
    await form.getByLabel('Attribute value 1').fill('Stoneware');
    await form.getByRole('button', { name: 'Add media' }).click();
    await form.getByLabel('Media URL 1').fill(`${admin.url}/favicon.svg`);
    await form.getByLabel('Alt text 1').fill('The teapot');
    await form.getByRole('button', { name: 'Add another variant' }).click();
    for (const [i, [colour, price, weight]] of [['Blue', '39.00', '900'], ['Sand', '42.00', '950']].entries()) {
      await form.getByLabel(`SKU ${i + 1}`, { exact: true }).fill(created.skus[i]!);
      await form.getByLabel(`Options ${i + 1}`, { exact: true }).fill(`Colour: ${colour}`);
      await form.getByLabel(`Price ${i + 1}`, { exact: true }).fill(price!);
      await form.getByLabel(`Weight in grams ${i + 1}`, { exact: true }).fill(weight!);
    }
    await checkPage(page, 'product-new');
    await form.getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('heading', { name: created.product, level: 1 }).waitFor();
    productId = page.url().split('/').pop()!;
    await page.getByRole('form', { name: `Variant ${created.skus[1]}` }).waitFor();
    await checkPage(page, 'product-edit');

    const stored = await helper.ok('query ($id: ID) { product(id: $id) { status category { slug } attributes { name value } media { url } variants { id sku options { value } weightGrams price { amount } } } }', { id: productId }, await helper.admin());
    assert.equal(stored.product.status, 'ACTIVE');
    assert.equal(stored.product.category.slug, created.category);
    assert.deepEqual(stored.product.attributes, [{ name: 'Material', value: 'Stoneware' }]);
    assert.equal(stored.product.media.length, 1);
    assert.deepEqual(
      stored.product.variants.map((v: any) => [v.sku, v.options[0].value, v.weightGrams, v.price.amount]),
      [[created.skus[0], 'Blue', 900, '39.00'], [created.skus[1], 'Sand', 950, '42.00']],
    );
    variantIds = stored.product.variants.map((v: { id: string }) => v.id);
    // Orders hears of new variants through Kafka (slow on a loaded machine): wait until a cart takes them.
    const probe = await helper.shopper();
    for (const variantId of variantIds) {
      await helper.eventually(
        () => helper.call('mutation ($v: ID!) { addToCart(variantId: $v, quantity: 1) { itemCount } }', { v: variantId }, probe.headers),
        (response) => !response.errors,
        'orders to hear of the new variant',
        120_000,
      );
    }
    await helper.ok('mutation { clearCart { itemCount } }', {}, probe.headers);
  });

  test('a negative price is refused beside the field and changes nothing', async () => {
    const variant = page.getByRole('form', { name: `Variant ${created.skus[0]}` });
    await variant.getByLabel('Price', { exact: true }).fill('-5.00');
    await variant.getByLabel('Weight in grams').fill('1000');
    await variant.getByRole('button', { name: 'Save variant' }).click();
    const price = variant.getByLabel('Price', { exact: true });
    await variant.locator('.field-error').first().waitFor();
    assert.equal(await price.getAttribute('aria-invalid'), 'true');
    const describedBy = (await price.getAttribute('aria-describedby'))!;
    assert.match(await page.locator(`[id="${describedBy.split(' ').pop()}"]`).innerText(), /non-negative/);
    assert.match(await variant.getByRole('alert').innerText(), /Nothing was saved/);
    await checkPage(page, 'product-negative-price');
    const stored = await helper.ok('query ($id: ID) { product(id: $id) { variants { price { amount } weightGrams } } }', { id: productId }, await helper.admin());
    assert.deepEqual(stored.product.variants[0], { price: { amount: '39.00' }, weightGrams: 900 }, 'neither the price nor the weight changed');
  });

  test('the admin stocks the variants in two warehouses with a reason, and sees the levels and the movement log', async () => {
    await page.getByRole('link', { name: 'Inventory' }).click();
    const form = page.getByRole('form', { name: 'Change stock' });
    const stock = [
      [0, 0, '12'],
      [0, 1, '3'],
      [1, 1, '7'],
    ] as const;
    await form.getByRole('radio', { name: 'Set the count on hand' }).check();
    for (const [variant, warehouse, count] of stock) {
      await form.getByLabel('Variant').selectOption(variantIds[variant]!);
      await form.getByLabel('Warehouse').selectOption({ label: `${created.warehouses[warehouse]} · Warehouse ${created.warehouses[warehouse]}` });
      await form.getByLabel('Count on hand', { exact: true }).fill(count);
      await form.getByLabel('Reason').fill('opening count');
      await form.getByRole('button', { name: 'Save stock change' }).click();
      await form.getByRole('status').filter({ hasText: `in ${created.warehouses[warehouse]}: ${count} on hand` }).waitFor();
    }
    // An adjustment by a delta, with its own reason.
    await form.getByRole('radio', { name: 'Adjust by (+/−)' }).check();
    await form.getByLabel('Variant').selectOption(variantIds[0]!);
    await form.getByLabel('Warehouse').selectOption({ label: `${created.warehouses[0]} · Warehouse ${created.warehouses[0]}` });
    await form.getByLabel('Change by').fill('-2');
    await form.getByLabel('Reason').fill('two chipped');
    await form.getByRole('button', { name: 'Save stock change' }).click();
    await form.getByRole('status').filter({ hasText: `in ${created.warehouses[0]}: 10 on hand` }).waitFor();

    const row = (sku: string, code: string) => page.locator(`tr[data-sku="${sku}"][data-warehouse="${code}"]`);
    await row(created.skus[0]!, created.warehouses[0]!).getByRole('cell', { name: '10', exact: true }).first().waitFor();
    await row(created.skus[0]!, created.warehouses[1]!).getByRole('cell', { name: '3', exact: true }).first().waitFor();
    await row(created.skus[1]!, created.warehouses[1]!).getByRole('cell', { name: '7', exact: true }).first().waitFor();
    // The log is shared with every other test's stock changes: filter it to this variant.
    const filter = page.getByRole('form', { name: 'Filter movements' });
    await filter.getByLabel('Variant').selectOption(variantIds[0]!);
    await filter.getByRole('button', { name: 'Show movements' }).click();
    await page.getByRole('cell', { name: 'two chipped' }).first().waitFor();
    await page.getByRole('cell', { name: 'opening count' }).first().waitFor();
    // Its three movements only: the filtered page is in. (A mutation's refetch that meets the same
    // query still in flight gets that query's answer, from before the change.)
    await page.getByRole('table', { name: 'Stock movements, newest first' }).locator('tbody tr').nth(3).waitFor({ state: 'detached' });
    // A threshold above what is available puts the item on the server's low-stock list (newest variants first).
    await form.getByRole('radio', { name: 'Set the low-stock threshold' }).check();
    await form.getByLabel('Variant').selectOption(variantIds[1]!);
    await form.getByLabel('Warehouse').selectOption({ label: `${created.warehouses[1]} · Warehouse ${created.warehouses[1]}` });
    await form.getByLabel('Threshold', { exact: true }).fill('10');
    await form.getByRole('button', { name: 'Save stock change' }).click();
    await form.getByRole('status').filter({ hasText: `in ${created.warehouses[1]}: 7 on hand` }).waitFor();
    const low = page.getByRole('region', { name: 'Low stock' });
    await low.locator(`li[data-sku="${created.skus[1]}"][data-warehouse="${created.warehouses[1]}"]`).filter({ hasText: '7 available (threshold 10)' }).waitFor();
    assert.equal(await low.locator(`li[data-sku="${created.skus[0]}"]`).count(), 0, 'the first variant is above its thresholds');
    await checkPage(page, 'inventory');
  });

  test('prices from a CSV of three rows: one updated, one unchanged, one unknown SKU reported', async () => {
    await page.getByRole('link', { name: 'Prices' }).click();
    await page.getByLabel('Price list (CSV)').fill(`sku,price\n${created.skus[0]},36.50\n${created.skus[1]},42.00\nNO-SUCH-SKU-${unique('')},9.99\n`);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('3 rows').waitFor();
    await page.getByRole('button', { name: 'Apply 3 prices' }).click();
    const summary = page.getByTestId('price-summary');
    await summary.waitFor();
    assert.equal(await summary.innerText(), '1 updated · 1 unchanged · 1 unknown SKU');
    const results = await page.getByRole('table', { name: 'Price rows' }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as unknown as { innerText: string }).innerText.split('\t').pop()));
    assert.deepEqual(results, ['Updated', 'Unchanged', 'Unknown SKU']);
    await checkPage(page, 'prices');
    const stored = await helper.ok('query ($id: ID) { product(id: $id) { variants { price { amount } } } }', { id: productId }, await helper.admin());
    assert.deepEqual(stored.product.variants.map((v: any) => v.price.amount), ['36.50', '42.00']);
  });

  test('a shopper buys it in another context and the order appears and reaches CONFIRMED live on the dashboard', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByText('Live', { exact: true }).waitFor();
    await recordRowStatuses(page);
    const total = async () => (await page.locator('.tile-count').allInnerTexts()).reduce((sum, n) => sum + Number(n), 0);
    const ordersBefore = await total();

    // The shopper, with a context of their own (the API, as the storefront would call it).
    const shopper = await helper.shopper();
    const orderId = await helper.placeOrder(shopper, variantIds[0]!, 2, { address: ADDRESS });
    const { order } = await helper.ok('query ($id: ID!) { order(id: $id) { number } }', { id: orderId }, shopper.headers);
    const row = page.locator(`tr[data-order="${order.number}"]`);
    await row.waitFor({ timeout: 30_000 });
    const shown = await rowShowed(page, order.number, 'Confirmed');
    // Each status once and in order (a sandbox carrier may already move it on past CONFIRMED).
    assert.deepEqual(shown, ORDER.filter((status) => shown.includes(status)), `statuses in order: ${shown.join(' → ')}`);
    // Other tests share the broker and move their orders too; but only a new order changes the total.
    const ordersAfter = await total();
    assert.ok(ordersAfter >= ordersBefore + 1, `orders counted: ${ordersBefore} before, ${ordersAfter} after`);
    await checkPage(page, 'dashboard-live');

    // The order: payment captured on confirmation; a partial refund changes it.
    await row.getByRole('link', { name: order.number }).click();
    await page.getByRole('heading', { name: `Order ${order.number}` }).waitFor();
    await page.getByTestId('payment-status').getByText('Captured').waitFor({ timeout: 30_000 });
    const refund = page.getByRole('form', { name: 'Refund' });
    await refund.getByLabel(/^Amount/).fill('5.00');
    await refund.getByLabel('Reason for the refund').fill('one lid chipped');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await page.getByTestId('payment-status').getByText('Partially refunded').waitFor();
    await page.getByTestId('refunded-amount').getByText('€5.00').waitFor();
    await page.getByRole('cell', { name: 'Refund', exact: true }).waitFor();
    // Refunding more than is left is refused, as the service words it, and changes nothing.
    await refund.getByLabel(/^Amount/).fill('5000.00');
    await refund.getByLabel('Reason for the refund').fill('too much');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await refund.getByRole('alert').waitFor();
    await page.getByTestId('refunded-amount').getByText('€5.00').waitFor();

    // Its shipment with the tracking events so far (no carrier runs in this stack, so it waits
    // at LABEL_CREATED); the admin records a problem on the way, which leaves the order CONFIRMED.
    const article = page.getByRole('article', { name: /^Shipment / });
    await article.waitFor({ timeout: 30_000 });
    const shipment = page.getByRole('form', { name: /^Record a tracking event/ });
    await shipment.getByLabel('New status').selectOption('EXCEPTION');
    await shipment.getByLabel('Location').fill('Utrecht hub');
    await shipment.getByRole('button', { name: 'Record tracking event' }).click();
    await article.getByText('Utrecht hub').waitFor();
    assert.equal(await shipment.getByRole('alert').count(), 0);
    const tracked = await helper.ok('query ($id: ID!) { order(id: $id) { shipments { status trackingEvents { status location } } } }', { id: orderId }, await helper.admin());
    assert.equal(tracked.order.shipments[0].status, 'EXCEPTION');
    assert.deepEqual(tracked.order.shipments[0].trackingEvents.at(-1), { status: 'EXCEPTION', location: 'Utrecht hub' });
    await checkPage(page, 'order');

    // The orders list, filtered by status.
    await page.getByRole('link', { name: 'Orders', exact: true }).first().click();
    await page.getByLabel('Status').selectOption('CONFIRMED');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: order.number }).waitFor();
    // … and the shopper's orders by the days they were placed (in the browser's time zone): today
    // holds this one, yesterday none. Any status: the carrier may have moved it on by now.
    const [today, yesterday, dayBeforeYesterday] = (await page.evaluate(`[0, 1, 2].map((back) => { const d = new Date(); d.setDate(d.getDate() - back); return d.toLocaleDateString('sv'); })`)) as string[];
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Customer id').fill(shopper.id);
    const placedFilter = async (from: string, until: string) => {
      await page.getByLabel('Placed from').fill(from);
      await page.getByLabel('Placed until').fill(until);
      await page.getByRole('button', { name: 'Apply filters' }).click();
    };
    await placedFilter(today!, today!);
    await page.getByRole('link', { name: order.number }).waitFor();
    await checkPage(page, 'orders');
    // A range that ends before it starts is refused beside the field, and lists nothing.
    await placedFilter(today!, dayBeforeYesterday!);
    await page.getByText('must not be earlier than placedAfter', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('Placed until').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByRole('link', { name: order.number }).count(), 0);
    await placedFilter(yesterday!, yesterday!);
    await page.getByText('0 orders', { exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: order.number }).count(), 0, 'an order placed today is not listed for yesterday');

    // The customer: their order, and the admin role granted then revoked.
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Email or name').fill(shopperAccount.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('1 customer').waitFor();
    await checkPage(page, 'customers');
    await page.getByRole('link', { name: 'Carla Customer' }).click();
    await page.getByRole('heading', { name: 'Carla Customer' }).waitFor();
    await page.getByRole('button', { name: 'Grant the admin role' }).click();
    await page.getByTestId('roles').getByText('CUSTOMER, ADMIN').waitFor();
    await page.getByRole('button', { name: 'Revoke the admin role' }).click();
    await page.getByTestId('roles').getByText(/^CUSTOMER$/).waitFor();
    await checkPage(page, 'customer');

    // The remaining pages pass the same checks.
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('link', { name: created.product }).waitFor();
    await checkPage(page, 'products');
    await page.getByRole('link', { name: 'Reviews' }).click();
    await page.getByRole('heading', { name: 'Reviews', level: 1 }).waitFor();
    await page.getByRole('region', { name: `Reviews of ${created.product}` }).waitFor();
    await checkPage(page, 'reviews');
    await context.close();
  });

  test('when the connection drops, the dashboard resumes from its cursor and shows the missed changes', async () => {
    const { context: flakyContext, page: flakyPage } = await newContext({ networkCut: true });
    await signIn(flakyPage, flaky.url, stack.admin);
    await flakyPage.getByText('Live', { exact: true }).waitFor();
    await recordRowStatuses(flakyPage);
    await flakyPage.evaluate(`(() => {
      const badges = [];
      window.seenBadges = badges;
      const note = () => {
        const badge = document.querySelector('.live-badge')?.textContent;
        if (badge && badges.at(-1) !== badge) badges.push(badge);
      };
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    // A first order while connected: the dashboard holds a cursor from its changes.
    const shopper = await helper.shopper();
    const first = await helper.placeOrder(shopper, variantIds[1]!, 1, { address: ADDRESS });
    const firstNumber = (await helper.ok('query ($id: ID!) { order(id: $id) { number } }', { id: first }, shopper.headers)).order.number;
    await rowShowed(flakyPage, firstNumber, 'Confirmed');

    // The second is placed and confirmed while the admin's connection is down: its changes arrive by the resume.
    const cut = proxy.cut(4000);
    const orderId = await helper.placeOrder(shopper, variantIds[1]!, 1, { address: ADDRESS });
    // Other services may briefly answer SERVICE_UNAVAILABLE on a loaded machine: only the status counts.
    await helper.eventually(
      () => helper.call('query ($id: ID!) { order(id: $id) { status } }', { id: orderId }, shopper.headers),
      (response) => ['CONFIRMED', 'SHIPPED', 'DELIVERED'].includes(response.data?.order?.status),
      'the order to be confirmed',
      60_000,
    );
    await cut;
    const { order } = await helper.ok('query ($id: ID!) { order(id: $id) { number } }', { id: orderId }, shopper.headers);
    // The resume applies what was missed at once: the row may go straight to where the order is now.
    const shown = await rowShowed(flakyPage, order.number, 'Confirmed', true);
    assert.deepEqual(shown, ORDER.filter((status) => shown.includes(status)), `statuses in order, each once: ${shown.join(' → ')}`);
    const badges = (await flakyPage.evaluate('window.seenBadges')) as string[];
    assert.ok(badges.some((b) => b.startsWith('Reconnecting')), `the page noticed the drop: ${badges.join(' → ')}`);
    await flakyContext.close();
  });

  test('no page logged a console error', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
