// Reading a bulk price list (pure; tested in price-csv.test.ts).

export interface PriceRow {
  /** 1-based line in the pasted text, for messages. */
  line: number;
  sku: string;
  amount: string;
  /** Why this row cannot be sent, if it cannot. */
  problem?: string;
}

const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;

/** Splits one CSV line, honouring double quotes ("a,b" and "" inside quotes). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',' || char === ';' || char === '\t') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

/**
 * Rows of `SKU,price` (a header line naming sku and price is skipped; blank lines too).
 * Every row is checked here, before anything is sent: the API rejects a whole batch for one
 * malformed row, and a list applied in batches must not stop halfway for a typo.
 */
export function parsePriceCsv(text: string): PriceRow[] {
  const rows: PriceRow[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    if (!raw.trim()) return;
    const [sku = '', amount = '', ...rest] = splitCsvLine(raw);
    if (rows.length === 0 && index === lines.findIndex((l) => l.trim()) && /^sku$/i.test(sku) && /price/i.test(amount)) return;
    const row: PriceRow = { line: index + 1, sku: sku.toUpperCase(), amount: amount.replace(/^[€$£]\s*/, '') };
    if (!row.sku) row.problem = 'The SKU is missing.';
    else if (!row.amount) row.problem = 'The price is missing.';
    else if (row.amount.startsWith('-')) row.problem = 'A price cannot be negative.';
    else if (!DECIMAL.test(row.amount)) row.problem = `"${amount}" is not a price such as 19.99.`;
    else if (rest.some(Boolean)) row.problem = 'Only two columns are read: SKU and price.';
    else if (seen.has(row.sku)) row.problem = `The SKU is also on line ${seen.get(row.sku)}.`;
    seen.set(row.sku, seen.get(row.sku) ?? row.line);
    rows.push(row);
  });
  return rows;
}

/** Consecutive slices of at most `size` (updatePrices takes up to 1000 updates per call). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type RowOutcome = 'updated' | 'unchanged' | 'unknown';

/** Each sent row's outcome from the batch's answer (SKUs compare case-insensitively, as the catalog stores them upper case). */
export function outcomesOf(rows: readonly PriceRow[], answer: { notFound: readonly string[]; updatedSkus: readonly string[] }): RowOutcome[] {
  const unknown = new Set(answer.notFound.map((s) => s.toUpperCase()));
  const updated = new Set(answer.updatedSkus.map((s) => s.toUpperCase()));
  return rows.map((row) => (unknown.has(row.sku) ? 'unknown' : updated.has(row.sku) ? 'updated' : 'unchanged'));
}
