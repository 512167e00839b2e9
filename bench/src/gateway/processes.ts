// Child processes of the gateway bench: started (optionally pinned to cores with taskset), waited
// for, measured from /proc and stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { processTree } from '../cpu.ts';

export interface Started {
  pid: number;
  child: ChildProcess;
  /** The last lines it wrote to stderr (and stdout), for when it fails. */
  output(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on now (other worktrees run benches on this machine too). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/**
 * Runs `command` with `cpus` (taskset's list, e.g. "0") as its affinity when given; taskset
 * execs the command, so the pid is the command's. Resolves once `ready()` holds.
 */
export async function startProcess(
  name: string,
  command: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; cpus?: string; ready: () => Promise<boolean>; timeoutMs?: number },
): Promise<Started> {
  const argv = options.cpus ? ['taskset', '-c', options.cpus, ...command] : [...command];
  const child = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killed);
  };
  const started: Started = { pid: child.pid!, child, output: () => tail, stop };
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${tail}`);
    if (await options.ready().catch(() => false)) return started;
    await sleep(250);
  }
  await stop();
  throw new Error(`${name} was not ready within ${(options.timeoutMs ?? 90_000) / 1000} s:\n${tail}`);
}

/** The peak resident memory (VmHWM) of `pid` and its descendants, added up, in MiB. */
export function peakRssMiB(pid: number): number {
  let kib = 0;
  for (const member of processTree(pid)) {
    try {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${member}/status`, 'utf8'));
      kib += Number(match?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kib / 1024;
}
