import http from 'node:http';
import https from 'node:https';

export interface SubgraphResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface SubgraphClient {
  /**
   * POSTs `body` to `url` and reads the whole answer; rejects only when no answer came (refused,
   * reset). `readOnly`: the request changes nothing, so it is sent again, once, when a kept-alive
   * connection turns out to have been closed by the subgraph as the request went out.
   */
  post(url: string, headers: Record<string, string>, body: string, options?: { readOnly?: boolean }): Promise<SubgraphResponse>;
  /** Closes the idle connections. */
  close(): void;
}

/** How long a kept-alive connection to a subgraph may sit unused: below Node's server keep-alive (5 s). */
export const IDLE_SOCKET_MS = 4_000;

/**
 * The router's HTTP client for subgraph calls: node:http over keep-alive connections, most
 * recently used first, nothing else. Node's fetch (undici) spent 39.5% of the router's CPU under
 * the gateway benchmark's load building Request/Response/Headers objects and streams per call;
 * the gateway needs none of that, only status, headers and the body text.
 */
export function createSubgraphClient(options: { maxSocketsPerSubgraph?: number; idleSocketMs?: number } = {}): SubgraphClient {
  // An idle connection is closed here before the subgraph closes it (Node's servers after 5 s):
  // a request sent on a connection the server is closing at that moment fails with a reset.
  // The agent's timeout destroys only free sockets; a slow answer on a busy one is unaffected.
  const settings = {
    keepAlive: true,
    maxSockets: options.maxSocketsPerSubgraph ?? 256,
    scheduling: 'lifo' as const,
    timeout: options.idleSocketMs ?? IDLE_SOCKET_MS,
  };
  const agents = { http: new http.Agent(settings), https: new https.Agent(settings) };
  const targets = new Map<string, URL>();

  function send(target: URL, headers: Record<string, string>, body: string, retryStale: boolean): Promise<SubgraphResponse> {
    const secure = target.protocol === 'https:';
    return new Promise<SubgraphResponse>((resolve, reject) => {
      const request = (secure ? https : http).request(
        {
          method: 'POST',
          protocol: target.protocol,
          hostname: target.hostname.replace(/^\[|\]$/g, ''),
          port: target.port,
          path: `${target.pathname}${target.search}`,
          agent: secure ? agents.https : agents.http,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', (err: NodeJS.ErrnoException) => {
        // The race above, lost anyway (a server with a shorter keep-alive): the subgraph closed
        // the kept-alive connection before reading the request, so it never ran.
        const stale = request.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        if (stale && retryStale) send(target, headers, body, false).then(resolve, reject);
        else reject(err);
      });
      request.end(body);
    });
  }

  return {
    post(url, headers, body, postOptions = {}) {
      let target = targets.get(url);
      if (!target) {
        target = new URL(url);
        targets.set(url, target);
      }
      return send(target, headers, body, postOptions.readOnly ?? false);
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
