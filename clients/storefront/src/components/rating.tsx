export function Rating({ average, count }: { average: number | null | undefined; count: number }) {
  if (!count || average == null) return <span className="muted rating">No reviews yet</span>;
  const rounded = Math.round(average * 10) / 10;
  return (
    <span className="rating">
      <span aria-hidden="true">
        {'★'.repeat(Math.round(average))}
        {'☆'.repeat(5 - Math.round(average))} {rounded} ({count})
      </span>
      <span className="visually-hidden">
        Rated {rounded} out of 5 from {count} review{count === 1 ? '' : 's'}
      </span>
    </span>
  );
}
