// Serves the four bench subgraphs at http://127.0.0.1:$PORT/<name> from one process, as cheaply
// as graphql-js allows: a minimal node:http handler, every document parsed and validated once.
// GET /health answers 200; GET /calls counts the calls each subgraph has answered.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { execute, parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { createSubgraphSchemas, SUBGRAPH_NAMES, type SubgraphName } from './subgraphs.ts';

interface GraphQLBody {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

const schemas = createSubgraphSchemas();
const calls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, 0])) as Record<SubgraphName, number>;
const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

function prepared(name: SubgraphName, schema: GraphQLSchema, query: string): DocumentNode | readonly GraphQLError[] {
  const key = `${name}\n${query}`;
  let entry = documents.get(key);
  if (!entry) {
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      entry = errors.length > 0 ? errors : document;
    } catch (err) {
      entry = [err as GraphQLError];
    }
    documents.set(key, entry);
  }
  return entry;
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function answer(name: SubgraphName, req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLBody;
  calls[name] += 1;
  const schema = schemas[name];
  const document = prepared(name, schema, body.query ?? '');
  if (!('kind' in document)) return send(res, 400, { errors: document });
  send(res, 200, await execute({ schema, document, variableValues: body.variables ?? null, operationName: body.operationName ?? null }));
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!.slice(1);
  if (req.method === 'GET' && path === 'health') return send(res, 200, { ok: true });
  if (req.method === 'GET' && path === 'calls') return send(res, 200, calls);
  if (req.method !== 'POST' || !(SUBGRAPH_NAMES as readonly string[]).includes(path)) return send(res, 404, { errors: [{ message: 'not found' }] });
  answer(path as SubgraphName, req, res).catch((err: unknown) => send(res, 500, { errors: [{ message: String(err) }] }));
});
// The gateways keep their connections; never make them reconnect mid-run.
server.keepAliveTimeout = 120_000;
server.listen(Number(process.env.PORT ?? 4200), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
