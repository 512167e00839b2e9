import { useMutation } from 'urql';
import { describeError } from '@commerce/web-kit';
import { RemoveReviewDocument, type ReviewRowFragment } from '../graphql/generated/graphql';
import { When } from './status';

function ReviewItem({ review, showProduct }: { review: ReviewRowFragment; showProduct: boolean }) {
  const [state, run] = useMutation(RemoveReviewDocument);
  return (
    <li className="review">
      <p>
        <strong>
          {'★'.repeat(review.rating)}
          <span className="visually-hidden">{review.rating} out of 5</span> {review.title}
        </strong>
        {review.verifiedPurchase && <span className="badge">Verified purchase</span>}
      </p>
      <p>{review.body}</p>
      <p className="muted">
        {review.author ? `${review.author.firstName} ${review.author.lastName}` : 'Unknown author'}
        {showProduct && review.product && ` on ${review.product.name}`} · <When at={review.createdAt} /> · {review.helpfulVotes} found it helpful
      </p>
      <button type="button" className="quiet danger" disabled={state.fetching} onClick={() => void run({ id: review.id }, { additionalTypenames: ['Review', 'ReviewConnection', 'Product', 'Customer'] })}>
        Remove review “{review.title}”
      </button>
      {state.error && <p role="alert" className="problem">{describeError(state.error)}</p>}
    </li>
  );
}

/** Reviews with a remove button each (removeReview: the author or an admin). */
export function ReviewList({ reviews, showProduct = false }: { reviews: readonly ReviewRowFragment[]; showProduct?: boolean }) {
  if (reviews.length === 0) return <p className="muted">No reviews.</p>;
  return (
    <ul className="reviews">
      {reviews.map((review) => (
        <ReviewItem key={review.id} review={review} showProduct={showProduct} />
      ))}
    </ul>
  );
}
