import { useMemo, useState, type ChangeEvent } from 'react';
import { useMutation } from 'urql';
import { Field, describeError, fieldErrorsOf } from '@commerce/web-kit';
import { UpdatePricesDocument } from '../graphql/generated/graphql';
import { batches, outcomesOf, parsePriceCsv, type PriceRow, type RowOutcome } from './price-csv';

/** updatePrices takes up to 1000 updates per call. */
const BATCH = 1000;
/** Rows shown in the table; the counts cover every row. */
const SHOWN = 500;
const LABEL: Record<RowOutcome | 'invalid' | 'waiting', string> = { updated: 'Updated', unchanged: 'Unchanged', unknown: 'Unknown SKU', invalid: 'Cannot be sent', waiting: 'Not applied yet' };

type Show = 'all' | RowOutcome | 'invalid' | 'waiting';

/** Paste or upload SKU,price rows, preview them, apply them in batches and see each row's outcome. */
export function PricesPage() {
  const [text, setText] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [rows, setRows] = useState<PriceRow[] | null>(null);
  const [outcomes, setOutcomes] = useState<(RowOutcome | undefined)[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [show, setShow] = useState<Show>('all');
  const [, run] = useMutation(UpdatePricesDocument);

  const invalid = rows?.filter((r) => r.problem).length ?? 0;
  const statusOf = (i: number): Show => (rows?.[i]?.problem ? 'invalid' : (outcomes[i] ?? 'waiting'));
  const counts = useMemo(() => {
    const c: Record<string, number> = { updated: 0, unchanged: 0, unknown: 0 };
    for (const o of outcomes) if (o) c[o] = (c[o] ?? 0) + 1;
    return c;
  }, [outcomes]);

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
  };
  const preview = () => {
    setRows(parsePriceCsv(text));
    setOutcomes([]);
    setProblem(null);
    setProgress(null);
    setShow('all');
  };
  const apply = async () => {
    if (!rows || invalid) return;
    setProblem(null);
    const next: (RowOutcome | undefined)[] = [];
    const groups = batches(rows, BATCH);
    setProgress({ done: 0, total: rows.length });
    for (const [b, group] of groups.entries()) {
      const result = await run({ updates: group.map((r) => ({ sku: r.sku, price: { amount: r.amount, currencyCode: currency } })) });
      if (!result.data) {
        // Earlier batches stay applied (each is its own request); say exactly where it stopped.
        const fields = fieldErrorsOf(result.error);
        const where = fields[0] ? ` (line ${group[Number(fields[0].field.split('.')[0])]?.line ?? '?'}: ${fields[0].message})` : '';
        setProblem(`Batch ${b + 1} of ${groups.length} was refused${where}: ${describeError(result.error)} Rows before it were applied; nothing from it on was.`);
        break;
      }
      next.push(...outcomesOf(group, result.data.updatePrices));
      setOutcomes([...next]);
      setProgress({ done: next.length, total: rows.length });
    }
  };

  const visible = (rows ?? []).map((row, i) => ({ row, status: statusOf(i) })).filter((r) => show === 'all' || r.status === show);
  const applying = progress !== null && progress.done < progress.total && !problem;
  return (
    <>
      <h1>Prices in bulk</h1>
      <section className="panel" aria-labelledby="csv-heading">
        <h2 id="csv-heading">1. Paste or upload a price list</h2>
        <p className="muted">One row per variant: SKU, then the new price, e.g. <code>MUG-BLUE,12.50</code>. A header row is skipped.</p>
        <Field label="Price list (CSV)">
          <textarea rows={8} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} className="mono" />
        </Field>
        <div className="row">
          <Field label="Or upload a CSV file">
            <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void upload(e)} />
          </Field>
          <Field label="Currency of the prices">
            <select value={currency} onChange={(e) => setCurrency(e.target.value)}>
              <option>EUR</option>
              <option>USD</option>
              <option>GBP</option>
            </select>
          </Field>
        </div>
        <button type="button" onClick={preview} disabled={!text.trim() || applying}>
          Preview
        </button>
      </section>
      {rows && (
        <section className="panel" aria-labelledby="preview-heading">
          <h2 id="preview-heading">2. Check and apply</h2>
          <p aria-live="polite">
            {rows.length} {rows.length === 1 ? 'row' : 'rows'}
            {invalid > 0 && <strong className="field-error"> · {invalid} cannot be sent: correct them and preview again</strong>}
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void apply()} disabled={invalid > 0 || rows.length === 0 || applying || outcomes.length === rows.length}>
              Apply {rows.length} prices
            </button>
            {progress && (
              <span role="status" className="progress">
                {progress.done < progress.total && !problem ? `Applying… ${progress.done} of ${progress.total}` : `Applied ${progress.done} of ${progress.total}`}
              </span>
            )}
          </div>
          {problem && <p role="alert" className="problem">{problem}</p>}
          {outcomes.length > 0 && (
            <p role="status" data-testid="price-summary">
              {counts.updated} updated · {counts.unchanged} unchanged · {counts.unknown} unknown {counts.unknown === 1 ? 'SKU' : 'SKUs'}
            </p>
          )}
          <div className="field inline">
            <label htmlFor="show">Show</label>
            <select id="show" value={show} onChange={(e) => setShow(e.target.value as Show)}>
              <option value="all">All rows</option>
              <option value="updated">Updated</option>
              <option value="unchanged">Unchanged</option>
              <option value="unknown">Unknown SKU</option>
              <option value="invalid">Cannot be sent</option>
              <option value="waiting">Not applied yet</option>
            </select>
          </div>
          <div className="table-wrap">
            <table className="data" aria-label="Price rows">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">SKU</th>
                  <th scope="col">New price</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {visible.slice(0, SHOWN).map(({ row, status }) => (
                  <tr key={row.line} className={`outcome-${status}`}>
                    <td className="num">{row.line}</td>
                    <td>{row.sku}</td>
                    <td className="num">
                      {row.amount} {currency}
                    </td>
                    <td>{row.problem ? `${LABEL.invalid}: ${row.problem}` : LABEL[status as RowOutcome | 'waiting']}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {visible.length > SHOWN && <p className="muted">Showing the first {SHOWN} of {visible.length} rows.</p>}
        </section>
      )}
    </>
  );
}
