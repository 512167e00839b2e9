// The account page's forms, keyboard-only shopping and a live order outliving its access token,
// in Debian's Chromium against the built storefront and the in-process platform. Shipments stay
// where they are (no sandbox carrier steps), so the test moves an order on when it chooses.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort, unique } from '@commerce/testkit';
import { launchChromium, pageChecker, watchConsole } from '@commerce/testkit/browser';
import { startStack, type Stack } from '../../../router/test/stack.ts';
import { ADDRESS, checkout } from '../../../router/test/checkout-support.ts';
import { startStorefrontServer } from '../server/serve.ts';

const checkPage = pageChecker(fileURLToPath(new URL('../test-results/screenshots/', import.meta.url)));

// What the page's own scripts see (this program has Node's types, not the DOM's).
declare const document: any;
declare const localStorage: any;
declare const getComputedStyle: any;

const STATUSES = ['PENDING', 'AWAITING_PAYMENT', 'CONFIRMED', 'SHIPPED', 'DELIVERED'];

interface StoredSession {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  customer: { id: string; firstName: string };
}

describe('the storefront account, keyboard and expired-token journeys in a real browser', { timeout: 240_000 }, () => {
  let stack: Stack;
  let storefront: Awaited<ReturnType<typeof startStorefrontServer>>;
  let browser: Browser;
  let helper: ReturnType<typeof checkout>;
  let cardTokensUrl = '';
  const consoleErrors: string[] = [];
  const catalog = { slug: unique('teaware-'), name: `Teaware ${unique('')}`, product: 'Keyboard cup' };
  let variantId = '';
  let retire: () => Promise<unknown> = async () => undefined;

  before(async () => {
    const port = await freePort();
    const origins = [`http://127.0.0.1:${port}`];
    stack = await startStack({ saga: { carrierStepMs: 0, browserOrigins: origins }, guardrails: { cors: { origins, maxAgeSeconds: 600 } } });
    cardTokensUrl = stack.saga!.urls.payments.replace('/graphql', '/sandbox-gateway/tokens');
    storefront = await startStorefrontServer({ port, graphqlUrl: stack.url, cardTokensUrl });
    browser = await launchChromium();
    helper = checkout(stack);

    // A category of its own holding one stocked product, so the keyboard test knows what it tabs through.
    const admin = await helper.admin();
    const categoryId = (await helper.ok('mutation ($i: CategoryInput!) { createCategory(input: $i) { id } }', { i: { slug: catalog.slug, name: catalog.name } }, admin)).createCategory.id;
    const product = await helper.ok(
      'mutation ($i: CreateProductInput!) { createProduct(input: $i) { id variants { id } } }',
      {
        i: {
          slug: unique('cup-'),
          name: catalog.product,
          brand: 'Kiln',
          categoryId,
          status: 'ACTIVE',
          description: 'A cup for tea, reachable without a mouse.',
          media: [{ url: `${storefront.url}/media/mug-sand.svg`, altText: `${catalog.product} in sand` }],
          variants: [{ sku: unique('CUP-'), price: { amount: '9.00', currencyCode: 'EUR' }, weightGrams: 300 }],
        },
      },
      admin,
    );
    variantId = product.createProduct.variants[0].id;
    const warehouseId = (await helper.ok('mutation ($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code: unique('W-'), name: 'Test' } }, admin)).createWarehouse.id;
    await helper.ok('mutation ($i: SetStockInput!) { setStock(input: $i) { available } }', { i: { variantId, warehouseId, onHand: 50, reason: 'test stock' } }, admin);
    // Orders hears of new variants through Kafka: wait until a cart takes it.
    const probe = await helper.shopper();
    await helper.addToCart(probe, variantId, 1);
    await helper.ok('mutation { clearCart { itemCount } }', {}, probe.headers);
    retire = async () => {
      // The database outlives the run: an active warehouse would get a stock row for every later variant.
      await helper.ok('mutation ($id: ID!) { setWarehouseActive(id: $id, active: false) { id } }', { id: warehouseId }, admin);
      await helper.ok('mutation ($id: ID!) { archiveProduct(id: $id) { id } }', { id: product.createProduct.id }, admin);
    };
  });

  after(async () => {
    await retire();
    await browser?.close();
    await storefront?.close();
    await stack?.close();
  });

  /**
   * `refusedCards`: the gateway answers a refused card 400, which Chromium logs as a console
   * error; those (and only those: every other 400 still counts) are expected.
   */
  async function newShopper(options: { refusedCards?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    let refusedCards = 0;
    page.on('response', (response) => {
      if (options.refusedCards && response.status() === 400 && response.url() === cardTokensUrl) refusedCards++;
    });
    page.on('close', () => {
      const refusal = /Failed to load resource: the server responded with a status of 400/;
      let expected = refusedCards;
      consoleErrors.push(...errors.filter((e) => !(refusal.test(e) && expected-- > 0)));
    });
    return { context, page };
  }

  async function signUp(page: Page, firstName: string): Promise<StoredSession> {
    await page.goto(`${storefront.url}/account`);
    const form = page.getByRole('form', { name: 'New here? Create an account' });
    await form.getByLabel('First name').fill(firstName);
    await form.getByLabel('Last name').fill('Shopper');
    await form.getByLabel('Email').fill(`${unique()}@example.com`);
    await form.getByLabel(/Password/).fill('a-long-password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    return sessionOf(page);
  }

  async function sessionOf(page: Page): Promise<StoredSession> {
    return JSON.parse((await page.evaluate(() => localStorage.getItem('storefront.session')))!) as StoredSession;
  }

  const bearer = (session: StoredSession) => ({ authorization: `Bearer ${session.accessToken}` });

  /** What the API holds for the shopper, to tell that a refused form changed nothing. */
  async function accountOf(page: Page) {
    const data = await helper.ok('{ me { firstName lastName phone addresses { id label city postalCode } paymentMethods { id last4 isDefault } } }', {}, bearer(await sessionOf(page)));
    return data.me as { firstName: string; lastName: string; phone: string | null; addresses: { id: string; label: string | null; city: string; postalCode: string }[]; paymentMethods: { id: string; last4: string; isDefault: boolean }[] };
  }

  test('a shopper edits the profile, adds, edits and removes an address and manages saved cards; refused input shows beside its field and changes nothing', async () => {
    const { context, page } = await newShopper({ refusedCards: true });
    await signUp(page, 'Ada');
    const profile = page.getByRole('region', { name: 'Profile' });

    // The profile: a new first name and a phone.
    await profile.getByRole('button', { name: 'Edit profile' }).click();
    const profileForm = page.getByRole('form', { name: 'Edit profile' });
    await profileForm.getByLabel('First name').fill('Adeline');
    await profileForm.getByLabel('Phone').fill('+31 20 123 4567');
    await profileForm.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Your profile is saved.' }).waitFor();
    await profile.getByText('Adeline Shopper').waitFor();
    await profile.getByText('+31 20 123 4567').waitFor();
    await page.getByRole('link', { name: 'Account (Adeline)' }).waitFor();
    // On a phone the email address keeps to one line (it used to break mid-word beside its label).
    await page.setViewportSize({ width: 390, height: 844 });
    const email = profile.getByText(/@example\.com$/);
    const lineHeight = await email.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) as number);
    assert.ok((await email.boundingBox())!.height < lineHeight * 1.5, 'the email address fits on one line at phone width');
    await page.setViewportSize({ width: 1280, height: 900 });

    // A phone the API refuses: its message beside the field, and nothing changes (not even the name sent with it).
    await profile.getByRole('button', { name: 'Edit profile' }).click();
    await profileForm.getByLabel('First name').fill('Changed');
    await profileForm.getByLabel('Phone').fill('call me maybe');
    await profileForm.getByRole('button', { name: 'Save profile' }).click();
    await profileForm.getByText('must be a phone number such as +44 20 7946 0958').waitFor();
    assert.equal(await profileForm.getByLabel('Phone').getAttribute('aria-invalid'), 'true');
    assert.match(await profileForm.getByRole('alert').innerText(), /correct the fields/);
    await checkPage(page, 'account-profile-refused');
    const afterRefusal = await accountOf(page);
    assert.deepEqual([afterRefusal.firstName, afterRefusal.phone], ['Adeline', '+31 20 123 4567']);
    await profileForm.getByRole('button', { name: 'Cancel' }).click();
    await profile.getByText('Adeline Shopper').waitFor();

    // An address: added, shown, refused with a bad postal code, edited, removed.
    const addresses = page.getByRole('region', { name: 'Addresses' });
    await addresses.getByText('None saved.').waitFor();
    await addresses.getByRole('button', { name: 'Add an address' }).click();
    const newAddress = page.getByRole('form', { name: 'New address' });
    await newAddress.getByLabel('Label').fill('Home');
    await newAddress.getByLabel('Full name').fill('Adeline Shopper');
    await newAddress.getByLabel('Street and number').fill('1 Keizersgracht');
    await newAddress.getByLabel('Postal code').fill('1015 CJ');
    await newAddress.getByLabel('City').fill('Amsterdam');
    await newAddress.getByLabel('Country').selectOption('NL');
    await newAddress.getByRole('button', { name: 'Add address' }).click();
    await page.getByRole('status').filter({ hasText: 'The address is added.' }).waitFor();
    const home = addresses.getByRole('listitem').filter({ hasText: 'Home' });
    await home.getByText('1015 CJ Amsterdam').waitFor();
    // The first address becomes the default (customers' rule).
    await home.getByText('Default shipping', { exact: true }).waitFor();
    await checkPage(page, 'account-address');

    await addresses.getByRole('button', { name: 'Add an address' }).click();
    await newAddress.getByLabel('Full name').fill('Adeline Shopper');
    await newAddress.getByLabel('Street and number').fill('2 Prinsengracht');
    await newAddress.getByLabel('Postal code').fill('10#15');
    await newAddress.getByLabel('City').fill('Amsterdam');
    await newAddress.getByRole('button', { name: 'Add address' }).click();
    await newAddress.getByText('must be letters, digits, spaces or hyphens').waitFor();
    assert.equal(await newAddress.getByLabel('Postal code').getAttribute('aria-invalid'), 'true');
    assert.equal(await newAddress.getByLabel('City').getAttribute('aria-invalid'), null);
    await checkPage(page, 'account-address-refused');
    assert.deepEqual((await accountOf(page)).addresses.map((a) => a.label), ['Home'], 'the refused address was not saved');
    await newAddress.getByRole('button', { name: 'Cancel' }).click();

    await home.getByRole('button', { name: 'Edit Home' }).click();
    const editAddress = page.getByRole('form', { name: 'Edit address Home' });
    await editAddress.getByLabel('City').fill('Haarlem');
    await editAddress.getByLabel('Postal code').fill('2011 AB');
    await editAddress.getByRole('button', { name: 'Save address' }).click();
    await home.getByText('2011 AB Haarlem').waitFor();
    assert.deepEqual((await accountOf(page)).addresses.map((a) => [a.city, a.postalCode]), [['Haarlem', '2011 AB']]);

    await home.getByRole('button', { name: 'Remove Home' }).click();
    await page.getByRole('status').filter({ hasText: 'The address Home is removed.' }).waitFor();
    await addresses.getByText('None saved.').waitFor();
    assert.deepEqual((await accountOf(page)).addresses, []);

    // Cards: the number shows in groups of four and only its digits go, to the gateway alone.
    const cards = page.getByRole('region', { name: 'Saved cards' });
    const addCard = async (number: string, expect: 'saved' | 'refused') => {
      await cards.getByRole('button', { name: 'Add a card' }).click();
      const form = page.getByRole('form', { name: 'New card' });
      await form.getByLabel('Name on card').fill('Adeline Shopper');
      await form.getByLabel('Card number').pressSequentially(number);
      assert.equal(await form.getByLabel('Card number').inputValue(), number.replace(/(\d{4})(?=\d)/g, '$1 '));
      await form.getByLabel('Month (MM)').fill('12');
      await form.getByLabel('Year (YYYY)').fill('2035');
      await form.getByLabel('CVC').fill('123');
      const tokenRequest = page.waitForRequest((request) => request.url() === cardTokensUrl && request.method() === 'POST');
      await form.getByRole('button', { name: 'Save card' }).click();
      assert.equal((await tokenRequest).postDataJSON().number, number);
      if (expect === 'saved') await page.getByRole('status').filter({ hasText: `•••• ${number.slice(-4)} is saved.` }).waitFor();
      return form;
    };
    const bad = await addCard('4242424242424241', 'refused');
    await bad.getByText('is not a valid card number').waitFor();
    assert.equal(await bad.getByLabel('Card number').getAttribute('aria-invalid'), 'true');
    await checkPage(page, 'account-card-refused');
    assert.deepEqual((await accountOf(page)).paymentMethods, []);
    await bad.getByRole('button', { name: 'Cancel' }).click();

    await addCard('4242424242424242', 'saved');
    await addCard('5555555555554444', 'saved');
    const visa = cards.getByRole('listitem').filter({ hasText: 'VISA •••• 4242' });
    const mastercard = cards.getByRole('listitem').filter({ hasText: 'MASTERCARD •••• 4444' });
    await visa.getByText('Default', { exact: true }).waitFor();
    await mastercard.getByRole('button', { name: /^Pay with this by default/ }).click();
    await mastercard.getByText('Default', { exact: true }).waitFor();
    await checkPage(page, 'account-cards');
    await visa.getByRole('button', { name: 'Remove VISA •••• 4242' }).click();
    await page.getByRole('status').filter({ hasText: 'The card VISA •••• 4242 is removed.' }).waitFor();
    await visa.waitFor({ state: 'detached' });
    assert.deepEqual((await accountOf(page)).paymentMethods.map((m) => [m.last4, m.isDefault]), [['4444', true]]);
    await context.close();
  });

  /** Tabs until `matches` (run in the page on the focused element) holds; asserts the focus shows. */
  async function tabTo(page: Page, what: string, matches: string, limit = 40): Promise<void> {
    for (let presses = 0; presses < limit; presses++) {
      await page.keyboard.press('Tab');
      const focused = (await page.evaluate(`(() => { const el = document.activeElement; return !!el && (${matches}); })()`)) as boolean;
      if (focused) {
        const visible = (await page.evaluate(`(() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        })()`)) as boolean;
        assert.ok(visible, `the focus on ${what} is visible`);
        return;
      }
    }
    const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
    assert.fail(`${limit} presses of Tab did not reach ${what}; the focus is on ${at}`);
  }

  test('with only the keyboard a shopper goes from the browse page to a product, adds it to the cart and reaches the cart, the focus visible at each step', async () => {
    const { context, page } = await newShopper();
    await signUp(page, 'Kay');
    await page.goto(`${storefront.url}/c/${catalog.slug}`);
    await page.getByRole('heading', { name: catalog.name }).waitFor();
    await page.getByText('1 product', { exact: true }).waitFor();

    await tabTo(page, 'the link past the categories', `el.textContent.trim() === 'Skip to products'`);
    await page.keyboard.press('Enter');
    await tabTo(page, 'the product', `el.tagName === 'A' && el.textContent.includes(${JSON.stringify(catalog.product)})`, 10);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: catalog.product, level: 1 }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'the new page moves the focus to its content');

    await tabTo(page, 'Add to cart', `el.tagName === 'BUTTON' && el.textContent.trim() === 'Add to cart'`);
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
    await tabTo(page, 'View cart', `el.tagName === 'A' && el.textContent.trim() === 'View cart'`, 5);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    await page.getByRole('cell', { name: new RegExp(`^${catalog.product}`) }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    await tabTo(page, 'the quantity of the cup', `(el.getAttribute('aria-label') ?? '').startsWith(${JSON.stringify(`Quantity of ${catalog.product}`)})`);
    await checkPage(page, 'cart-by-keyboard');
    await context.close();
  });

  test('when the access token expires under a live order page the router closes the socket (4403), and the page reconnects with a refreshed token and shows later statuses', async () => {
    const { context, page } = await newShopper();
    const signedIn = await signUp(page, 'Eli');
    const shopper = { id: signedIn.customer.id, headers: bearer(signedIn), paymentMethodId: '' };
    const tokenized = (await (
      await fetch(cardTokensUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ number: '4242424242424242', expMonth: 12, expYear: 2035, cvc: '123', holderName: 'Eli Shopper' }),
      })
    ).json()) as { token: string };
    shopper.paymentMethodId = (await helper.ok('mutation ($i: AddPaymentMethodInput!) { addPaymentMethod(input: $i) { id } }', { i: { token: tokenized.token } }, shopper.headers)).addPaymentMethod.id;
    const orderId = await helper.placeOrder(shopper, variantId, 1, { address: ADDRESS });
    await helper.waitForStatus(orderId, 'CONFIRMED', shopper.headers);

    // An access token that ends six seconds from now, which the browser believes good for an
    // hour (its clock may be off): only the router's 4403 can tell the page.
    const sid = (JSON.parse(Buffer.from(signedIn.accessToken.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;
    const subject = { id: signedIn.customer.id, roles: ['CUSTOMER' as const], sessionId: sid };
    const lifetimeMs = (await stack.signAccessToken(subject)).expiresAt.getTime() - Date.now();
    const shortLived = await stack.signAccessToken(subject, new Date(Date.now() - lifetimeMs + 6_000));
    await page.evaluate(
      (token) => {
        const session = JSON.parse(localStorage.getItem('storefront.session'));
        localStorage.setItem('storefront.session', JSON.stringify({ ...session, accessToken: token, accessTokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
      },
      shortLived.token,
    );

    // What the page presents on each connection_init.
    const inits: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; payload?: { authorization?: string } };
        if (message.type === 'connection_init') inits.push(message.payload?.authorization ?? '');
      }),
    );
    await page.goto(`${storefront.url}/orders/${orderId}`);
    await page.getByTestId('order-status').filter({ hasText: 'CONFIRMED' }).waitFor();
    await page.getByText('Live updates on').waitFor();
    await page.evaluate(`(() => {
      const seen = [];
      window.seenStatuses = seen;
      const note = () => {
        const text = document.querySelector('[data-testid="order-status"]')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      };
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    // On a slow machine the six seconds may be over already, and the page connected again.
    assert.equal(inits[0], `Bearer ${shortLived.token}`);

    await helper.eventually(async () => inits.length, (count) => count >= 2, 'the page to connect again after the 4403', 20_000);
    const refreshed = await sessionOf(page);
    assert.notEqual(refreshed.accessToken, shortLived.token, 'the page refreshed its token after the 4403');
    assert.notEqual(refreshed.refreshToken, signedIn.refreshToken, 'the refresh token rotated');
    assert.equal(inits[1], `Bearer ${refreshed.accessToken}`, 'the new socket presents the refreshed token');
    await page.getByText('Live updates on').waitFor();

    // Later statuses arrive live on the new socket.
    const shipment = (await helper.ok('query ($id: ID!) { order(id: $id) { shipments { id } } }', { id: orderId }, bearer(refreshed))).order.shipments[0].id;
    const track = async (status: string) =>
      helper.ok('mutation ($id: ID!, $i: TrackingEventInput!) { recordTrackingEvent(shipmentId: $id, input: $i) { status } }', { id: shipment, i: { status, location: 'Amsterdam hub' } }, await helper.admin());
    await track('IN_TRANSIT');
    await page.getByTestId('order-status').filter({ hasText: 'SHIPPED' }).waitFor({ timeout: 30_000 });
    await track('DELIVERED');
    await page.getByTestId('order-status').filter({ hasText: 'DELIVERED' }).waitFor({ timeout: 30_000 });
    const seen = (await page.evaluate('window.seenStatuses')) as string[];
    assert.deepEqual(seen, ['CONFIRMED', 'SHIPPED', 'DELIVERED'], `each later status once, in order: ${seen.join(' → ')}`);
    const timeline = await page.locator('.timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-status')));
    assert.deepEqual(timeline, STATUSES);
    await checkPage(page, 'order-after-token-expiry');
    await context.close();
  });

  test('no page logged a console error', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
