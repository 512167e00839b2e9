import type { ReactNode } from 'react';
import type { ProductCardFragment } from '../graphql/generated/graphql';
import { ProductCard } from './product-card';

/** A results page's heading and its sort picker (browse and search). */
export function ResultsHead<Sort extends string>(props: {
  title: string;
  sorts: readonly { value: Sort; label: string }[];
  sort: Sort;
  onSort: (sort: Sort) => void;
}) {
  return (
    <div className="results-head">
      <h1 id="results-heading">{props.title}</h1>
      <label className="sort">
        Sort by
        <select value={props.sort} onChange={(event) => props.onSort(event.target.value as Sort)}>
          {props.sorts.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** How many products there are, a page of their cards (or `empty` when none), and its pager. */
export function ProductResults(props: {
  totalCount: number;
  products: readonly (ProductCardFragment | null)[];
  empty: string;
  /** Shown on pages after the first. */
  onFirstPage?: (() => void) | undefined;
  /** Shown when there is a next page. */
  onNextPage?: (() => void) | undefined;
}): ReactNode {
  const { totalCount, products } = props;
  return (
    <>
      <p className="muted" aria-live="polite">
        {totalCount} product{totalCount === 1 ? '' : 's'}
      </p>
      {products.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ul className="grid">
          {/* A reference another subgraph no longer shows is null: it is left out. */}
          {products.map((product) => product && <ProductCard key={product.id} product={product} />)}
        </ul>
      )}
      <nav className="pager" aria-label="Pages">
        {props.onFirstPage && (
          <button type="button" onClick={props.onFirstPage}>
            First page
          </button>
        )}
        {props.onNextPage && (
          <button type="button" onClick={props.onNextPage}>
            Next page
          </button>
        )}
      </nav>
    </>
  );
}
