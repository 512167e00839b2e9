import type { CodegenConfig } from '@graphql-codegen/cli';

// Every subgraph's resolver types, from its own schema.graphql (run in the subgraph's folder:
// `npm run codegen` there, or `npm run compose` for all). docs/architecture.md.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/generated/resolver-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.ts#Context',
        // No custom scalars today; strictScalars makes a new one fail here until it is mapped.
        strictScalars: true,
        scalars: { _FieldSet: 'string' },
      },
    },
  },
};
export default config;
