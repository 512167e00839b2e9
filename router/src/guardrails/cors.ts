import cors from 'cors';
import type { RequestHandler } from 'express';

/** The storefront's and the admin portal's development servers (Vite, 5173 and 5174). */
export const DEVELOPMENT_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173', 'http://127.0.0.1:5174', 'http://localhost:5174'];

export interface CorsSettings {
  /** Exact origins (scheme, host, port) allowed to call the router from a browser. */
  origins: readonly string[];
  /** How long a browser may cache a preflight answer. */
  maxAgeSeconds: number;
}

/**
 * CORS from an allow-list: an allowed origin's preflight is answered (methods, the headers our
 * clients send, max-age) and its responses carry Access-Control-Allow-Origin; any other origin
 * gets no CORS headers at all, so browsers keep its pages from reading our answers. Apollo's CSRF
 * prevention stays on behind this: a simple (non-preflighted) request is still refused.
 */
export function corsMiddleware(settings: CorsSettings): RequestHandler {
  const allowed = new Set(settings.origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'apollographql-client-name',
      'apollographql-client-version',
      'apollo-require-preflight',
      'x-apollo-operation-name',
      'x-correlation-id',
    ],
    // A rate-limited client reads when to come back.
    exposedHeaders: ['retry-after'],
    maxAge: settings.maxAgeSeconds,
  });
}
