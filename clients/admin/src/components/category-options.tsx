import type { CategoryOptionFragment } from '../graphql/generated/graphql';

export interface FlatCategory {
  id: string;
  name: string;
  slug: string;
  depth: number;
  parentId: string | null;
}

/** The tree, depth first, as rows for a <select> or a table. */
export function flattenCategories(roots: readonly CategoryOptionFragment[]): FlatCategory[] {
  const rows: FlatCategory[] = [];
  type Node = { id: string; name: string; slug: string; children?: readonly Node[] };
  const walk = (nodes: readonly Node[], depth: number, parentId: string | null) => {
    for (const node of nodes) {
      rows.push({ id: node.id, name: node.name, slug: node.slug, depth, parentId });
      if (node.children) walk(node.children, depth + 1, node.id);
    }
  };
  walk(roots, 0, null);
  return rows;
}

/** <option>s of the category tree, indented by depth. */
export function CategoryOptions({ roots }: { roots: readonly CategoryOptionFragment[] }) {
  return (
    <>
      {flattenCategories(roots).map((c) => (
        <option key={c.id} value={c.id}>
          {`${'\u00a0\u00a0'.repeat(c.depth)}${c.name}`}
        </option>
      ))}
    </>
  );
}
