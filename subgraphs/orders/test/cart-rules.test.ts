import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import { newId } from '@commerce/service-kit';
import { testLogger } from '@commerce/testkit';
import type { Deps } from '../src/context.ts';
import { MAX_CART_LINES, MAX_LINE_QUANTITY, addToLine, isSellable } from '../src/domain/cart.ts';
import { createCatalogEventHandler } from '../src/events/consumers.ts';
import { addAtOnce } from '../src/store/cart-store.ts';
import { connect, depsFor, newCustomerId, productCreated, testVariant } from './support.ts';

type Kind = 'sellable' | 'draft' | 'other currency' | 'unknown';

// addToCart's one-statement path states the cart rules (domain/cart.ts isSellable and
// addToLine) again in SQL. This holds the two to the same answer on every edge of the rules.
describe('the cart rules stated in SQL agree with domain/cart.ts', () => {
  const logger = testLogger('orders-cart-rules');
  let dataSource: DataSource;
  let deps: Deps;
  const variants = new Map<Kind, string>();
  /** Sellable variants to fill other lines of a cart with. */
  let fillers: string[] = [];

  before(async () => {
    dataSource = await connect(logger);
    deps = depsFor(dataSource, logger);
    const announce = async (count: number, status: 'ACTIVE' | 'DRAFT' = 'ACTIVE') => {
      const announced = Array.from({ length: count }, () => testVariant(1000));
      await createCatalogEventHandler(deps)(productCreated(announced, { status }));
      return announced.map((variant) => variant.variantId);
    };
    const [sellable, otherCurrency] = await announce(2);
    const [draft] = await announce(1, 'DRAFT');
    await deps.variants.reprice({ variantId: otherCurrency!, price: { amount: 1000, currency: 'USD' }, changedAt: new Date() });
    variants.set('sellable', sellable!).set('draft', draft!).set('other currency', otherCurrency!).set('unknown', newId('var'));
    fillers = await announce(MAX_CART_LINES);
  });

  after(() => dataSource.destroy());

  /** A customer whose cart holds `others` filler lines (1 unit each) and, if given, `existing` units of the variant. */
  async function cartWith(others: number, variantId: string, existing: number | undefined): Promise<string> {
    const customerId = newCustomerId();
    const [cart] = await dataSource.query<{ id: string }[]>('insert into carts (id, customer_id) values ($1, $2) returning id', [newId('crt'), customerId]);
    const lines: [string, number][] = fillers.slice(0, others).map((id) => [id, 1]);
    if (existing !== undefined) lines.push([variantId, existing]);
    await dataSource.query('insert into cart_lines (cart_id, variant_id, quantity) select $1, * from unnest($2::text[], $3::int[])', [
      cart!.id,
      lines.map(([id]) => id),
      lines.map(([, quantity]) => quantity),
    ]);
    return customerId;
  }

  const linesOf = (customerId: string) =>
    dataSource.query<{ variant_id: string; quantity: number }[]>(
      'select l.variant_id, l.quantity from cart_lines l join carts c on c.id = l.cart_id where c.customer_id = $1 order by l.variant_id',
      [customerId],
    );

  test('every kind of variant, line and cart fullness gets the same decision and the same quantity from both', async () => {
    const snapshots = await deps.variants.findByIds([...variants.values()]);
    let cases = 0;
    for (const [kind, variantId] of variants) {
      const snapshot = snapshots.find((variant) => variant?.variantId === variantId);
      for (const existing of kind === 'unknown' ? [undefined] : [undefined, 1, MAX_LINE_QUANTITY - 1, MAX_LINE_QUANTITY]) {
        for (const others of [0, MAX_CART_LINES - 2, MAX_CART_LINES - 1, MAX_CART_LINES]) {
          const lineCount = others + (existing === undefined ? 0 : 1);
          if (lineCount > MAX_CART_LINES) continue;
          for (const quantity of [1, 2, MAX_LINE_QUANTITY]) {
            const customerId = await cartWith(others, variantId, existing);
            const before = await linesOf(customerId);
            const decided = isSellable(snapshot, 'EUR') ? addToLine(existing, quantity, lineCount) : { ok: false as const };
            const added = await addAtOnce(dataSource, customerId, { variantId, quantity }, 'EUR');
            const name = `${kind}, ${existing ?? 'no'} units already, ${others} other lines, adding ${quantity}`;
            if (decided.ok) {
              assert.ok(added, `${name}: the domain adds, so must the statement`);
              assert.equal(added.lines.find((line) => line.variant.variantId === variantId)?.quantity, decided.quantity, name);
              assert.equal(added.lines.length, others + 1, name);
            } else {
              assert.equal(added, undefined, `${name}: the domain refuses, so must the statement`);
              assert.deepEqual(await linesOf(customerId), before, `${name}: a refusal writes nothing`);
            }
            cases += 1;
          }
        }
      }
    }
    assert.ok(cases >= 100, `${cases} cases`);
  });
});
