import { useLocation, useSearch } from 'wouter';
import { useQuery } from 'urql';
import { ProductResults, ResultsHead } from '../components/product-results';
import { SearchDocument, type SearchSort } from '../graphql/generated/graphql';
import { describeError } from '@commerce/web-kit';

const SORTS: { value: SearchSort; label: string }[] = [
  { value: 'RELEVANCE', label: 'Best match' },
  { value: 'PRICE_ASC', label: 'Price: low to high' },
  { value: 'PRICE_DESC', label: 'Price: high to low' },
  { value: 'NEWEST', label: 'Newest' },
  { value: 'RATING', label: 'Rating' },
];
const PAGE_SIZE = 12;

/** Search results with facets; every choice lives in the URL, so a result page can be shared. */
export function SearchPage() {
  const params = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const q = params.get('q') ?? '';
  const brands = params.getAll('brand');
  const categoryId = params.get('cat');
  const inStock = params.get('stock');
  const minRating = params.get('rating');
  const min = params.get('min');
  const max = params.get('max');
  const sort = (params.get('sort') as SearchSort | null) ?? 'RELEVANCE';
  const after = params.get('after');
  const [{ data, fetching, error }] = useQuery({
    query: SearchDocument,
    variables: {
      query: q,
      filter: {
        ...(categoryId ? { categoryId } : {}),
        ...(brands.length ? { brands } : {}),
        ...(inStock ? { inStock: inStock === 'yes' } : {}),
        ...(minRating ? { minRating: Number(minRating) } : {}),
        ...(min || max ? { priceRange: { ...(min ? { min } : {}), ...(max ? { max } : {}) } } : {}),
      },
      sort,
      first: PAGE_SIZE,
      after,
    },
  });

  const go = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    next.delete('after');
    navigate(`/search?${next.toString()}`);
  };
  const toggleBrand = (brand: string) =>
    go((next) => {
      const chosen = new Set(next.getAll('brand'));
      if (chosen.has(brand)) chosen.delete(brand);
      else chosen.add(brand);
      next.delete('brand');
      for (const b of chosen) next.append('brand', b);
    });
  const setParam = (key: string, value: string | null) => go((next) => (value ? next.set(key, value) : next.delete(key)));
  const result = data?.search;
  const facets = result?.facets;
  const priceLabel = (bucket: { min?: string | null; max?: string | null }) =>
    bucket.min && bucket.max ? `€${bucket.min} – €${bucket.max}` : bucket.min ? `€${bucket.min} and more` : `under €${bucket.max}`;

  return (
    <div className="browse">
      <aside className="sidebar" aria-label="Refine the results">
        {facets && (
          <>
            <fieldset className="facet">
              <legend>Category</legend>
              <ul>
                {categoryId && (
                  <li>
                    <button type="button" className="link" onClick={() => setParam('cat', null)}>
                      Any category
                    </button>
                  </li>
                )}
                {facets.categories.map(({ category, count }) => (
                  <li key={category.id}>
                    <button type="button" className="link" aria-pressed={category.id === categoryId} onClick={() => setParam('cat', category.id)}>
                      {category.name ?? 'Category'} ({count})
                    </button>
                  </li>
                ))}
              </ul>
            </fieldset>
            <fieldset className="facet">
              <legend>Brand</legend>
              {facets.brands.map(({ brand, count }) => (
                <label key={brand} className="check">
                  <input type="checkbox" checked={brands.includes(brand)} onChange={() => toggleBrand(brand)} />
                  {brand} ({count})
                </label>
              ))}
            </fieldset>
            <fieldset className="facet">
              <legend>Price</legend>
              {facets.prices
                .filter((bucket) => bucket.count > 0)
                .map((bucket) => {
                  const chosen = (bucket.min ?? null) === min && (bucket.max ?? null) === max;
                  return (
                    <label key={`${bucket.min}-${bucket.max}`} className="check">
                      <input
                        type="radio"
                        name="price"
                        checked={chosen}
                        onChange={() => go((next) => {
                          if (bucket.min) next.set('min', bucket.min);
                          else next.delete('min');
                          if (bucket.max) next.set('max', bucket.max);
                          else next.delete('max');
                        })}
                      />
                      {priceLabel(bucket)} ({bucket.count})
                    </label>
                  );
                })}
              {(min || max) && (
                <button type="button" className="link" onClick={() => go((next) => { next.delete('min'); next.delete('max'); })}>
                  Any price
                </button>
              )}
            </fieldset>
            <fieldset className="facet">
              <legend>Availability</legend>
              <label className="check">
                <input type="checkbox" checked={inStock === 'yes'} onChange={() => setParam('stock', inStock === 'yes' ? null : 'yes')} />
                In stock ({facets.availability.inStock})
              </label>
            </fieldset>
            <fieldset className="facet">
              <legend>Rating</legend>
              {facets.ratings.map(({ minRating: stars, count }) => (
                <label key={stars} className="check">
                  <input type="radio" name="rating" checked={minRating === String(stars)} onChange={() => setParam('rating', String(stars))} />
                  {stars} {stars === 1 ? 'star' : 'stars'} and up ({count})
                </label>
              ))}
              {minRating && (
                <button type="button" className="link" onClick={() => setParam('rating', null)}>
                  Any rating
                </button>
              )}
            </fieldset>
          </>
        )}
      </aside>
      <section className="results" aria-labelledby="results-heading">
        <ResultsHead title={q ? `Results for “${q}”` : 'Search'} sorts={SORTS} sort={sort} onSort={(next) => setParam('sort', next)} />
        {error && <p role="alert">{describeError(error)}</p>}
        {fetching && !data && <p aria-live="polite">Searching…</p>}
        {result && (
          <ProductResults
            totalCount={result.totalCount}
            products={result.edges.map((edge) => edge.node)}
            empty="Nothing matches. Try other words or fewer filters."
            onFirstPage={after ? () => setParam('after', null) : undefined}
            onNextPage={
              result.pageInfo.hasNextPage
                ? () => {
                    const next = new URLSearchParams(params);
                    next.set('after', result.pageInfo.endCursor ?? '');
                    navigate(`/search?${next.toString()}`);
                  }
                : undefined
            }
          />
        )}
      </section>
    </div>
  );
}
