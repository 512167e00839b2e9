import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createSubgraphClient } from '../src/subgraph-client.ts';

// A subgraph played by a plain HTTP server that can close a kept-alive connection the moment
// the next request arrives on it, as a server whose keep-alive ran out does.
describe("the router's subgraph client on kept-alive connections", () => {
  let server: Server;
  let url: string;
  /** Requests per connection, in the order the connections opened. */
  let perConnection: number[];
  let closeSecondRequest: boolean;
  const served = new WeakMap<Socket, number>();

  before(async () => {
    server = createServer((req, res) => {
      const index = served.get(req.socket)!;
      perConnection[index] = (perConnection[index] ?? 0) + 1;
      if (closeSecondRequest && perConnection[index]! > 1) {
        req.socket.destroy();
        return;
      }
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'));
    });
    server.on('connection', (socket: Socket) => served.set(socket, perConnection.push(0) - 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  beforeEach(() => {
    perConnection = [];
    closeSecondRequest = false;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

  test('a read sent on a connection the subgraph closes as it arrives is sent again on a new one, once', async () => {
    const client = createSubgraphClient();
    closeSecondRequest = true;
    assert.equal((await client.post(url, {}, '{}', { readOnly: true })).status, 200);
    await tick();
    assert.equal((await client.post(url, {}, '{}', { readOnly: true })).status, 200);
    assert.deepEqual(perConnection, [2, 1], 'refused on the kept-alive connection, answered on a new one');
    client.close();
  });

  test('a write on such a connection is not sent again: it fails, and the caller decides', async () => {
    const client = createSubgraphClient();
    closeSecondRequest = true;
    assert.equal((await client.post(url, {}, '{}')).status, 200);
    await tick();
    await assert.rejects(client.post(url, {}, '{}'), (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET' || err.code === 'EPIPE');
    assert.deepEqual(perConnection, [2]);
    client.close();
  });

  test('a connection left idle is closed by the client before the subgraph would close it', async () => {
    const client = createSubgraphClient({ idleSocketMs: 150 });
    await client.post(url, {}, '{}');
    await tick();
    await client.post(url, {}, '{}');
    assert.deepEqual(perConnection, [2], 'reused while busy');
    await new Promise((resolve) => setTimeout(resolve, 400));
    await client.post(url, {}, '{}');
    assert.deepEqual(perConnection, [2, 1], 'a new connection after the idle time');
    client.close();
  });
});
