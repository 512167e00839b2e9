export * from './build.ts';
export * from './manifest.ts';
