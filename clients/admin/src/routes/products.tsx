import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useQuery } from 'urql';
import { formatMoney } from '@commerce/web-kit';
import { CategoryOptions } from '../components/category-options';
import { PagedTable, QueryState, usePages, type Column } from '../components/paged-table';
import { StatusBadge } from '../components/status';
import { ProductsDocument, type ProductFilter, type ProductSort, type ProductStatus, type ProductsQuery } from '../graphql/generated/graphql';

type ProductRow = ProductsQuery['products']['edges'][number]['node'];

const COLUMNS: Column<ProductRow>[] = [
  { header: 'Name', cell: (product) => <Link href={`/products/${product.id}`}>{product.name}</Link> },
  { header: 'Status', cell: (product) => <StatusBadge status={product.status} /> },
  { header: 'Category', cell: (product) => product.category?.name ?? '—' },
  { header: 'Brand', cell: (product) => product.brand ?? '—' },
  { header: 'Variants', cell: (product) => product.variants.length, numeric: true },
  {
    header: 'Price',
    numeric: true,
    cell: ({ priceRange: range }) =>
      range ? (range.min.amount === range.max.amount ? formatMoney(range.min) : `${formatMoney(range.min)} – ${formatMoney(range.max)}`) : '—',
  },
];

/** Every product, drafts and archived ones included, with filters and paging. */
export function ProductsPage() {
  const [filter, setFilter] = useState<ProductFilter>({});
  const [sort, setSort] = useState<ProductSort>('NEWEST');
  const pages = usePages();
  const [result] = useQuery({
    query: ProductsDocument,
    variables: { filter: { status: ['DRAFT', 'ACTIVE', 'ARCHIVED'], ...filter }, sort, after: pages.after },
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
    pages.reset();
  };
  const { data } = result;
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
      <QueryState result={result} loading="Loading products…" />
      {connection && <PagedTable connection={connection} columns={COLUMNS} caption="Products" counted={['product', 'products']} pages={pages} />}
    </>
  );
}
