import type { CodegenConfig } from '@graphql-codegen/cli';

// Types come from the composed supergraph, so they match what the router serves.
const config: CodegenConfig = {
  schema: '../../schema/supergraph.graphql',
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: {} },
    },
  },
};
export default config;
