/**
 * The product index: settings, analysers and mappings. Synonyms are applied at search time
 * (synonym_graph in the search analyser), so changing them needs a rebuild only because
 * analysers are fixed when an index is created; `npm run search:rebuild` makes a new one.
 */
export const DEFAULT_SYNONYMS = [
  'tv, television',
  'sofa, couch',
  'tee, t-shirt, tshirt',
  'sneakers, trainers',
  'hoodie, sweatshirt',
  'phone, smartphone, mobile',
  'laptop, notebook',
  'mug, cup',
];

export function productIndexBody(synonyms: readonly string[]) {
  return {
    settings: {
      number_of_shards: 1,
      number_of_replicas: 0,
      // Freshness: new writes are searchable within this (the bench's 2 s p99 target includes it).
      refresh_interval: '500ms',
      analysis: {
        filter: {
          product_synonyms: { type: 'synonym_graph', synonyms: [...synonyms], lenient: true },
        },
        analyzer: {
          product_text: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
          product_search: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'product_synonyms'] },
        },
        normalizer: { folded: { type: 'custom', filter: ['lowercase', 'asciifolding'] } },
      },
    },
    mappings: {
      dynamic: 'strict',
      properties: {
        id: { type: 'keyword' },
        status: { type: 'keyword' },
        deleted: { type: 'boolean' },
        name: { type: 'text', analyzer: 'product_text', search_analyzer: 'product_search' },
        slug: { type: 'keyword', index: false },
        description: { type: 'text', analyzer: 'product_text', search_analyzer: 'product_search' },
        brand: {
          type: 'text',
          analyzer: 'product_text',
          search_analyzer: 'product_search',
          fields: { keyword: { type: 'keyword' } },
        },
        categoryId: { type: 'keyword' },
        tags: { type: 'keyword', normalizer: 'folded', fields: { text: { type: 'text', analyzer: 'product_text' } } },
        variants: { type: 'object', enabled: false },
        variantIds: { type: 'keyword' },
        prices: { type: 'long' },
        priceMin: { type: 'long' },
        priceMax: { type: 'long' },
        createdAt: { type: 'date' },
        catalogVersion: { type: 'long', index: false },
        catalogAt: { type: 'long', index: false },
        inStock: { type: 'boolean' },
        rating: { type: 'float' },
        ratingCount: { type: 'integer' },
        ratingVersion: { type: 'long', index: false },
        suggest: { type: 'search_as_you_type', analyzer: 'product_text' },
      },
    },
  };
}

export const variantIndexBody = {
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: {
    dynamic: 'strict',
    properties: {
      variantId: { type: 'keyword' },
      productId: { type: 'keyword' },
      warehouses: { type: 'object', enabled: false },
    },
  },
};
