import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { Field, describeError, fieldErrorsOf, messageFor } from '@commerce/web-kit';
import { textOf } from '../components/forms';
import { PagedTable, Pager, QueryState, usePages, type Column } from '../components/paged-table';
import { When, humanize } from '../components/status';
import {
  AdjustStockDocument,
  CreateWarehouseDocument,
  InventoryDocument,
  type InventoryQuery,
  SetLowStockThresholdDocument,
  SetStockDocument,
  SetWarehouseActiveDocument,
  type WarehouseRowFragment,
} from '../graphql/generated/graphql';

/** A level that holds or owes stock (not the zero row every warehouse has of every variant). */
const holds = (level: { onHand: number; reserved: number }) => level.onHand > 0 || level.reserved > 0;

const REFRESH = { additionalTypenames: ['Warehouse', 'StockLevel', 'VariantStock', 'StockMovement'] };
type Mode = 'adjust' | 'set' | 'threshold';

function Warehouses({ warehouses }: { warehouses: readonly WarehouseRowFragment[] }) {
  const [showInactive, setShowInactive] = useState(false);
  const [create, runCreate] = useMutation(CreateWarehouseDocument);
  const inactive = warehouses.filter((w) => !w.active).length;
  const shown = showInactive ? warehouses : warehouses.filter((w) => w.active);
  const [toggle, runToggle] = useMutation(SetWarehouseActiveDocument);
  const errors = fieldErrorsOf(create.error);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await runCreate({ input: { code: textOf(form, 'code') ?? '', name: textOf(form, 'name') ?? '' } }, REFRESH);
    if (result.data) formElement.reset();
  };
  return (
    <section aria-labelledby="warehouses-heading">
      <h2 id="warehouses-heading">Warehouses</h2>
      <div className="table-wrap">
        <table className="data" aria-label="Warehouses">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={4}>No active warehouses yet: add one below.</td>
              </tr>
            )}
            {shown.map((w) => (
              <tr key={w.id}>
                <td>{w.code}</td>
                <td>{w.name}</td>
                <td>{w.active ? 'Active' : 'Inactive: fulfils no new orders'}</td>
                <td>
                  <button type="button" className="quiet" disabled={toggle.fetching} onClick={() => void runToggle({ id: w.id, active: !w.active }, REFRESH)}>
                    {w.active ? `Deactivate ${w.code}` : `Activate ${w.code}`}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {inactive > 0 && (
        <label className="choice">
          <input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} /> Show the {inactive} inactive {inactive === 1 ? 'warehouse' : 'warehouses'}
        </label>
      )}
      {toggle.error && <p role="alert" className="problem">{describeError(toggle.error)}</p>}
      <form className="panel" aria-label="New warehouse" onSubmit={(e) => void submit(e)}>
        <div className="row">
          <Field label="Warehouse code" error={messageFor(errors, 'code')}>
            <input name="code" required />
          </Field>
          <Field label="Warehouse name" error={messageFor(errors, 'name')}>
            <input name="name" required />
          </Field>
          <button type="submit" disabled={create.fetching}>
            Add warehouse
          </button>
        </div>
        {create.error && !errors.length && <p role="alert" className="problem">{describeError(create.error)}</p>}
      </form>
    </section>
  );
}

type MovementRow = InventoryQuery['stockMovements']['edges'][number]['node'];

const signed = (delta: number) => `${delta >= 0 ? '+' : ''}${delta}`;

function movementColumns(variantName: ReadonlyMap<string, string>): Column<MovementRow>[] {
  return [
    { header: 'When', cell: (m) => <When at={m.createdAt} /> },
    { header: 'Kind', cell: (m) => humanize(m.kind) },
    { header: 'Variant', cell: (m) => variantName.get(m.variantId) ?? m.variantId },
    { header: 'Warehouse', cell: (m) => m.warehouse.code },
    { header: 'On hand', cell: (m) => `${signed(m.onHandDelta)} → ${m.onHandAfter}`, numeric: true },
    { header: 'Reserved', cell: (m) => `${signed(m.reservedDelta)} → ${m.reservedAfter}`, numeric: true },
    { header: 'Reason', cell: (m) => m.reason },
  ];
}

