import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { Field, describeError, fieldErrorsOf, messageFor } from '@commerce/web-kit';
import { CategoryOptions, flattenCategories, type FlatCategory } from '../components/category-options';
import { textOf } from '../components/forms';
import { CategoriesDocument, CreateCategoryDocument, DeleteCategoryDocument, UpdateCategoryDocument } from '../graphql/generated/graphql';

// Also on the query: an empty tree names no Category, and urql only refetches a query whose
// answer held a typename the mutation touched (the first category never showed up).
const REFRESH = { additionalTypenames: ['Category'] };

function CategoryRow({ category, all }: { category: FlatCategory; all: FlatCategory[] }) {
  const [editing, setEditing] = useState(false);
  const [update, runUpdate] = useMutation(UpdateCategoryDocument);
  const [remove, runRemove] = useMutation(DeleteCategoryDocument);
  const errors = fieldErrorsOf(update.error);
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await runUpdate({ id: category.id, input: { name: textOf(form, 'name') ?? '', slug: textOf(form, 'slug') ?? '', parentId: textOf(form, 'parentId') ?? null } }, REFRESH);
    if (result.data) setEditing(false);
  };
  return (
    <li style={{ marginLeft: `${category.depth * 1.5}rem` }}>
      {!editing ? (
        <div className="tree-row">
          <span>
            <strong>{category.name}</strong> <span className="muted">/{category.slug}</span>
          </span>
          <button type="button" className="quiet" onClick={() => setEditing(true)} aria-label={`Edit ${category.name}`}>
            Edit
          </button>
          <button type="button" className="quiet danger" disabled={remove.fetching} onClick={() => void runRemove({ id: category.id }, REFRESH)} aria-label={`Delete ${category.name}`}>
            Delete
          </button>
          {remove.error && <span role="alert" className="field-error">{describeError(remove.error)}</span>}
        </div>
      ) : (
        <form className="panel" aria-label={`Edit ${category.name}`} onSubmit={(e) => void save(e)}>
          <div className="row">
            <Field label="Name" error={messageFor(errors, 'name')}>
              <input name="name" defaultValue={category.name} required />
            </Field>
            <Field label="Slug" error={messageFor(errors, 'slug')}>
              <input name="slug" defaultValue={category.slug} required />
            </Field>
            <Field label="Parent" error={messageFor(errors, 'parentId')}>
              <select name="parentId" defaultValue={category.parentId ?? ''}>
                <option value="">None (top level)</option>
                {all
                  .filter((c) => c.id !== category.id)
                  .map((c) => (
                    <option key={c.id} value={c.id}>{`${'\u00a0\u00a0'.repeat(c.depth)}${c.name}`}</option>
                  ))}
              </select>
            </Field>
          </div>
          {update.error && !errors.length && <p role="alert" className="problem">{describeError(update.error)}</p>}
          <div className="actions">
            <button type="submit" className="primary" disabled={update.fetching}>
              Save category
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

/** The category tree: add, rename, move and delete (refused while a category has children or products). */
export function CategoriesPage() {
  const [{ data, error }] = useQuery({ query: CategoriesDocument, requestPolicy: 'cache-and-network', context: REFRESH });
  const [create, runCreate] = useMutation(CreateCategoryDocument);
  const [created, setCreated] = useState<string | null>(null);
  const errors = fieldErrorsOf(create.error);
  const all = flattenCategories(data?.categories ?? []);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const parentId = textOf(form, 'parentId');
    const result = await runCreate({ input: { name: textOf(form, 'name') ?? '', slug: textOf(form, 'slug') ?? '', ...(parentId ? { parentId } : {}) } }, REFRESH);
    if (result.data) {
      setCreated(result.data.createCategory.name);
      formElement.reset();
    }
  };
  return (
    <>
      <h1>Categories</h1>
      <form className="panel" aria-label="New category" onSubmit={(e) => void submit(e)}>
        <h2>New category</h2>
        <div className="row">
          <Field label="Name" error={messageFor(errors, 'name')}>
            <input name="name" required />
          </Field>
          <Field label="Slug" error={messageFor(errors, 'slug')}>
            <input name="slug" required />
          </Field>
          <Field label="Parent" error={messageFor(errors, 'parentId')}>
            <select name="parentId" defaultValue="">
              <option value="">None (top level)</option>
              <CategoryOptions roots={data?.categories ?? []} />
            </select>
          </Field>
        </div>
        {create.error && !errors.length && <p role="alert" className="problem">{describeError(create.error)}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.fetching}>
            Create category
          </button>
          {created && <span role="status">Created {created}.</span>}
        </div>
      </form>
      <h2>Tree</h2>
      {error && <p role="alert" className="problem">{describeError(error)}</p>}
      <ul className="tree" aria-label="Category tree">
        {all.map((category) => (
          <CategoryRow key={category.id} category={category} all={all} />
        ))}
      </ul>
    </>
  );
}
