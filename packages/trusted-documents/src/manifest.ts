import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The file every client keeps beside its operations, in Apollo's persisted-query manifest format. */
export const MANIFEST_FILE = 'persisted-query-manifest.json';

export const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest'),
      name: z.string().min(1),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});
export type PersistedQueryManifest = z.infer<typeof manifestSchema>;
export type ManifestOperation = PersistedQueryManifest['operations'][number];

/** The id of an operation body: its SHA-256 in hex, as Apollo's APQ and manifests compute it. */
export function operationId(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Parses a manifest file's text; throws with the offending path when it is not one. */
export function parseManifest(text: string): PersistedQueryManifest {
  const manifest = manifestSchema.parse(JSON.parse(text));
  for (const operation of manifest.operations) {
    if (operationId(operation.body) !== operation.id) throw new Error(`operation ${operation.name}: id is not the SHA-256 of its body`);
  }
  return manifest;
}

/** The manifest as it is written to disk (stable, so staleness is a byte comparison). */
export function printManifest(manifest: PersistedQueryManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