/** Warehouses; stock per variant per warehouse; adjust, set or threshold with a reason; low stock; the movement log. */
export function InventoryPage() {
  const productPages = usePages();
  const movementPages = usePages();
  const lowStockPages = usePages();
  const [movementFilter, setMovementFilter] = useState<{ variantId?: string; warehouseId?: string }>({});
  const [result] = useQuery({
    // Also on the query: with no warehouse yet its answer names no Warehouse for urql to refetch on.
    context: REFRESH,
    query: InventoryDocument,
    variables: {
      productFilter: { status: ['DRAFT', 'ACTIVE', 'ARCHIVED'] },
      productsAfter: productPages.after,
      variantId: movementFilter.variantId ?? null,
      warehouseId: movementFilter.warehouseId ?? null,
      movementsAfter: movementPages.after,
      lowStockAfter: lowStockPages.after,
    },
    requestPolicy: 'cache-and-network',
  });
  const { data } = result;
  const [mode, setMode] = useState<Mode>('adjust');
  const [adjust, runAdjust] = useMutation(AdjustStockDocument);
  const [set, runSet] = useMutation(SetStockDocument);
  const [threshold, runThreshold] = useMutation(SetLowStockThresholdDocument);
  const [done, setDone] = useState<string | null>(null);
  const state = mode === 'adjust' ? adjust : mode === 'set' ? set : threshold;
  const errors = fieldErrorsOf(state.error);

  const warehouses = data?.warehouses ?? [];
  const products = data?.products.edges.map((e) => e.node) ?? [];
  const variants = products.flatMap((p) => p.variants.map((v) => ({ ...v, productName: p.name })));
  const variantName = new Map(variants.map((v) => [v.id, `${v.productName} · ${v.title || v.sku}`]));
  const lowStock = data?.lowStock;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(null);
    const form = new FormData(event.currentTarget);
    const variantId = textOf(form, 'variantId') ?? '';
    const warehouseId = textOf(form, 'warehouseId') ?? '';
    const quantity = Number(textOf(form, 'quantity') ?? 'NaN');
    const reason = textOf(form, 'reason') ?? '';
    const result =
      mode === 'adjust'
        ? await runAdjust({ input: { variantId, warehouseId, delta: quantity, reason } }, REFRESH)
        : mode === 'set'
          ? await runSet({ input: { variantId, warehouseId, onHand: quantity, reason } }, REFRESH)
          : await runThreshold({ variantId, warehouseId, threshold: quantity }, REFRESH);
    if (!result.data) return;
    const level = 'adjustStock' in result.data ? result.data.adjustStock : 'setStock' in result.data ? result.data.setStock : result.data.setLowStockThreshold;
    setDone(`${variantName.get(variantId) ?? variantId} in ${level.warehouse.code}: ${level.onHand} on hand, ${level.available} available.`);
  };

  return (
    <>
      <h1>Inventory</h1>
      <QueryState result={result} loading="Loading stock…" />
      {/* Rendered once the data is in, so an empty table means there are none, not that they are loading. */}
      {data && <Warehouses warehouses={warehouses} />}

      <section aria-labelledby="change-heading">
        <h2 id="change-heading">Change stock</h2>
        <form className="panel" aria-label="Change stock" onSubmit={(e) => void submit(e)}>
          <fieldset className="choices">
            <legend>What to do</legend>
            {(
              [
                ['adjust', 'Adjust by (+/−)'],
                ['set', 'Set the count on hand'],
                ['threshold', 'Set the low-stock threshold'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="choice">
                <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} /> {label}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <Field label="Variant" error={messageFor(errors, 'variantId')}>
              <select name="variantId" required defaultValue="">
                <option value="" disabled>
                  Choose a variant
                </option>
                {variants.map((v) => (
                  <option key={v.id} value={v.id}>
                    {variantName.get(v.id)} ({v.sku})
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Warehouse" error={messageFor(errors, 'warehouseId')}>
              <select name="warehouseId" required defaultValue="">
                <option value="" disabled>
                  Choose a warehouse
                </option>
                {warehouses
                  .filter((w) => w.active)
                  .map((w) => (
                    <option key={w.id} value={w.id}>
                      {w.code} · {w.name}
                    </option>
                  ))}
              </select>
            </Field>
            <Field label={mode === 'adjust' ? 'Change by' : mode === 'set' ? 'Count on hand' : 'Threshold'} error={messageFor(errors, mode === 'adjust' ? 'delta' : mode === 'set' ? 'onHand' : 'threshold')}>
              <input name="quantity" type="number" required step={1} />
            </Field>
            {mode !== 'threshold' && (
              <Field label="Reason" error={messageFor(errors, 'reason')}>
                <input name="reason" required placeholder="e.g. delivery, count, damaged" />
              </Field>
            )}
          </div>
          {state.error && !errors.length && <p role="alert" className="problem">{describeError(state.error)}</p>}
          <div className="actions">
            <button type="submit" className="primary" disabled={state.fetching}>
              Save stock change
            </button>
            {done && <span role="status">{done}</span>}
          </div>
        </form>
      </section>

      <section aria-labelledby="low-heading">
        <h2 id="low-heading">Low stock</h2>
        {lowStock && lowStock.totalCount === 0 && <p className="muted">Nothing stocked is at or below its threshold.</p>}
        {lowStock && lowStock.totalCount > 0 && (
          <>
            <p aria-live="polite">
              {lowStock.totalCount} {lowStock.totalCount === 1 ? 'item is' : 'items are'} at or below the threshold
            </p>
            <ul className="low-stock">
              {lowStock.edges.map(({ node: level }) => (
                <li key={`${level.variantId}-${level.warehouse.id}`} data-sku={level.variant.sku} data-warehouse={level.warehouse.code}>
                  <strong>{`${level.variant.product.name} · ${level.variant.title || level.variant.sku}`}</strong> in {level.warehouse.code}: {level.available} available (threshold {level.lowStockThreshold})
                </li>
              ))}
            </ul>
            <Pager pages={lowStockPages} pageInfo={lowStock.pageInfo} />
          </>
        )}
      </section>

      <section aria-labelledby="stock-heading">
        <h2 id="stock-heading">Stock per variant and warehouse</h2>
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Stock per variant and warehouse</caption>
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">SKU</th>
                <th scope="col">Warehouse</th>
                <th scope="col">On hand</th>
                <th scope="col">Reserved</th>
                <th scope="col">Available</th>
                <th scope="col">Threshold</th>
              </tr>
            </thead>
            <tbody>
              {variants.flatMap((v) => {
                // Every warehouse has a row for every variant; the ones holding nothing say nothing.
                const levels = (v.stock?.levels ?? []).filter(holds);
                if (levels.length === 0)
                  return [
                    <tr key={v.id}>
                      <td>{variantName.get(v.id)}</td>
                      <td>{v.sku}</td>
                      <td colSpan={5} className="muted">
                        Not stocked anywhere
                      </td>
                    </tr>,
                  ];
                return levels.map((l) => (
                  <tr key={`${v.id}-${l.warehouse.id}`} className={l.available <= l.lowStockThreshold ? 'low' : undefined} data-sku={v.sku} data-warehouse={l.warehouse.code}>
                    <td>{variantName.get(v.id)}</td>
                    <td>{v.sku}</td>
                    <td>{l.warehouse.code}</td>
                    <td className="num">{l.onHand}</td>
                    <td className="num">{l.reserved}</td>
                    <td className="num">{l.available}</td>
                    <td className="num">{l.lowStockThreshold}</td>
                  </tr>
                ));
              })}
            </tbody>
          </table>
        </div>
        {data && <Pager pages={productPages} pageInfo={data.products.pageInfo} />}
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading">Movement log</h2>
        <form
          className="filters"
          aria-label="Filter movements"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            const variantId = textOf(form, 'variantId');
            const warehouseId = textOf(form, 'warehouseId');
            setMovementFilter({ ...(variantId ? { variantId } : {}), ...(warehouseId ? { warehouseId } : {}) });
            movementPages.reset();
          }}
        >
          <div className="field">
            <label htmlFor="m-variant">Variant</label>
            <select id="m-variant" name="variantId" defaultValue="">
              <option value="">Any variant</option>
              {variants.map((v) => (
                <option key={v.id} value={v.id}>
                  {variantName.get(v.id)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="m-warehouse">Warehouse</label>
            <select id="m-warehouse" name="warehouseId" defaultValue="">
              <option value="">Any warehouse</option>
              {warehouses.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.code}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Show movements</button>
        </form>
        {data && <PagedTable connection={data.stockMovements} columns={movementColumns(variantName)} caption="Stock movements, newest first" pages={movementPages} />}
      </section>
    </>
  );
}
