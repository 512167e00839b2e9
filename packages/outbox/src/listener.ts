import { Client } from 'pg';
import type { Logger } from 'pino';

export interface ListenerOptions {
  url: string;
  channel: string;
  applicationName: string;
  logger: Logger;
  onNotify: () => void;
  /** Called after every reconnect: notifications sent while disconnected are lost for good. */
  onReconnect: () => void;
  maxBackoffMs: number;
}

export interface Listener {
  close: () => Promise<void>;
}

/**
 * Holds a LISTEN session on a dedicated connection (a pooled one would be handed to other
 * queries and lose it), reconnecting with backoff whenever it drops. The first connect
 * throws so a wrong URL fails at startup instead of degrading silently to polling.
 */
export async function listenForNotifications(options: ListenerOptions): Promise<Listener> {
  const { url, channel, applicationName, logger, onNotify, onReconnect, maxBackoffMs } = options;
  let client: Client | undefined;
  let closed = false;
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const next = new Client({ connectionString: url, application_name: applicationName, keepAlive: true });
    // Handlers stay attached for the client's whole life: an unhandled 'error' would crash the process.
    next.on('error', (err) => dropped(next, err));
    next.on('end', () => dropped(next, new Error('connection ended')));
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    try {
      await next.connect();
      await next.query(`listen ${next.escapeIdentifier(channel)}`);
    } catch (err) {
      await next.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    attempts = 0;
  }

  function dropped(which: Client, err: Error) {
    if (closed || which !== client) return;
    client = undefined;
    logger.warn({ err }, 'outbox listener lost its connection; reconnecting');
    which.end().catch(() => undefined);
    scheduleReconnect();
  }

  function scheduleReconnect() {
    attempts += 1;
    const delay = Math.min(maxBackoffMs, 250 * 2 ** Math.min(attempts - 1, 10));
    timer = setTimeout(() => {
      timer = undefined;
      connect().then(
        () => {
          if (closed) return;
          logger.info({ attempts }, 'outbox listener reconnected');
          onReconnect();
        },
        (err: unknown) => {
          if (closed) return;
          logger.warn({ err, attempts }, 'outbox listener could not reconnect');
          scheduleReconnect();
        },
      );
    }, delay);
  }

  await connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end();
    },
  };
}
