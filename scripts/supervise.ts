// Runs every service of scripts/services.txt as its own process and keeps it running: a
// service that exits is started again after a backoff (1 s doubling to 30 s, back to 1 s once
// it has stayed up a minute), and every exit and restart is logged. `npm start` runs it as
//   tsx scripts/supervise.ts
// and the fault tests import superviseServices() to run the stack on ports of their own.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { nodeFlagsOf } from './node-flags.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A service that stays up this long starts its next backoff from the beginning again. */
const STABLE_AFTER_MS = 60_000;

export interface ServiceSpec {
  name: string;
  /** Folder of the workspace, relative to the repository. */
  workspace: string;
  port: number;
}

export interface SuperviseOptions {
  /** Where each service's output goes, as <name>.log. */
  logDir: string;
  /** Added to every port of services.txt (the fault tests run beside `npm start`). */
  portOffset?: number;
  /** Where the stores are; each service gets DATABASE_URL / MONGO_URL for its own database. */
  postgresUrlBase?: string;
  mongoUrlBase?: string;
  kafkaBrokers?: string;
  /** Extra environment for every service, and for one service by its name. */
  env?: Record<string, string>;
  serviceEnv?: Record<string, Record<string, string>>;
  /** Leave a service alone when something already answers on its port (npm start run twice). */
  reuseRunning?: boolean;
  log?: (line: string) => void;
}

export interface SupervisedService extends ServiceSpec {
  /** Exits observed so far, each with its code or signal. */
  exits: { at: Date; code: number | null; signal: NodeJS.Signals | null }[];
  child: ChildProcess | undefined;
}

export interface Supervisor {
  services: SupervisedService[];
  url(name: string): string;
  stop(): Promise<void>;
}

export function readServices(): ServiceSpec[] {
  return readFileSync(join(ROOT, 'scripts/services.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [name = '', workspace = '', port = ''] = line.split(/\s+/);
      return { name, workspace, port: Number(port) };
    });
}

async function healthy(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) }).then(
    (response) => response.ok,
    () => false,
  );
}

/** Starts the services in services.txt order, each once the previous one answers /health. */
export async function superviseServices(options: SuperviseOptions): Promise<Supervisor> {
  const log = options.log ?? ((line: string) => console.log(line));
  const offset = options.portOffset ?? 0;
  const services: SupervisedService[] = readServices().map((spec) => ({
    ...spec,
    port: spec.port + offset,
    exits: [],
    child: undefined,
  }));
  const portOf = (name: string) => services.find((service) => service.name === name)?.port;
  mkdirSync(options.logDir, { recursive: true });
  let stopping = false;

  function envFor(service: SupervisedService): Record<string, string> {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), PORT: String(service.port) };
    if (options.postgresUrlBase) env.DATABASE_URL = `${options.postgresUrlBase}/${service.name}`;
    if (options.mongoUrlBase) env.MONGO_URL = `${options.mongoUrlBase}/${service.name}`;
    if (options.kafkaBrokers) env.KAFKA_BROKERS = options.kafkaBrokers;
    if (offset !== 0) {
      env.AUTH_JWKS_URL = `http://127.0.0.1:${portOf('customers')}/.well-known/jwks.json`;
      env.AUTH_SESSIONS_URL = `http://127.0.0.1:${portOf('customers')}/sessions`;
      for (const other of services) env[`SUBGRAPH_URL_${other.name.toUpperCase()}`] = `http://127.0.0.1:${other.port}/graphql`;
    }
    return { ...env, ...options.env, ...options.serviceEnv?.[service.name] };
  }

  function launch(service: SupervisedService): ChildProcess {
    const output = createWriteStream(join(options.logDir, `${service.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [...nodeFlagsOf(join(ROOT, service.workspace)), '--import', 'tsx', 'src/index.ts'], {
      cwd: join(ROOT, service.workspace),
      env: envFor(service),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(output);
    child.stderr.pipe(output);
    service.child = child;
    const startedAt = Date.now();
    child.once('exit', (code, signal) => {
      service.child = undefined;
      if (stopping) return;
      service.exits.push({ at: new Date(), code, signal });
      restartLater(service, Date.now() - startedAt);
    });
    return child;
  }

  const backoffs = new Map<string, number>();
  function restartLater(service: SupervisedService, upForMs: number) {
    const previous = upForMs >= STABLE_AFTER_MS ? 0 : (backoffs.get(service.name) ?? 0);
    const delay = previous === 0 ? INITIAL_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, previous * 2);
    backoffs.set(service.name, delay);
    const last = service.exits.at(-1);
    log(
      `==> ${service.name} exited (${last?.signal ?? `code ${last?.code}`}) after ${Math.round(upForMs / 1000)} s; ` +
        `restarting in ${delay / 1000} s (restart ${service.exits.length}; log: ${join(options.logDir, `${service.name}.log`)})`,
    );
    setTimeout(() => {
      if (!stopping) launch(service);
    }, delay).unref();
  }

  for (const service of services) {
    if (options.reuseRunning && (await healthy(service.port))) {
      log(`==> ${service.name} is already answering on port ${service.port}; leaving it be`);
      continue;
    }
    log(`==> starting ${service.name} on 127.0.0.1:${service.port} (log: ${join(options.logDir, `${service.name}.log`)})`);
    launch(service);
    // A service that exits while starting (its store not up yet) is restarted like any other.
    for (const deadline = Date.now() + 120_000; !(await healthy(service.port)); await sleep(250)) {
      if (Date.now() > deadline) {
        stopping = true;
        await stopAll();
        throw new Error(`${service.name} did not become healthy on port ${service.port} within 120 s`);
      }
    }
  }

  async function stopAll() {
    const running = services.flatMap((service) => (service.child ? [service.child] : []));
    await Promise.all(
      running.map(async (child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const killed = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
        if (!killed) child.kill('SIGKILL');
      }),
    );
  }

  return {
    services,
    url: (name) => `http://127.0.0.1:${portOf(name)}/graphql`,
    stop: async () => {
      stopping = true;
      await stopAll();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const logDir = join(process.env.COMMERCE_DATA_DIR ?? join(ROOT, '.data'), 'logs');
  // The same variables as the tests' infra settings (packages/testkit), for a private set of stores.
  const supervisor = await superviseServices({
    logDir,
    reuseRunning: true,
    postgresUrlBase: process.env.POSTGRES_URL_BASE,
    mongoUrlBase: process.env.MONGO_URL_BASE,
    kafkaBrokers: process.env.KAFKA_BROKERS,
    portOffset: Number(process.env.SERVICES_PORT_OFFSET ?? 0),
  });
  console.log('==> every service is up; services that exit are restarted');
  const stop = () => {
    console.log('\n==> stopping services');
    supervisor.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
