export * from './generated/graphql.ts';
