// A TCP proxy in front of the router whose connections a test can cut: the browser's socket
// drops as it would on a flaky network, and new connections are refused until it comes back.
import { createServer, connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface CuttableProxy {
  port: number;
  /** Drops every connection and refuses new ones for `ms`. */
  cut(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a TCP proxy to `target` on an ephemeral loopback port. */
export async function startCuttableProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    async cut(ms: number): Promise<void> {
      down = true;
      for (const socket of open) socket.destroy();
      open.clear();
      await sleep(ms);
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
