// A shopper's whole story in Debian's Chromium against the built storefront, served on its
// own origin and calling the in-process platform (router, every subgraph, the saga) cross-origin.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { unique } from '@commerce/testkit';
import { startStack, type Stack } from '../../../router/test/stack.ts';
import { checkout } from '../../../router/test/checkout-support.ts';
import { startStorefrontServer } from '../server/serve.ts';
import { freePort } from '@commerce/testkit';
import { launchChromium, pageChecker, watchConsole } from '@commerce/testkit/browser';
import { startCuttableProxy } from '@commerce/testkit';

const checkPage = pageChecker(fileURLToPath(new URL('../test-results/screenshots/', import.meta.url)));

// What the page's own scripts see (this program has Node's types, not the DOM's).
declare const window: any;
declare const localStorage: any;

const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });
const STATUSES = ['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED', 'SHIPPED', 'DELIVERED'];
const TEST_PRODUCTS = ['Market mug', 'Plain beaker'];

describe('the storefront in a real browser', { timeout: 240_000 }, () => {
  let stack: Stack;
  let storefront: Awaited<ReturnType<typeof startStorefrontServer>>;
  /** A second storefront whose every router connection goes through a proxy the test can cut. */
  let flaky: Awaited<ReturnType<typeof startStorefrontServer>>;
  let proxy: Awaited<ReturnType<typeof startCuttableProxy>>;
  let browser: Browser;
  let helper: ReturnType<typeof checkout>;
  const consoleErrors: string[] = [];
  const catalog = { parent: unique('kitchen-'), child: unique('mugs-'), childName: `Mugs ${unique('')}`, brand: unique('Kiln') };
  let placedOrderUrl = '';
  // The database outlives the run: an active warehouse would get a stock row for every later variant.
  let retireWarehouse: () => Promise<unknown> = async () => undefined;

  before(async () => {
    const [port, flakyPort] = [await freePort(), await freePort()];
    const origins = [`http://127.0.0.1:${port}`, `http://127.0.0.1:${flakyPort}`];
    stack = await startStack({
      search: true,
      saga: { carrierStepMs: 300, browserOrigins: origins },
      guardrails: { cors: { origins, maxAgeSeconds: 600 } },
    });
    const cardTokensUrl = stack.saga!.urls.payments.replace('/graphql', '/sandbox-gateway/tokens');
    storefront = await startStorefrontServer({ port, graphqlUrl: stack.url, cardTokensUrl });
    proxy = await startCuttableProxy({ host: '127.0.0.1', port: Number(new URL(stack.url).port) });
    flaky = await startStorefrontServer({ port: flakyPort, graphqlUrl: `http://127.0.0.1:${proxy.port}/graphql`, cardTokensUrl });
    browser = await launchChromium();
    helper = checkout(stack);

    // A category tree with two products of different brands in it; the mug has two colours.
    const admin = await helper.admin();
    // Earlier runs' products point their images at storefronts that are gone: retire them.
    const leftovers = await helper.ok('{ products(filter: { tags: ["mug"], status: [ACTIVE] }, first: 100) { edges { node { id name } } } }', {}, admin);
    for (const { node } of leftovers.products.edges) {
      if (TEST_PRODUCTS.includes(node.name)) await helper.ok('mutation ($id: ID!) { archiveProduct(id: $id) { id } }', { id: node.id }, admin);
    }
    const parent = (await helper.ok('mutation ($i: CategoryInput!) { createCategory(input: $i) { id } }', { i: { slug: catalog.parent, name: 'Kitchen' } }, admin)).createCategory.id;
    const child = (await helper.ok('mutation ($i: CategoryInput!) { createCategory(input: $i) { id } }', { i: { slug: catalog.child, name: catalog.childName, parentId: parent } }, admin)).createCategory.id;
    const created: string[] = [];
    const warehouseId = (await helper.ok('mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code: unique('W-'), name: 'Test' } }, admin)).createWarehouse.id;
    const create = async (name: string, brand: string, colours: [string, number][], price: string, compareAt?: string) => {
      const product = await helper.ok(
        'mutation ($i: CreateProductInput!) { createProduct(input: $i) { id variants { id } } }',
        {
          i: {
            slug: unique('p-'),
            name,
            brand,
            categoryId: child,
            status: 'ACTIVE',
            tags: ['mug'],
            description: 'Thrown by hand and glazed twice; holds 300 ml.',
            attributes: [{ name: 'Material', value: 'Stoneware' }],
            media: colours.map(([colour]) => ({ url: `${storefront.url}/media/mug-${colour.toLowerCase()}.svg`, altText: `${name} in ${colour}` })),
            variants: colours.map(([colour]) => ({
              sku: unique('SKU-'),
              options: [{ name: 'Colour', value: colour }],
              price: eur(price),
              ...(compareAt ? { compareAtPrice: eur(compareAt) } : {}),
              weightGrams: 400,
            })),
          },
        },
        admin,
      );
      const variantIds: string[] = product.createProduct.variants.map((v: { id: string }) => v.id);
      created.push(product.createProduct.id);
      for (const [i, [, onHand]] of colours.entries()) {
        await helper.ok('mutation ($i: SetStockInput!) { setStock(input: $i) { available } }', { i: { variantId: variantIds[i], warehouseId, onHand, reason: 'test stock' } }, admin);
      }
      return variantIds;
    };
    const mug = await create('Market mug', catalog.brand, [['Blue', 20], ['Red', 3]], '12.00', '15.00');
    await create('Plain beaker', 'Other', [['Sand', 10]], '8.00');
    // Orders hears of new variants through Kafka: wait until a cart takes them.
    const probe = await helper.shopper();
    for (const variantId of mug) await helper.addToCart(probe, variantId, 1);
    await helper.ok('mutation { clearCart { itemCount } }', {}, probe.headers);
    retireWarehouse = async () => {
      await helper.ok('mutation ($id: ID!) { setWarehouseActive(id: $id, active: false) { id } }', { id: warehouseId }, admin);
      for (const id of created) await helper.ok('mutation ($id: ID!) { archiveProduct(id: $id) { id } }', { id }, admin);
    };
  });

  after(async () => {
    await retireWarehouse();
    await browser?.close();
    await storefront?.close();
    await flaky?.close();
    await proxy?.close();
    await stack?.close();
  });

  /**
   * `networkCut`: the test cuts the connection, so the browser's refused connections are
   * expected: failed loads, and sockets to the proxy that it closes (while it is down it accepts
   * and drops them, so Chromium reports "closed before receiving a handshake response").
   */
  async function newShopper(options: { networkCut?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    const cut = (error: string) => /net::ERR_/.test(error) || error.includes(`WebSocket connection to 'ws://127.0.0.1:${proxy.port}/graphql' failed`);
    page.on('close', () => consoleErrors.push(...errors.filter((e) => !(options.networkCut && cut(e)))));
    return { context, page };
  }

  async function signUp(page: Page, firstName: string): Promise<void> {
    await page.goto(`${storefront.url}/account`);
    await checkPage(page, 'account-signed-out');
    const form = page.getByRole('form', { name: 'New here? Create an account' });
    await form.getByLabel('First name').fill(firstName);
    await form.getByLabel('Last name').fill('Shopper');
    await form.getByLabel('Email').fill(`${unique()}@example.com`);
    await form.getByLabel(/Password/).fill('a-long-password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
  }

  async function fillCheckout(page: Page, card: string): Promise<void> {
    await page.getByLabel('Street and number').fill('1 Keizersgracht');
    await page.getByLabel('Postal code').fill('1015 CJ');
    await page.getByLabel('City').fill('Amsterdam');
    await page.getByLabel('Country').selectOption('NL');
    await page.getByRole('radio', { name: /Standard/ }).waitFor();
    await page.getByLabel('Name on card').fill('Grace Shopper');
    await page.getByLabel('Card number').fill(card);
    await page.getByLabel('Month (MM)').fill('12');
    await page.getByLabel('Year (YYYY)').fill('2035');
    await page.getByLabel('CVC').fill('123');
  }

  /** Every status the order page shows, in the order it showed them (recorded in the page). */
  async function recordStatuses(page: Page): Promise<void> {
    // A string, not a function: tsx's transform would wrap named functions in a helper the page lacks.
    await page.evaluate(`(() => {
      const seen = [];
      const badges = [];
      window.seenStatuses = seen;
      window.seenBadges = badges;
      const note = () => {
        const text = document.querySelector('[data-testid="order-status"]')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
        const badge = document.querySelector('.live')?.textContent;
        if (badge && badges.at(-1) !== badge) badges.push(badge);
      };
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
  }

  test('a new shopper signs up, filters a category, picks a variant, pays with the approving card and watches the order reach DELIVERED live', async () => {
    const { context, page } = await newShopper();
    await signUp(page, 'Grace');
    await checkPage(page, 'account');

    // Browse: the category from the tree, then the brand filter.
    await page.getByRole('link', { name: 'Shop', exact: true }).click();
    await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: catalog.childName }).click();
    await page.getByRole('heading', { name: catalog.childName }).waitFor();
    await page.getByText('2 products').waitFor();
    await page.getByLabel('Brand').fill(catalog.brand);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('1 product', { exact: true }).waitFor();
    const card = page.getByRole('listitem').filter({ hasText: 'Market mug' });
    assert.match(await card.innerText(), /€12\.00[\s\S]*€15\.00/);
    assert.match(await card.innerText(), /In stock/);
    await checkPage(page, 'browse');

    // Product: pick the red one, of which only 3 are left.
    await page.getByRole('link', { name: /Market mug/ }).click();
    await page.getByRole('heading', { name: 'Market mug', level: 1 }).waitFor();
    await page.getByRole('radio', { name: 'Red' }).check();
    await page.getByText('Only 3 left').waitFor();
    // The chosen colour's photo comes first.
    assert.equal(await page.getByRole('region', { name: 'Photos' }).getByRole('img').first().getAttribute('alt'), 'Market mug in Red');
    await checkPage(page, 'product');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();

    // Cart and checkout: a double click on "Place order" places one order.
    await page.getByRole('link', { name: 'View cart' }).click();
    await page.getByRole('cell', { name: /^Market mug \(Red\)/ }).waitFor();
    await fillCheckout(page, '4242424242424242');
    await checkPage(page, 'cart');
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await page.waitForURL(/\/orders\//);
    placedOrderUrl = page.url();
    await page.getByTestId('order-status').waitFor();
    await recordStatuses(page);
    await page.getByTestId('order-status').filter({ hasText: 'DELIVERED' }).waitFor({ timeout: 60_000 });
    await checkPage(page, 'order-delivered');

    const seen = await page.evaluate(() => window.seenStatuses);
    assert.ok(seen.length >= 2, `the page showed the order change live: ${seen.join(' → ')}`);
    // Two pushes in quick succession may render in one frame; none repeats and none goes back.
    assert.deepEqual(seen, STATUSES.filter((status) => seen.includes(status)), `statuses in order, each once: ${seen.join(' → ')}`);
    assert.equal(new Set(seen).size, seen.length);
    const timeline = await page.locator('.timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-status')));
    assert.deepEqual(timeline, STATUSES);
    assert.match(await page.locator('article').innerText(), /VISA •••• 4242/);

    const session = JSON.parse((await page.evaluate(() => localStorage.getItem('storefront.session')))!) as { accessToken: string };
    const orders = await helper.ok('{ me { orders { totalCount } } }', {}, { authorization: `Bearer ${session.accessToken}` });
    assert.equal(orders.me.orders.totalCount, 1, 'the double click placed one order');

    // The account shows the order, the card kept for next time and the saved address.
    await page.getByRole('link', { name: /^Account/ }).click();
    const account = page.getByRole('region', { name: 'Orders' });
    await account.getByRole('link', { name: /^Order / }).waitFor();
    await page.getByRole('region', { name: 'Saved cards' }).getByRole('listitem').filter({ hasText: /VISA •••• 4242/ }).waitFor();
    await page.getByRole('region', { name: 'Addresses' }).getByRole('listitem').filter({ hasText: /1 Keizersgracht/ }).waitFor();
    await checkPage(page, 'account-with-orders');

    // A review of what was bought carries the verified-purchase badge.
    await page.getByRole('region', { name: 'Orders' }).getByRole('link', { name: /^Order / }).click();
    await page.getByRole('link', { name: 'Market mug (Red)' }).click();
    await page.getByLabel('Title').fill('Holds the heat');
    await page.getByLabel('Review', { exact: true }).fill('My morning coffee stays warm to the last sip.');
    await page.getByRole('button', { name: 'Post review' }).click();
    await page.getByRole('status').filter({ hasText: 'your review is posted' }).waitFor();
    const review = page.getByRole('listitem').filter({ hasText: 'Holds the heat' });
    await review.waitFor();
    assert.match(await review.innerText(), /Verified purchase/);
    await checkPage(page, 'product-reviewed');
    await context.close();
  });

  test('a shopper types in the search box, picks a suggestion, finds the mug by a typo and narrows the results by its brand', async () => {
    const { context, page } = await newShopper();
    await page.goto(storefront.url);
    const box = page.getByRole('combobox', { name: 'Search products' });
    await box.fill('mark');
    await page.getByRole('option', { name: 'Market mug' }).waitFor();
    await box.press('ArrowDown');
    await box.press('Enter');
    await page.getByRole('heading', { name: 'Market mug', level: 1 }).waitFor();

    await box.fill('markt mug');
    await box.press('Enter');
    await page.getByRole('heading', { name: 'Results for “markt mug”' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Market mug' }).waitFor();
    await checkPage(page, 'search-results');
    await page.getByRole('checkbox', { name: new RegExp(`^${catalog.brand} \\(1\\)`) }).check();
    await page.getByText('1 product', { exact: true }).waitFor();
    assert.equal(await page.getByRole('listitem').filter({ hasText: 'Plain beaker' }).count(), 0);
    await context.close();
  });

  test('a declined card shows the decline and the order cancelled, and another shopper cannot open the first order', async () => {
    const { context, page } = await newShopper();
    await signUp(page, 'Alan');
    await page.goto(`${storefront.url}/c/${catalog.child}`);
    await page.getByRole('link', { name: /Plain beaker/ }).click();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: 'View cart' }).click();
    await fillCheckout(page, '4000000000009995');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\//);
    await page.getByTestId('order-status').filter({ hasText: 'CANCELLED' }).waitFor({ timeout: 60_000 });
    const alert = await page.getByRole('alert').innerText();
    assert.match(alert, /cancelled/i);
    assert.match(alert, /declined: The card has insufficient funds/);
    assert.match(alert, /not charged/);
    await checkPage(page, 'order-declined');

    if (placedOrderUrl) {
      await page.goto(placedOrderUrl);
      await page.getByRole('heading', { name: 'Order not found' }).waitFor();
      await checkPage(page, 'order-not-found');
    }
    await context.close();
  });

  test('an order for more than is in stock is cancelled, saying so and that nothing was charged', async () => {
    const { context, page } = await newShopper();
    await signUp(page, 'Ada');
    await page.goto(`${storefront.url}/c/${catalog.child}`);
    await page.getByRole('link', { name: /Plain beaker/ }).click();
    await page.getByLabel('Quantity').fill('50');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: 'View cart' }).click();
    await fillCheckout(page, '4242424242424242');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\//);
    await page.getByTestId('order-status').filter({ hasText: 'CANCELLED' }).waitFor({ timeout: 60_000 });
    assert.match(await page.getByRole('alert').innerText(), /ran out of stock[\s\S]*Nothing was charged/);
    await checkPage(page, 'order-out-of-stock');
    await context.close();
  });

  test('when the connection drops mid-saga the order page resumes from its cursor and shows each missed status once', async () => {
    const { context, page } = await newShopper({ networkCut: true });
    await page.goto(`${flaky.url}/account`);
    const form = page.getByRole('form', { name: 'New here? Create an account' });
    await form.getByLabel('First name').fill('Barbara');
    await form.getByLabel('Last name').fill('Shopper');
    await form.getByLabel('Email').fill(`${unique()}@example.com`);
    await form.getByLabel(/Password/).fill('a-long-password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.goto(`${flaky.url}/c/${catalog.child}`);
    await page.getByRole('link', { name: /Market mug/ }).click();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: 'View cart' }).click();
    await fillCheckout(page, '4242424242424242');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\//);
    await page.getByText('Live updates on').waitFor();
    await recordStatuses(page);

    await proxy.cut(2500);
    await page.getByTestId('order-status').filter({ hasText: 'DELIVERED' }).waitFor({ timeout: 60_000 });
    const { seen, badges } = await page.evaluate(() => ({ seen: window.seenStatuses as string[], badges: window.seenBadges as string[] }));
    assert.ok(badges.includes('Reconnecting…'), `the page noticed the drop: ${badges.join(' → ')}`);
    // Replayed statuses may render in one frame; none repeats and none goes back.
    assert.deepEqual(seen, STATUSES.filter((status) => seen.includes(status)), `statuses in order, each once: ${seen.join(' → ')}`);
    assert.equal(new Set(seen).size, seen.length);
    const timeline = await page.locator('.timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-status')));
    assert.deepEqual(timeline, STATUSES);
    await context.close();
  });

  test('an expired access token is refreshed silently on reload, and the refresh token rotates', async () => {
    const { context, page } = await newShopper();
    await signUp(page, 'Hedy');
    const before = JSON.parse((await page.evaluate(() => localStorage.getItem('storefront.session')))!) as { refreshToken: string };
    // As if the tab had been left open past the access token's lifetime.
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('storefront.session'));
      localStorage.setItem('storefront.session', JSON.stringify({ ...session, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString() }));
    });
    await page.reload();
    await page.getByRole('region', { name: 'Profile' }).getByText('Hedy Shopper').waitFor();
    const after = JSON.parse((await page.evaluate(() => localStorage.getItem('storefront.session')))!) as { refreshToken: string; accessTokenExpiresAt: string };
    assert.notEqual(after.refreshToken, before.refreshToken);
    assert.ok(Date.parse(after.accessTokenExpiresAt) > Date.now());
    await context.close();
  });

  test('signing out revokes the session: the old access token is refused', async () => {
    const { context, page } = await newShopper();
    await signUp(page, 'Edsger');
    const session = JSON.parse((await page.evaluate(() => localStorage.getItem('storefront.session')))!) as { accessToken: string };
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('storefront.session')), null);
    await helper.eventually(
      () => helper.call('{ me { id } }', {}, { authorization: `Bearer ${session.accessToken}` }),
      (response) => response.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED',
      'the signed-out token to be refused',
      10_000,
    );
    await context.close();
  });

  test('no page logged a console error', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
