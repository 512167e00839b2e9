import { Link } from 'wouter';
import type { ProductCardFragment } from '../graphql/generated/graphql';
import { formatMoney } from '@commerce/web-kit';
import { Rating } from './rating';

export function ProductCard({ product }: { product: ProductCardFragment }) {
  const image = product.media[0];
  const min = product.priceRange?.min;
  const max = product.priceRange?.max;
  const compareAt = product.variants.find((v) => v.compareAtPrice)?.compareAtPrice;
  const inStock = product.variants.some((v) => v.inStock);
  return (
    <li className="card">
      <Link href={`/p/${product.slug}`} className="card-link">
        {image ? <img src={image.url} alt={image.altText ?? ''} loading="lazy" width={400} height={300} /> : <div className="placeholder" aria-hidden="true" />}
        <span className="card-name">{product.name}</span>
      </Link>
      {product.brand && <span className="muted">{product.brand}</span>}
      <span className="price">
        {min && max && min.amount !== max.amount ? `from ${formatMoney(min)}` : formatMoney(min)}
        {compareAt && (
          <s className="compare-at">
            <span className="visually-hidden">was </span>
            {formatMoney(compareAt)}
          </s>
        )}
      </span>
      <Rating average={product.rating?.average} count={product.rating?.count ?? 0} />
      <span className={inStock ? 'stock in' : 'stock out'}>{inStock ? 'In stock' : 'Out of stock'}</span>
    </li>
  );
}
