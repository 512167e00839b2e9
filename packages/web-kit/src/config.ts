declare global {
  interface Window {
    /** Written by the serving server's /config.js (packages/web-kit/server/static-server.ts). */
    __APP_CONFIG__?: Record<string, string>;
  }
}

/** The app's settings from /config.js, each falling back to its development default. */
export function readConfig<T extends Record<string, string>>(defaults: T): T {
  const given = window.__APP_CONFIG__ ?? {};
  const config = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const value = given[key];
    if (typeof value === 'string' && value) config[key] = value as T[typeof key];
  }
  return config;
}

/** The graphql-ws URL on the same host and path as the HTTP endpoint. */
export function websocketUrlOf(graphqlUrl: string): string {
  return graphqlUrl.replace(/^http/, 'ws');
}
