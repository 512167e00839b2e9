import { watch, type FSWatcher } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@commerce/service-kit';
import { MANIFEST_FILE, parseManifest } from '@commerce/trusted-documents';

/** The trusted operations of every client, by client name and by id. */
export interface ManifestRegistry {
  /** The body of a trusted operation of this client (any client's when no name is given). */
  body(id: string, client?: string): string | undefined;
  /** Clients that have a manifest. */
  clients(): string[];
  /** Reads every manifest again now (also done when a manifest file changes). */
  reload(): Promise<void>;
  close(): void;
}

type Loaded = Map<string, Map<string, string>>;

/**
 * Loads `<dir>/<client>/persisted-query-manifest.json` for every client folder and reloads
 * when one changes or a client folder appears. A manifest that does not parse is logged and
 * that client keeps the operations it had.
 */
export async function createManifestRegistry(options: { dir: string; logger: Logger; watch?: boolean }): Promise<ManifestRegistry> {
  const { dir, logger } = options;
  let byClient: Loaded = new Map();
  let all = new Map<string, string>();

  async function load(): Promise<void> {
    const next: Loaded = new Map();
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.filter((e) => e.isDirectory())) {
      const path = join(dir, entry.name, MANIFEST_FILE);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        continue;
      }
      try {
        const manifest = parseManifest(text);
        next.set(entry.name, new Map(manifest.operations.map((o) => [o.id, o.body])));
      } catch (err) {
        logger.error({ err, path }, 'trusted-documents manifest rejected; the client keeps its previous operations');
        const previous = byClient.get(entry.name);
        if (previous) next.set(entry.name, previous);
      }
    }
    byClient = next;
    all = new Map([...next.values()].flatMap((operations) => [...operations]));
  }
  await load();
  logger.info({ clients: Object.fromEntries([...byClient].map(([name, ops]) => [name, ops.size])) }, 'trusted documents loaded');

  const watchers: FSWatcher[] = [];
  const watched = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const reloadSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      load()
        .then(() => {
          watchFolders();
          logger.info({ clients: [...byClient.keys()] }, 'trusted documents reloaded');
        })
        .catch((err: unknown) => logger.error({ err }, 'trusted documents could not be reloaded'));
    }, 100);
  };
  // Folders, not files: `npm run manifests` and editors replace the files. Anything in the
  // clients folder itself may be a new client; in a client's folder only its manifest counts.
  function watchFolders(): void {
    if (options.watch === false) return;
    for (const folder of [dir, ...[...byClient.keys()].map((name) => join(dir, name))]) {
      if (watched.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, filename) => {
          if (folder === dir || filename === MANIFEST_FILE) reloadSoon();
        });
        watcher.on('error', (err) => logger.warn({ err, folder }, 'stopped watching a trusted-documents folder'));
        watchers.push(watcher);
        watched.add(folder);
      } catch (err) {
        logger.warn({ err, folder }, 'cannot watch a trusted-documents folder; restart to pick up changes');
      }
    }
  }
  watchFolders();

  return {
    body: (id, client) => (client === undefined ? all.get(id) : byClient.get(client)?.get(id)),
    clients: () => [...byClient.keys()],
    reload: load,
    close: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
