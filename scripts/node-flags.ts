import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The node flags a workspace's service runs with, from its package.json (`commerce.nodeFlags`):
 * one place for every launcher (npm start's supervisor, the benches, the package's own start
 * script repeats them). The router's GC setting is there (docs/router.md#throughput).
 */
export function nodeFlagsOf(workspaceDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(workspaceDir, 'package.json'), 'utf8')) as { commerce?: { nodeFlags?: string[] } };
  return manifest.commerce?.nodeFlags ?? [];
}
