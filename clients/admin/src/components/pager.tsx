/** Forward paging over a connection: a stack of the cursors that opened each page. */
export function Pager({ pages, endCursor, hasNextPage, onPages }: { pages: (string | null)[]; endCursor: string | null | undefined; hasNextPage: boolean; onPages: (pages: (string | null)[]) => void }) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={pages.length <= 1} onClick={() => onPages(pages.slice(0, -1))}>
        Previous page
      </button>
      <span>Page {pages.length}</span>
      <button type="button" disabled={!hasNextPage || !endCursor} onClick={() => onPages([...pages, endCursor ?? null])}>
        Next page
      </button>
    </nav>
  );
}
