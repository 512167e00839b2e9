import { CatalogError } from './errors.ts';

export interface Category {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  /** Ids from the root down to the parent: breadcrumbs and subtree queries without recursion. */
  ancestors: string[];
  createdAt: Date;
}

/** The ancestors a category gets under `parent` (none at the root). */
export function ancestorsUnder(parent: Category | null): string[] {
  return parent ? [...parent.ancestors, parent.id] : [];
}

/** Refuses to move a category under itself or one of its descendants. */
export function checkMove(category: Category, newParent: Category | null): void {
  if (!newParent) return;
  if (newParent.id === category.id || newParent.ancestors.includes(category.id)) {
    throw new CatalogError('CONFLICT', 'A category cannot be moved under itself or one of its descendants.');
  }
}

/** A descendant's ancestors after its subtree root `moved` got `movedAncestors`. */
export function rebase(descendant: Category, moved: Category, movedAncestors: string[]): string[] {
  const index = descendant.ancestors.indexOf(moved.id);
  return [...movedAncestors, ...descendant.ancestors.slice(index)];
}
