import { Client } from '@opensearch-project/opensearch';
import type { Indices_Create_RequestBody as IndexBody } from '@opensearch-project/opensearch/api/index.js';
import type { ProductDocument } from '../domain/product-document.ts';
import type { VariantStock } from '../domain/variant-stock.ts';
import { productIndexBody, variantIndexBody } from '../domain/index-definition.ts';
import { engineError, isConflict, isNotFound } from './engine-errors.ts';

/** The only module that talks to OpenSearch. */
export interface SearchStoreOptions {
  url: string;
  /** The alias searches read (e.g. `products`); versioned indices are `<alias>-v<n>`. */
  alias: string;
  synonyms: readonly string[];
}

type Source = Record<string, unknown>;
interface Hit {
  _id: string;
  _source?: Source;
  highlight?: Record<string, string[]>;
}
export interface SearchAnswer {
  total: number;
  hits: { id: string; highlight: Record<string, string[]> }[];
  aggregations: Record<string, never>;
}

function toSource(doc: ProductDocument): Source {
  return { ...doc, variantIds: doc.variants.map((v) => v.id), prices: doc.variants.map((v) => v.price) };
}

function fromSource(source: Source): ProductDocument {
  const { variantIds: _ids, prices: _prices, ...doc } = source;
  return doc as unknown as ProductDocument;
}

