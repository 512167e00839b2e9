import { useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import { useMutation, useQuery } from 'urql';
import { Rating } from '../components/rating';
import { mediaFor, optionNames, optionValues, pickVariant } from '../components/variants';
import { describeError } from '@commerce/web-kit';
import {
  AddToCartDocument,
  ProductPageDocument,
  SubmitReviewDocument,
  VoteReviewHelpfulDocument,
  type ReviewSort,
} from '../graphql/generated/graphql';
import { formatMoney } from '@commerce/web-kit';
import { useSession } from '../graphql/session';

/** "Only N left" from this many units down. */
const LOW_STOCK = 5;

export function ProductPage() {
  const { slug } = useParams<{ slug: string }>();
  const session = useSession();
  const [reviewSort, setReviewSort] = useState<ReviewSort>('MOST_HELPFUL');
  const [reviewsAfter, setReviewsAfter] = useState<string | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProductPageDocument, variables: { slug, reviewSort, reviewsAfter } });
  const product = data?.product;
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [quantity, setQuantity] = useState(1);
  const [added, addToCart] = useMutation(AddToCartDocument);
  const [addedOnce, setAddedOnce] = useState(false);

  const [lastChosen, setLastChosen] = useState<string | undefined>();
  const names = useMemo(() => optionNames(product?.variants ?? []), [product]);
  const variant = pickVariant(product?.variants ?? [], chosen, lastChosen);

  if (fetching && !data) return <p aria-live="polite">Loading…</p>;
  if (error) return <p role="alert">{describeError(error)}</p>;
  if (!product) {
    return (
      <>
        <h1>Product not found</h1>
        <p>
          It may have been removed. <Link href="/">Browse the shop</Link>
        </p>
      </>
    );
  }
  const available = variant?.stock?.available ?? 0;
  const add = async () => {
    if (!variant) return;
    const result = await addToCart({ variantId: variant.id, quantity });
    setAddedOnce(!result.error);
  };

  return (
    <article className="product">
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <Link href="/">Shop</Link>
        {product.category?.breadcrumbs.map((c) => (
          <span key={c.id}>
            {' / '}
            <Link href={`/c/${c.slug}`}>{c.name}</Link>
          </span>
        ))}
      </nav>
      <div className="product-top">
        <div className="gallery" role="region" aria-label="Photos" tabIndex={0}>
          {product.media.length === 0 && <div className="placeholder large" aria-hidden="true" />}
          {mediaFor(product.media, variant).map((m) =>
            m.kind === 'IMAGE' ? <img key={m.url} src={m.url} alt={m.altText ?? product.name} width={400} height={300} /> : <a key={m.url} href={m.url}>{m.altText ?? m.url}</a>,
          )}
        </div>
        <div className="buy">
          <h1>{product.name}</h1>
          {product.brand && <p className="muted">{product.brand}</p>}
          <Rating average={product.rating?.average} count={product.rating?.count ?? 0} />
          {variant && (
            <p className="price big">
              <span data-testid="price">{formatMoney(variant.price)}</span>
              {variant.compareAtPrice && (
                <s className="compare-at">
                  <span className="visually-hidden">was </span>
                  {formatMoney(variant.compareAtPrice)}
                </s>
              )}
            </p>
          )}
          {names.map((name) => (
            <fieldset key={name} className="options">
              <legend>{name}</legend>
              {optionValues(product.variants, name).map((value) => {
                const checked = variant?.options.some((o) => o.name === name && o.value === value) ?? false;
                return (
                  <label key={value} className={checked ? 'chip checked' : 'chip'}>
                    <input type="radio" name={name} value={value} checked={checked} onChange={() => {
                        setChosen({ ...chosen, [name]: value });
                        setLastChosen(name);
                      }} />
                    {value}
                  </label>
                );
              })}
            </fieldset>
          ))}
          <p className={available > 0 ? 'stock in' : 'stock out'} aria-live="polite">
            {available === 0 ? 'Out of stock' : available <= LOW_STOCK ? `Only ${available} left` : 'In stock'}
          </p>
          <div className="row">
            <label>
              Quantity
              <input type="number" min={1} max={Math.max(1, Math.min(100, available))} value={quantity} onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))} />
            </label>
            <button type="button" className="primary" disabled={!session || available === 0 || added.fetching} onClick={() => void add()}>
              Add to cart
            </button>
          </div>
          {!session && (
            <p>
              <Link href="/account">Sign in</Link> to add to your cart.
            </p>
          )}
          {added.error && <p role="alert">{describeError(added.error)}</p>}
          {addedOnce && !added.error && (
            <p role="status">
              Added to your cart. <Link href="/cart">View cart</Link>
            </p>
          )}
        </div>
      </div>
      <section aria-labelledby="about">
        <h2 id="about">About</h2>
        <p>{product.description || 'No description yet.'}</p>
        {product.attributes.length > 0 && (
          <dl className="attributes">
            {product.attributes.map((a) => (
              <div key={a.name}>
                <dt>{a.name}</dt>
                <dd>{a.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <Reviews
        productId={product.id}
        rating={product.rating}
        reviews={product.reviews}
        sort={reviewSort}
        onSort={(s) => {
          setReviewSort(s);
          setReviewsAfter(null);
        }}
        onMore={setReviewsAfter}
        signedIn={!!session}
        onChanged={() => refetch({ requestPolicy: 'network-only' })}
      />
    </article>
  );
}

type ProductData = NonNullable<import('../graphql/generated/graphql').ProductPageQuery['product']>;

function Reviews(props: {
  productId: string;
  rating: ProductData['rating'];
  reviews: ProductData['reviews'];
  sort: ReviewSort;
  onSort: (sort: ReviewSort) => void;
  onMore: (after: string) => void;
  signedIn: boolean;
  onChanged: () => void;
}) {
  const [submitted, submit] = useMutation(SubmitReviewDocument);
  const [voted, vote] = useMutation(VoteReviewHelpfulDocument);
  const [done, setDone] = useState(false);
  const total = props.rating?.count ?? 0;
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await submit({
      input: { productId: props.productId, rating: Number(form.get('rating')), title: String(form.get('title')), body: String(form.get('body')) },
    });
    if (!result.error) {
      setDone(true);
      props.onChanged();
    }
  };
  return (
    <section aria-labelledby="reviews" className="reviews">
      <h2 id="reviews">Reviews</h2>
      {total > 0 && props.rating && (
        <table className="distribution">
          <caption className="visually-hidden">How shoppers rated it</caption>
          <tbody>
            {[5, 4, 3, 2, 1].map((stars) => {
              const count = props.rating?.distribution.find((b) => b.rating === stars)?.count ?? 0;
              return (
                <tr key={stars}>
                  <th scope="row">{stars} stars</th>
                  <td>
                    <span className="bar" style={{ width: `${(count / total) * 100}%` }} />
                  </td>
                  <td>{count}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <label className="sort">
        Sort reviews
        <select value={props.sort} onChange={(e) => props.onSort(e.target.value as ReviewSort)}>
          <option value="MOST_HELPFUL">Most helpful</option>
          <option value="NEWEST">Newest</option>
          <option value="RATING">Rating</option>
        </select>
      </label>
      {props.reviews?.edges.length ? (
        <ul className="review-list">
          {props.reviews.edges.map(({ node }) => (
            <li key={node.id}>
              <h3>
                {'★'.repeat(node.rating)}
                <span className="visually-hidden">{node.rating} out of 5: </span> {node.title}
              </h3>
              <p className="muted">
                {node.author?.firstName ?? 'A shopper'} · {new Date(node.createdAt).toLocaleDateString('en-GB')}
                {node.verifiedPurchase && <span className="badge">Verified purchase</span>}
              </p>
              <p>{node.body}</p>
              <button type="button" className="link" disabled={!props.signedIn || voted.fetching} onClick={() => void vote({ reviewId: node.id })}>
                Helpful ({node.helpfulVotes})
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>No reviews yet.</p>
      )}
      {voted.error && <p role="alert">{describeError(voted.error)}</p>}
      {props.reviews?.pageInfo.hasNextPage && (
        <button type="button" onClick={() => props.onMore(props.reviews?.pageInfo.endCursor ?? '')}>
          More reviews
        </button>
      )}
      {props.signedIn && !done && (
        <form className="review-form" onSubmit={(e) => void onSubmit(e)}>
          <h3>Write a review</h3>
          <label>
            Rating
            <select name="rating" defaultValue="5">
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {n} stars
                </option>
              ))}
            </select>
          </label>
          <label>
            Title
            <input name="title" required maxLength={120} />
          </label>
          <label>
            Review
            <textarea name="body" required rows={4} />
          </label>
          {submitted.error && <p role="alert">{describeError(submitted.error)}</p>}
          <button type="submit" disabled={submitted.fetching}>
            Post review
          </button>
        </form>
      )}
      {done && <p role="status">Thanks, your review is posted.</p>}
    </section>
  );
}
