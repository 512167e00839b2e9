import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Field, describeError, fieldErrorsOf, formatMoney, messageFor, type FieldError } from '@commerce/web-kit';
import { CategoryOptions } from '../components/category-options';
import { formatOptions, parseList, parseOptions, textOf, type NameValue } from '../components/forms';
import { StatusBadge } from '../components/status';
import {
  AddVariantDocument,
  ArchiveProductDocument,
  CreateProductDocument,
  DeleteProductDocument,
  ProductEditorDocument,
  RemoveVariantDocument,
  UpdateProductDocument,
  UpdateVariantDocument,
  type CategoryOptionFragment,
  type MediaKind,
  type ProductDetailFragment,
  type ProductStatus,
  type VariantDetailFragment,
  type VariantInput,
} from '../graphql/generated/graphql';

const CURRENCIES = ['EUR', 'USD', 'GBP'];

/** A refusal as a person can act on it: the message, unless every problem is shown beside its field. */
function Problem({ error, fields }: { error: CombinedError | undefined; fields: FieldError[] }) {
  if (!error) return null;
  return (
    <p role="alert" className="problem">
      {fields.length ? 'Nothing was saved. Correct the fields marked below and save again.' : describeError(error)}
    </p>
  );
}

/** Rows of name/value pairs (attributes) or url/alt text (media) edited in place. */
function Rows<Row extends Record<string, string>>({
  legend,
  rows,
  columns,
  blank,
  onChange,
  errors,
  path,
}: {
  legend: string;
  rows: Row[];
  columns: { key: keyof Row & string; label: string; type?: string }[];
  blank: Row;
  onChange: (rows: Row[]) => void;
  errors: FieldError[];
  path: string;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {rows.length === 0 && <p className="muted">None yet.</p>}
      {rows.map((row, i) => (
        <div className="row" key={i}>
          {columns.map((column) => (
            <Field key={column.key} label={`${column.label} ${i + 1}`} error={messageFor(errors, `${path}.${i}.${column.key}`)}>
              <input
                type={column.type ?? 'text'}
                value={row[column.key]}
                onChange={(e) => onChange(rows.map((r, j) => (j === i ? { ...r, [column.key]: e.target.value } : r)))}
              />
            </Field>
          ))}
          <button type="button" className="quiet" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove {legend.toLowerCase().replace(/s$/, '')} {i + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { ...blank }])}>
        Add {legend.toLowerCase().replace(/s$/, '')}
      </button>
    </fieldset>
  );
}

interface VariantRow {
  sku: string;
  options: string;
  price: string;
  compareAtPrice: string;
  currency: string;
  weightGrams: string;
}
const BLANK_VARIANT: VariantRow = { sku: '', options: '', price: '', compareAtPrice: '', currency: 'EUR', weightGrams: '' };

function variantInput(row: VariantRow): VariantInput {
  return {
    sku: row.sku.trim(),
    options: parseOptions(row.options),
    price: { amount: row.price.trim(), currencyCode: row.currency },
    ...(row.compareAtPrice.trim() ? { compareAtPrice: { amount: row.compareAtPrice.trim(), currencyCode: row.currency } } : {}),
    ...(row.weightGrams.trim() ? { weightGrams: Number(row.weightGrams) } : {}),
  };
}

/** The fields of one variant; `path` prefixes the API's field paths (variants.0. on create). */
function VariantFields({ row, onChange, errors, path, n }: { row: VariantRow; onChange: (row: VariantRow) => void; errors: FieldError[]; path: string; n?: number }) {
  const suffix = n === undefined ? '' : ` ${n}`;
  const set = (key: keyof VariantRow) => (e: { target: { value: string } }) => onChange({ ...row, [key]: e.target.value });
  return (
    <div className="row">
      <Field label={`SKU${suffix}`} error={messageFor(errors, `${path}sku`)}>
        <input value={row.sku} onChange={set('sku')} required autoCapitalize="characters" />
      </Field>
      <Field label={`Options${suffix}`} hint="name: value, separated by commas" error={messageFor(errors, `${path}options`)}>
        <input value={row.options} onChange={set('options')} placeholder="Colour: Blue" />
      </Field>
      <Field label={`Price${suffix}`} error={messageFor(errors, `${path}price`)}>
        <input value={row.price} onChange={set('price')} inputMode="decimal" required placeholder="19.99" />
      </Field>
      <Field label={`Compare-at price${suffix}`} error={messageFor(errors, `${path}compareAtPrice`)}>
        <input value={row.compareAtPrice} onChange={set('compareAtPrice')} inputMode="decimal" />
      </Field>
      <Field label={`Currency${suffix}`}>
        <select value={row.currency} onChange={set('currency')}>
          {CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </Field>
      <Field label={`Weight in grams${suffix}`} error={messageFor(errors, `${path}weightGrams`)}>
        <input value={row.weightGrams} onChange={set('weightGrams')} inputMode="numeric" />
      </Field>
    </div>
  );
}

function rowOf(variant: VariantDetailFragment): VariantRow {
  return {
    sku: variant.sku,
    options: formatOptions(variant.options),
    price: variant.price.amount,
    compareAtPrice: variant.compareAtPrice?.amount ?? '',
    currency: variant.price.currencyCode,
    weightGrams: variant.weightGrams?.toString() ?? '',
  };
}

/** One existing variant: edited and saved on its own (updateVariant), or removed. */
function VariantEditor({ variant }: { variant: VariantDetailFragment }) {
  const [row, setRow] = useState(rowOf(variant));
  const [update, runUpdate] = useMutation(UpdateVariantDocument);
  const [remove, runRemove] = useMutation(RemoveVariantDocument);
  const [saved, setSaved] = useState(false);
  const errors = fieldErrorsOf(update.error);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const input = variantInput(row);
    const result = await runUpdate({ id: variant.id, input: { ...input, compareAtPrice: input.compareAtPrice ?? null, weightGrams: input.weightGrams ?? null } });
    if (result.data) setSaved(true);
  };
  return (
    <form className="panel variant" aria-label={`Variant ${variant.sku}`} onSubmit={(e) => void save(e)}>
      <h3>
        {variant.title || variant.sku} <span className="muted">· now {formatMoney(variant.price)}</span>
      </h3>
      <VariantFields row={row} onChange={setRow} errors={errors} path="" />
      <Problem error={update.error} fields={errors} />
      {remove.error && <p role="alert" className="problem">{describeError(remove.error)}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={update.fetching}>
          Save variant
        </button>
        <button type="button" className="danger" disabled={remove.fetching} onClick={() => void runRemove({ id: variant.id }, { additionalTypenames: ['Product'] })}>
          Remove variant
        </button>
        {saved && <span role="status">Saved.</span>}
      </div>
    </form>
  );
}

function AddVariantForm({ productId }: { productId: string }) {
  const [row, setRow] = useState(BLANK_VARIANT);
  const [state, run] = useMutation(AddVariantDocument);
  const errors = fieldErrorsOf(state.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await run({ productId, input: variantInput(row) });
    if (result.data) setRow(BLANK_VARIANT);
  };
  return (
    <form className="panel" aria-label="Add a variant" onSubmit={(e) => void submit(e)}>
      <h3>Add a variant</h3>
      <VariantFields row={row} onChange={setRow} errors={errors} path="" />
      <Problem error={state.error} fields={errors} />
      <button type="submit" disabled={state.fetching}>
        Add variant
      </button>
    </form>
  );
}

type MediaRow = { url: string; altText: string };

/** The product's own fields; on create also its first variants (one mutation: all or nothing). */
function ProductForm({ product, categories }: { product: ProductDetailFragment | null; categories: readonly CategoryOptionFragment[] }) {
  const [, navigate] = useLocation();
  const [attributes, setAttributes] = useState<NameValue[]>(product?.attributes.map(({ name, value }) => ({ name, value })) ?? []);
  const [media, setMedia] = useState<MediaRow[]>(product?.media.map((m) => ({ url: m.url, altText: m.altText ?? '' })) ?? []);
  const [variants, setVariants] = useState<VariantRow[]>([{ ...BLANK_VARIANT }]);
  const [create, runCreate] = useMutation(CreateProductDocument);
  const [update, runUpdate] = useMutation(UpdateProductDocument);
  const [saved, setSaved] = useState(false);
  const state = product ? update : create;
  const errors = fieldErrorsOf(state.error);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const fields = {
      name: textOf(form, 'name') ?? '',
      slug: textOf(form, 'slug') ?? '',
      description: textOf(form, 'description') ?? '',
      brand: textOf(form, 'brand') ?? null,
      categoryId: textOf(form, 'categoryId') ?? null,
      tags: parseList(String(form.get('tags') ?? '')),
      status: String(form.get('status')) as ProductStatus,
      attributes: attributes.filter((a) => a.name.trim() || a.value.trim()),
      media: media.filter((m) => m.url.trim()).map((m) => ({ url: m.url.trim(), altText: m.altText.trim() || null, kind: 'IMAGE' as MediaKind })),
    };
    if (product) {
      const result = await runUpdate({ id: product.id, input: fields });
      if (result.data) setSaved(true);
      return;
    }
    const { brand, categoryId, ...rest } = fields;
    const result = await runCreate({
      input: { ...rest, ...(brand ? { brand } : {}), ...(categoryId ? { categoryId } : {}), variants: variants.filter((v) => v.sku.trim() || v.price.trim()).map(variantInput) },
    });
    if (result.data) navigate(`/products/${result.data.createProduct.id}`, { replace: true });
  };
  return (
    <form className="panel" aria-label={product ? 'Product details' : 'New product'} onSubmit={(e) => void submit(e)}>
      <div className="row">
        <Field label="Name" error={messageFor(errors, 'name')}>
          <input name="name" defaultValue={product?.name} required />
        </Field>
        <Field label="Slug" hint="the product's address in the shop: lower case, digits, dashes" error={messageFor(errors, 'slug')}>
          <input name="slug" defaultValue={product?.slug} required />
        </Field>
      </div>
      <Field label="Description" error={messageFor(errors, 'description')}>
        <textarea name="description" rows={3} defaultValue={product?.description} />
      </Field>
      <div className="row">
        <Field label="Brand" error={messageFor(errors, 'brand')}>
          <input name="brand" defaultValue={product?.brand ?? ''} />
        </Field>
        <Field label="Category" error={messageFor(errors, 'categoryId')}>
          <select name="categoryId" defaultValue={product?.category?.id ?? ''}>
            <option value="">No category</option>
            <CategoryOptions roots={categories} />
          </select>
        </Field>
        <Field label="Tags" hint="separated by commas" error={messageFor(errors, 'tags')}>
          <input name="tags" defaultValue={product?.tags.join(', ')} />
        </Field>
        <Field label="Status" error={messageFor(errors, 'status')}>
          <select name="status" defaultValue={product?.status ?? 'DRAFT'}>
            <option value="DRAFT">Draft</option>
            <option value="ACTIVE">Active</option>
            <option value="ARCHIVED">Archived</option>
          </select>
        </Field>
      </div>
      <Rows legend="Attributes" rows={attributes} columns={[{ key: 'name', label: 'Attribute name' }, { key: 'value', label: 'Attribute value' }]} blank={{ name: '', value: '' }} onChange={setAttributes} errors={errors} path="attributes" />
      <Rows legend="Media" rows={media} columns={[{ key: 'url', label: 'Media URL', type: 'url' }, { key: 'altText', label: 'Alt text' }]} blank={{ url: '', altText: '' }} onChange={setMedia} errors={errors} path="media" />
      {!product && (
        <fieldset>
          <legend>Variants</legend>
          {variants.map((row, i) => (
            <div key={i} className="variant-row">
              <VariantFields row={row} n={i + 1} onChange={(next) => setVariants(variants.map((r, j) => (j === i ? next : r)))} errors={errors} path={`variants.${i}.`} />
              {variants.length > 1 && (
                <button type="button" className="quiet" onClick={() => setVariants(variants.filter((_, j) => j !== i))}>
                  Remove variant {i + 1}
                </button>
              )}
            </div>
          ))}
          <button type="button" onClick={() => setVariants([...variants, { ...BLANK_VARIANT }])}>
            Add another variant
          </button>
        </fieldset>
      )}
      <Problem error={state.error} fields={errors} />
      <div className="actions">
        <button type="submit" className="primary" disabled={state.fetching}>
          {product ? 'Save product' : 'Create product'}
        </button>
        {saved && <span role="status">Saved.</span>}
      </div>
    </form>
  );
}

/** Create a product, or edit one: its fields, variants, media and attributes; archive or delete it. */
export function ProductPage() {
  const params = useParams<{ id?: string }>();
  const id = params.id ?? null;
  const [, navigate] = useLocation();
  const [{ data, error, fetching }] = useQuery({ query: ProductEditorDocument, variables: { id, existing: !!id }, requestPolicy: 'cache-and-network' });
  const [archive, runArchive] = useMutation(ArchiveProductDocument);
  const [remove, runRemove] = useMutation(DeleteProductDocument);
  const [confirmDelete, setConfirmDelete] = useState(false);
  if (fetching && !data) return <p aria-live="polite">Loading…</p>;
  if (error && !data) return <p role="alert" className="problem">{describeError(error)}</p>;
  const product = data?.product ?? null;
  if (id && !product) {
    return (
      <>
        <h1>Product not found</h1>
        <Link href="/products">Back to products</Link>
      </>
    );
  }
  const categories = data?.categories ?? [];
  return (
    <>
      <p className="breadcrumbs">
        <Link href="/products">Products</Link> /
      </p>
      <div className="page-head">
        <h1>{product ? product.name : 'New product'}</h1>
        {product && <StatusBadge status={product.status} />}
      </div>
      <ProductForm key={product?.updatedAt ?? 'new'} product={product} categories={categories} />
      {product && (
        <>
          <h2>Variants</h2>
          {product.variants.map((variant) => (
            <VariantEditor key={`${variant.id}-${product.updatedAt}`} variant={variant} />
          ))}
          <AddVariantForm productId={product.id} />
          <h2>Archive or delete</h2>
          <div className="panel actions">
            <button type="button" disabled={archive.fetching || product.status === 'ARCHIVED'} onClick={() => void runArchive({ id: product.id })}>
              Archive product
            </button>
            {!confirmDelete ? (
              <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
                Delete product…
              </button>
            ) : (
              <>
                <span>Delete {product.name} for good?</span>
                <button
                  type="button"
                  className="danger"
                  disabled={remove.fetching}
                  onClick={() => void runRemove({ id: product.id }, { additionalTypenames: ['Product'] }).then((r) => r.data && navigate('/products'))}
                >
                  Yes, delete it
                </button>
                <button type="button" onClick={() => setConfirmDelete(false)}>
                  Keep it
                </button>
              </>
            )}
            {(archive.error ?? remove.error) && <p role="alert" className="problem">{describeError(archive.error ?? remove.error)}</p>}
          </div>
        </>
      )}
    </>
  );
}
