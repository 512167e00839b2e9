import type { CodegenConfig } from '@graphql-codegen/cli';

// Every subgraph's schema types, from its own schema.graphql, run in the subgraph's folder
// (`npm run codegen` there, or `npm run compose` for all; docs/architecture.md). Resolvers take
// their arguments' types from it (<Type><Field>Args). Only the typescript plugin: typed resolver
// maps (typescript-resolvers) would need a mapper for every domain type, and nothing used them.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/generated/resolver-types.ts': {
      plugins: ['typescript'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // No custom scalars today; strictScalars makes a new one fail here until it is mapped.
        strictScalars: true,
        scalars: { _FieldSet: 'string' },
      },
    },
  },
};
export default config;
