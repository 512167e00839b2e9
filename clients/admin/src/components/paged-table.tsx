import { useState, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { describeError } from '@commerce/web-kit';
import type { PagingFragment } from '../graphql/generated/graphql';

// The storefront pages through the URL (a shareable ?after=) and only forwards; the admin keeps
// the cursors of the pages it went through, so these stay here rather than in web-kit.

/** Forward paging over a connection: the cursors that opened each page so far, the first page's being null. */
export function usePages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    /** The `after` argument of the current page. */
    after: cursors.at(-1) ?? null,
    number: cursors.length,
    previous: () => setCursors((opened) => (opened.length > 1 ? opened.slice(0, -1) : opened)),
    next: (endCursor: string) => setCursors((opened) => [...opened, endCursor]),
    /** Back to the first page: after a filter changed. */
    reset: () => setCursors([null]),
  };
}
export type Pages = ReturnType<typeof usePages>;

/** Previous and next page buttons, with the page number between them. */
export function Pager({ pages, pageInfo }: { pages: Pages; pageInfo: PagingFragment }) {
  const { endCursor } = pageInfo;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={pages.number <= 1} onClick={pages.previous}>
        Previous page
      </button>
      <span>Page {pages.number}</span>
      <button type="button" disabled={!pageInfo.hasNextPage || !endCursor} onClick={() => endCursor && pages.next(endCursor)}>
        Next page
      </button>
    </nav>
  );
}

/** What a query's result says before its data: the refusal as a person can act on it, or that it is loading. */
export function QueryState({ result, loading }: { result: { data?: unknown; error?: CombinedError | undefined; fetching: boolean }; loading: string }) {
  return (
    <>
      {result.error && (
        <p role="alert" className="problem">
          {describeError(result.error)}
        </p>
      )}
      {result.fetching && !result.data && <p aria-live="polite">{loading}</p>}
    </>
  );
}

export interface Column<Node> {
  header: string;
  cell: (node: Node) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

interface Connection<Node> {
  totalCount?: number;
  pageInfo: PagingFragment;
  edges: readonly { node: Node }[];
}

/**
 * One page of a connection as a table: how many there are in all (when `counted` names them),
 * a caption for screen readers, a header cell per column, a row per node and the pager.
 */
export function PagedTable<Node extends { id: string }>({
  connection,
  columns,
  caption,
  counted,
  pages,
}: {
  connection: Connection<Node>;
  columns: readonly Column<Node>[];
  caption: string;
  /** The singular and plural of what the rows are, for "3 orders" above the table. */
  counted?: readonly [string, string];
  pages: Pages;
}) {
  const total = connection.totalCount ?? 0;
  return (
    <>
      {counted && (
        <p aria-live="polite">
          {total} {total === 1 ? counted[0] : counted[1]}
        </p>
      )}
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.header} scope="col">
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {connection.edges.map(({ node }) => (
              <tr key={node.id}>
                {columns.map((column) => (
                  <td key={column.header} className={column.numeric ? 'num' : undefined}>
                    {column.cell(node)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager pages={pages} pageInfo={connection.pageInfo} />
    </>
  );
}
