import { type FormEvent } from 'react';
import { Link, useLocation, useParams, useSearch } from 'wouter';
import { useQuery } from 'urql';
import { ProductResults, ResultsHead } from '../components/product-results';
import { BrowseDocument, type ProductSort } from '../graphql/generated/graphql';
import { describeError } from '@commerce/web-kit';

const SORTS: { value: ProductSort; label: string }[] = [
  { value: 'NEWEST', label: 'Newest' },
  { value: 'PRICE_ASC', label: 'Price: low to high' },
  { value: 'PRICE_DESC', label: 'Price: high to low' },
  { value: 'NAME_ASC', label: 'Name' },
];
const PAGE_SIZE = 12;

/** The category tree as Browse asks for it, three levels deep. */
interface CategoryNode {
  id: string;
  slug: string;
  name: string;
  children?: readonly CategoryNode[];
}


function CategoryTree({ categories, current }: { categories: readonly CategoryNode[]; current: string | undefined }) {
  return (
    <ul>
      {categories.map((category) => (
        <li key={category.id}>
          <Link href={`/c/${category.slug}`} aria-current={category.slug === current ? 'page' : undefined}>
            {category.name}
          </Link>
          {category.children && category.children.length > 0 && <CategoryTree categories={category.children} current={current} />}
        </li>
      ))}
    </ul>
  );
}

/** Browse: categories, filters, sort and one page of products, all in one request. */
export function BrowsePage() {
  const { slug } = useParams<{ slug?: string }>();
  const search = new URLSearchParams(useSearch());
  const [location, navigate] = useLocation();
  const brand = search.get('brand') ?? '';
  const tags = search.get('tags') ?? '';
  const minPrice = search.get('min') ?? '';
  const maxPrice = search.get('max') ?? '';
  const sort = (search.get('sort') as ProductSort | null) ?? 'NEWEST';
  const after = search.get('after');
  const tagList = tags.split(',').map((t) => t.trim()).filter(Boolean);
  const [{ data, fetching, error }] = useQuery({
    query: BrowseDocument,
    variables: {
      filter: {
        ...(slug ? { categorySlug: slug } : {}),
        ...(brand ? { brand } : {}),
        ...(tagList.length ? { tags: tagList } : {}),
        ...(minPrice ? { minPrice } : {}),
        ...(maxPrice ? { maxPrice } : {}),
      },
      sort,
      first: PAGE_SIZE,
      after,
    },
  });

  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('after' in changes)) next.delete('after');
    const query = next.toString();
    navigate(`${location}${query ? `?${query}` : ''}`);
  };
  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || null;
    go({ brand: value('brand'), tags: value('tags'), min: value('min'), max: value('max') });
  };
  const categoryName = slug ? findCategory(data?.categories ?? [], slug)?.name : undefined;

  return (
    <div className="browse">
      {/* Past every category and filter, straight to the products (keyboard and screen reader users). */}
      <a className="skip" href="#results">
        Skip to products
      </a>
      <aside className="sidebar">
        <nav aria-label="Categories">
          <h2>Categories</h2>
          <ul>
            <li>
              <Link href="/" aria-current={!slug ? 'page' : undefined}>
                Everything
              </Link>
            </li>
          </ul>
          {data && <CategoryTree categories={data.categories} current={slug} />}
        </nav>
        <form className="filters" onSubmit={applyFilters} key={`${brand}|${tags}|${minPrice}|${maxPrice}`} aria-label="Filters">
          <h2>Filters</h2>
          <label>
            Brand
            <input name="brand" defaultValue={brand} autoComplete="off" />
          </label>
          <label>
            <span>
            Tags <span className="muted">(comma-separated)</span>
          </span>
            <input name="tags" defaultValue={tags} autoComplete="off" />
          </label>
          <div className="row">
            <label>
              Min price
              <input name="min" defaultValue={minPrice} inputMode="decimal" pattern="\d+(\.\d{1,2})?" />
            </label>
            <label>
              Max price
              <input name="max" defaultValue={maxPrice} inputMode="decimal" pattern="\d+(\.\d{1,2})?" />
            </label>
          </div>
          <button type="submit">Apply filters</button>
          {(brand || tags || minPrice || maxPrice) && (
            <button type="button" className="link" onClick={() => go({ brand: null, tags: null, min: null, max: null })}>
              Clear filters
            </button>
          )}
        </form>
      </aside>
      <section className="results" id="results" tabIndex={-1} aria-labelledby="results-heading">
        <ResultsHead title={categoryName ?? 'All products'} sorts={SORTS} sort={sort} onSort={(next) => go({ sort: next })} />
        {error && <p role="alert">{describeError(error)}</p>}
        {fetching && !data && <p aria-live="polite">Loading products…</p>}
        {data && (
          <ProductResults
            totalCount={data.products.totalCount}
            products={data.products.edges.map((edge) => edge.node)}
            empty="No products match. Try fewer filters."
            onFirstPage={after ? () => go({ after: null }) : undefined}
            onNextPage={data.products.pageInfo.hasNextPage ? () => go({ after: data.products.pageInfo.endCursor ?? null }) : undefined}
          />
        )}
      </section>
    </div>
  );
}

function findCategory(categories: readonly CategoryNode[], slug: string): CategoryNode | undefined {
  for (const category of categories) {
    if (category.slug === slug) return category;
    const found = findCategory(category.children ?? [], slug);
    if (found) return found;
  }
  return undefined;
}
