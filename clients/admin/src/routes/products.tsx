import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useQuery } from 'urql';
import { describeError, formatMoney } from '@commerce/web-kit';
import { CategoryOptions } from '../components/category-options';
import { Pager } from '../components/pager';
import { StatusBadge } from '../components/status';
import { ProductsDocument, type ProductFilter, type ProductSort, type ProductStatus } from '../graphql/generated/graphql';

/** Every product, drafts and archived ones included, with filters and paging. */
export function ProductsPage() {
  const [filter, setFilter] = useState<ProductFilter>({});
  const [sort, setSort] = useState<ProductSort>('NEWEST');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [{ data, error, fetching }] = useQuery({
    query: ProductsDocument,
    variables: { filter: { status: ['DRAFT', 'ACTIVE', 'ARCHIVED'], ...filter }, sort, after: pages.at(-1) ?? null },
    requestPolicy: 'cache-and-network',
  });
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const status = text('status') as ProductStatus | undefined;
    const next: ProductFilter = {};
    if (text('categoryId')) next.categoryId = text('categoryId')!;
    if (text('brand')) next.brand = text('brand')!;
    if (text('tag')) next.tags = [text('tag')!];
    if (status) next.status = [status];
    setFilter(next);
    setSort((text('sort') as ProductSort | undefined) ?? 'NEWEST');
    setPages([null]);
  };
  const connection = data?.products;
  return (
    <>
      <div className="page-head">
        <h1>Products</h1>
        <Link href="/products/new" className="button primary">
          New product
        </Link>
      </div>
      <form className="filters" aria-label="Filter products" onSubmit={apply}>
        <div className="field">
          <label htmlFor="f-category">Category</label>
          <select id="f-category" name="categoryId" defaultValue="">
            <option value="">Any category</option>
            <CategoryOptions roots={data?.categories ?? []} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-brand">Brand</label>
          <input id="f-brand" name="brand" />
        </div>
        <div className="field">
          <label htmlFor="f-tag">Tag</label>
          <input id="f-tag" name="tag" />
        </div>
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" name="status" defaultValue="">
            <option value="">Any status</option>
            <option value="DRAFT">Draft</option>
            <option value="ACTIVE">Active</option>
            <option value="ARCHIVED">Archived</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sort">Sort by</label>
          <select id="f-sort" name="sort" defaultValue="NEWEST">
            <option value="NEWEST">Newest</option>
            <option value="NAME_ASC">Name</option>
            <option value="PRICE_ASC">Price, low to high</option>
            <option value="PRICE_DESC">Price, high to low</option>
          </select>
        </div>
        <button type="submit">Apply filters</button>
      </form>
      {error && <p role="alert" className="problem">{describeError(error)}</p>}
      {fetching && !data && <p aria-live="polite">Loading products…</p>}
      {connection && (
        <>
          <p aria-live="polite">
            {connection.totalCount} {connection.totalCount === 1 ? 'product' : 'products'}
          </p>
          <div className="table-wrap">
            <table className="data">
              <caption className="visually-hidden">Products</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Category</th>
                  <th scope="col">Brand</th>
                  <th scope="col">Variants</th>
                  <th scope="col">Price</th>
                </tr>
              </thead>
              <tbody>
                {connection.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td>
                      <Link href={`/products/${node.id}`}>{node.name}</Link>
                    </td>
                    <td>
                      <StatusBadge status={node.status} />
                    </td>
                    <td>{node.category?.name ?? '—'}</td>
                    <td>{node.brand ?? '—'}</td>
                    <td className="num">{node.variants.length}</td>
                    <td className="num">
                      {node.priceRange
                        ? node.priceRange.min.amount === node.priceRange.max.amount
                          ? formatMoney(node.priceRange.min)
                          : `${formatMoney(node.priceRange.min)} – ${formatMoney(node.priceRange.max)}`
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager pages={pages} endCursor={connection.pageInfo.endCursor} hasNextPage={connection.pageInfo.hasNextPage} onPages={setPages} />
        </>
      )}
    </>
  );
}
