import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useQuery } from 'urql';
import { CategoryOptions } from '../components/category-options';
import { textOf } from '../components/forms';
import { Pager, QueryState, usePages } from '../components/paged-table';
import { ReviewList } from '../components/review-list';
import { ProductReviewsDocument, type ProductFilter } from '../graphql/generated/graphql';

/** Reviews product by product (newest products first), each removable. */
export function ReviewsPage() {
  const [filter, setFilter] = useState<ProductFilter>({});
  const pages = usePages();
  const [result] = useQuery({ query: ProductReviewsDocument, variables: { filter: { status: ['ACTIVE', 'DRAFT', 'ARCHIVED'], ...filter }, after: pages.after }, requestPolicy: 'cache-and-network' });
  const { data } = result;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: ProductFilter = {};
    const categoryId = textOf(form, 'categoryId');
    const brand = textOf(form, 'brand');
    if (categoryId) next.categoryId = categoryId;
    if (brand) next.brand = brand;
    setFilter(next);
    pages.reset();
  };
  return (
    <>
      <h1>Reviews</h1>
      <form className="filters" aria-label="Filter products" onSubmit={submit}>
        <div className="field">
          <label htmlFor="r-category">Category</label>
          <select id="r-category" name="categoryId" defaultValue="">
            <option value="">Any category</option>
            <CategoryOptions roots={data?.categories ?? []} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-brand">Brand</label>
          <input id="r-brand" name="brand" />
        </div>
        <button type="submit">Apply filters</button>
      </form>
      <QueryState result={result} loading="Loading reviews…" />
      {data?.products.edges.map(({ node }) => (
        <section key={node.id} className="panel" aria-label={`Reviews of ${node.name}`}>
          <h2>
            <Link href={`/products/${node.id}`}>{node.name}</Link>{' '}
            <span className="muted">
              · {node.rating?.count ?? 0} reviews{node.rating?.average ? `, ${node.rating.average.toFixed(1)} on average` : ''}
            </span>
          </h2>
          <ReviewList reviews={node.reviews?.edges.map((e) => e.node) ?? []} />
        </section>
      ))}
      {data && <Pager pages={pages} pageInfo={data.products.pageInfo} />}
    </>
  );
}