export function createSearchStore(options: SearchStoreOptions) {
  const client = new Client({ node: options.url, requestTimeout: 10_000 });
  const { alias } = options;
  const nextAlias = `${alias}-next`;
  const variantIndex = `${alias}-variants`;
  let targets: { indices: string[]; at: number } | undefined;
  let live: { index: string | undefined; at: number } | undefined;

  /** The index the alias points at (cached like the write targets). */
  async function liveIndex(): Promise<string | undefined> {
    if (live && Date.now() - live.at < WRITE_TARGETS_TTL_MS) return live.index;
    live = { index: (await aliasIndices(alias))[0], at: Date.now() };
    return live.index;
  }

  async function aliasIndices(name: string): Promise<string[]> {
    try {
      const { body } = await client.indices.getAlias({ name });
      return Object.keys(body as Record<string, unknown>).sort();
    } catch (err) {
      if (isNotFound(err)) return [];
      throw engineError(err);
    }
  }

  /**
   * Where product writes go: the live index and, during a rebuild, the one being built, so
   * that nothing consumed meanwhile is missing after the swap. Cached for a second; the
   * rebuild waits longer than that before it reads the owners.
   */
  async function writeTargets(): Promise<string[]> {
    if (targets && Date.now() - targets.at < WRITE_TARGETS_TTL_MS) return targets.indices;
    const indices = [...new Set([...(await aliasIndices(alias)), ...(await aliasIndices(nextAlias))])];
    targets = { indices, at: Date.now() };
    return indices;
  }

  async function getVersioned<T>(index: string, id: string, from: (s: Source) => T) {
    try {
      const { body } = await client.get({ index, id });
      const doc = body as { _source: Source; _seq_no: number; _primary_term: number };
      return { doc: from(doc._source), seqNo: doc._seq_no, primaryTerm: doc._primary_term };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw engineError(err);
    }
  }

  /**
   * Read, decide, write only if nobody wrote in between (optimistic concurrency on the
   * document's sequence number); a lost race decides again on the newer document.
   */
  async function mutate<T>(
    index: string,
    id: string,
    from: (s: Source) => T,
    to: (doc: T) => Source,
    decide: (current: T | undefined) => T | 'stale',
  ): Promise<{ outcome: 'applied' | 'stale'; doc: T | undefined }> {
    for (let attempt = 0; ; attempt++) {
      const current = await getVersioned(index, id, from);
      const next = decide(current?.doc);
      if (next === 'stale') return { outcome: 'stale', doc: current?.doc };
      try {
        await client.index({
          index,
          id,
          body: to(next),
          ...(current ? { if_seq_no: current.seqNo, if_primary_term: current.primaryTerm } : { op_type: 'create' }),
        });
        return { outcome: 'applied', doc: next };
      } catch (err) {
        if (!isConflict(err) || attempt >= 50) throw engineError(err);
      }
    }
  }

  return {
    alias,

    /** Makes the first versioned index and points the alias at it, unless the alias exists. */
    async ensureIndices(): Promise<void> {
      if ((await aliasIndices(alias)).length === 0) {
        const index = versionedName(alias);
        await this.createIndex(index);
        try {
          await client.indices.updateAliases({ body: { actions: [{ add: { index, alias } }] } });
        } catch (err) {
          throw engineError(err);
        }
        // Two starting instances may both have created one: keep the alias on one only.
        const live = await aliasIndices(alias);
        if (live.length > 1) {
          const [keep, ...extra] = live;
          await client.indices.updateAliases({ body: { actions: extra.map((i) => ({ remove: { index: i, alias } })) } });
          void keep;
        }
      }
      try {
        await client.indices.create({ index: variantIndex, body: variantIndexBody as IndexBody });
      } catch (err) {
        const type = (err as { meta?: { body?: { error?: { type?: string } } } }).meta?.body?.error?.type;
        if (type !== 'resource_already_exists_exception') throw engineError(err);
      }
    },

    async createIndex(index: string): Promise<void> {
      try {
        await client.indices.create({ index, body: productIndexBody(options.synonyms) as IndexBody });
      } catch (err) {
        throw engineError(err);
      }
    },

    /** Applies a decision to the product in every index that takes writes; 'applied' if the live one changed. */
    async mutateProduct(id: string, decide: (current: ProductDocument | undefined) => ProductDocument | 'stale') {
      const indices = await writeTargets();
      let first: { outcome: 'applied' | 'stale'; doc: ProductDocument | undefined } | undefined;
      for (const index of indices) {
        const result = await mutate(index, id, fromSource, toSource, decide);
        first ??= result;
      }
      return first ?? { outcome: 'stale' as const, doc: undefined };
    },

    async getProduct(id: string): Promise<ProductDocument | undefined> {
      const index = await liveIndex();
      return index ? (await getVersioned(index, id, fromSource))?.doc : undefined;
    },

    async mutateVariant(variantId: string, decide: (current: VariantStock | undefined) => VariantStock | 'stale') {
      return mutate(variantIndex, variantId, (s) => s as unknown as VariantStock, (d) => ({ ...d }), decide);
    },

    /** Stock of several variants (realtime reads: includes writes not yet refreshed). */
    async variants(variantIds: readonly string[]): Promise<(VariantStock | undefined)[]> {
      if (variantIds.length === 0) return [];
      try {
        const { body } = await client.mget({ index: variantIndex, body: { ids: [...variantIds] } });
        return (body as { docs: { found?: boolean; _source?: Source }[] }).docs.map((d) =>
          d.found ? (d._source as unknown as VariantStock) : undefined,
        );
      } catch (err) {
        throw engineError(err);
      }
    },

    async search(body: Record<string, unknown>): Promise<SearchAnswer> {
      try {
        const { body: answer } = await client.search({ index: alias, body });
        const result = answer as { hits: { total: { value: number }; hits: Hit[] }; aggregations?: Record<string, never> };
        return {
          total: result.hits.total.value,
          hits: result.hits.hits.map((hit) => ({ id: hit._id, highlight: hit.highlight ?? {} })),
          aggregations: result.aggregations ?? {},
        };
      } catch (err) {
        throw engineError(err);
      }
    },

    async suggest(body: Record<string, unknown>): Promise<{ id: string; name: string }[]> {
      try {
        const { body: answer } = await client.search({ index: alias, body });
        return (answer as { hits: { hits: Hit[] } }).hits.hits.map((hit) => ({ id: hit._id, name: String(hit._source?.name ?? '') }));
      } catch (err) {
        throw engineError(err);
      }
    },

    // ------------------------------------------------------------ rebuilds (zero downtime)

    /** Creates the next index and has writers write to it too (after WRITE_TARGETS_TTL_MS). */
    async beginRebuild(): Promise<string> {
      for (const stale of await aliasIndices(nextAlias)) {
        await client.indices.updateAliases({ body: { actions: [{ remove: { index: stale, alias: nextAlias } }] } });
      }
      const index = versionedName(alias);
      await this.createIndex(index);
      await client.indices.updateAliases({ body: { actions: [{ add: { index, alias: nextAlias } }] } });
      return index;
    },

    /**
     * Writes a batch of owner snapshots into the index being built, where no document exists
     * yet; returns the ids a consumer had already written there (the caller merges those).
     */
    async loadInto(index: string, docs: readonly ProductDocument[]): Promise<string[]> {
      if (docs.length === 0) return [];
      const body = docs.flatMap((doc) => [{ create: { _index: index, _id: doc.id } }, toSource(doc)]);
      let result: { items: { create?: { _id: string; status: number; error?: { type?: string } } }[] };
      try {
        result = (await client.bulk({ body })).body as typeof result;
      } catch (err) {
        throw engineError(err);
      }
      const creates = result.items.flatMap((item) => (item.create ? [item.create] : []));
      const failed = creates.filter((item) => item.status >= 300 && item.status !== 409);
      if (failed.length > 0) throw new Error(`bulk load: ${failed.length} documents failed (${failed[0]?.error?.type ?? '?'})`);
      return creates.filter((item) => item.status === 409).map((item) => item._id);
    },

    /** A read-decide-write on a product in one given index (a rebuild's). */
    async mutateProductIn(index: string, id: string, decide: (current: ProductDocument | undefined) => ProductDocument | 'stale') {
      return mutate(index, id, fromSource, toSource, decide);
    },

    /** Points the alias at the new index in one atomic action and drops the old ones. */
    async finishRebuild(index: string): Promise<string[]> {
      await client.indices.refresh({ index });
      const old = await aliasIndices(alias);
      await client.indices.updateAliases({
        body: {
          actions: [
            ...old.map((i) => ({ remove: { index: i, alias } })),
            { add: { index, alias } },
            { remove: { index, alias: nextAlias } },
          ],
        },
      });
      targets = undefined;
      live = undefined;
      // Writers may still hold the old index in their cached targets for a moment.
      await new Promise((resolve) => setTimeout(resolve, WRITE_TARGETS_TTL_MS * 2));
      for (const i of old) await client.indices.delete({ index: i });
      return old;
    },

    /** Bulk-indexes ready documents straight into the live index (bench setup). */
    async bulkIndex(docs: readonly ProductDocument[]): Promise<void> {
      const body = docs.flatMap((doc) => [{ index: { _index: alias, _id: doc.id } }, toSource(doc)]);
      const { body: answer } = await client.bulk({ body });
      if ((answer as { errors: boolean }).errors) throw new Error('bulk index reported errors');
    },

    async refresh(): Promise<void> {
      await client.indices.refresh({ index: alias });
    },

    async ping(): Promise<void> {
      await client.cluster.health({});
    },

    /** Deletes every index of this alias (tests clean up after themselves). */
    async dropAll(): Promise<void> {
      for (const index of [...(await aliasIndices(alias)), ...(await aliasIndices(nextAlias)), variantIndex]) {
        await client.indices.delete({ index }, { ignore: [404] });
      }
    },

    close: () => client.close(),
  };
}
export type SearchStore = ReturnType<typeof createSearchStore>;

export const WRITE_TARGETS_TTL_MS = 1_000;

let lastSuffix = 0;
/** `<alias>-v<ms>`: newer indices sort after older ones. */
function versionedName(alias: string): string {
  lastSuffix = Math.max(Date.now(), lastSuffix + 1);
  return `${alias}-v${lastSuffix}`;
}
