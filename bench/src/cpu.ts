// CPU time per process tree, read from /proc (Linux): how many CPU-milliseconds each service,
// and the stores and broker beside them, spent over a stretch of a bench.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  ms: number;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ... utime(14) stime(15): comm may hold spaces, so split after ')'.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      out.push({ pid: Number(entry), ppid: Number(fields[1]), comm, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
    } catch {
      // exited while listing
    }
  }
  return out;
}

/** `pid` and every process descended from it. */
export function processTree(pid: number): number[] {
  const all = processes();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const proc of all) if (proc.ppid === tree[i]) tree.push(proc.pid);
  return tree;
}

/** CPU-ms per name: each named pid with its descendants, plus postgres, kafka (java) and ferretdb. */
export function cpuSnapshot(roots: Record<string, number>): Record<string, number> {
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const proc of all) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc]);
  const tree = (pid: number): number => (children.get(pid) ?? []).reduce((sum, child) => sum + child.ms + tree(child.pid), 0);
  const result: Record<string, number> = {};
  for (const [name, pid] of Object.entries(roots)) result[name] = (all.find((proc) => proc.pid === pid)?.ms ?? 0) + tree(pid);
  const byComm = (match: (comm: string) => boolean) => all.filter((proc) => match(proc.comm)).reduce((sum, proc) => sum + proc.ms, 0);
  result.postgres = byComm((comm) => comm === 'postgres');
  result.kafka = byComm((comm) => comm === 'java');
  result.ferretdb = byComm((comm) => comm.startsWith('ferretdb'));
  result.bench = Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000);
  return result;
}

/** CPU-ms spent between two snapshots, per name. */
export function cpuSpent(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((name) => [name, after[name]! - (before[name] ?? 0)]));
}
