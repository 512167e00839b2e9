import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { findTextProblem, type Logger } from '@commerce/service-kit';
import { InvalidCardError, type PaymentGateway } from '../gateway/port.ts';

/** Where the sandbox's "client-side SDK" posts card details, on this service (README.md). */
export const SANDBOX_TOKENS_PATH = '/sandbox-gateway/tokens';

const MAX_BODY_BYTES = 4096;

const whole = z.union([z.number().int(), z.string().regex(/^\d{1,4}$/).transform(Number)]);
const cardBody = z.object({
  number: z.string().max(40),
  expMonth: whole,
  expYear: whole,
  cvc: z.string().max(8),
  holderName: z.string().max(200),
});

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The storefront's origins in development (vite preview and `npm start`). */
export const DEV_BROWSER_ORIGINS: readonly string[] = ['http://127.0.0.1:5173', 'http://localhost:5173'];

/**
 * Lets a page on one of `origins` post card details straight to the "gateway", as a real
 * gateway's SDK does; other origins get no CORS headers, so browsers keep their pages out.
 */
export function allowBrowsers(req: IncomingMessage, res: ServerResponse, origins: readonly string[]): void {
  const origin = req.headers.origin;
  res.setHeader('vary', 'origin');
  if (!origin || !origins.includes(origin)) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
  res.setHeader('access-control-allow-headers', 'content-type');
  res.setHeader('access-control-max-age', '600');
}

/**
 * POST {number, expMonth, expYear, cvc, holderName} → 201 {token, card: {brand, last4, expMonth,
 * expYear}}; 400 {error: {code, message, fields}} for bad details (code BAD_USER_INPUT for text
 * that cannot be stored: NUL, lone surrogates). Simulates the gateway's client-side tokenization:
 * the card number is handled in memory and never logged (neither the body nor the card is ever
 * passed to the logger); only the token goes on to GraphQL.
 */
export function createTokenHandler(gateway: PaymentGateway, logger: Logger, browserOrigins: readonly string[] = DEV_BROWSER_ORIGINS) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    allowBrowsers(req, res, browserOrigins);
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return send(res, 415, { error: { code: 'BAD_REQUEST', message: 'Send the card as application/json.' } });
    }
    const raw = await readBody(req);
    if (raw === undefined) return send(res, 413, { error: { code: 'BAD_REQUEST', message: 'The request body is too large.' } });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return send(res, 400, { error: { code: 'BAD_REQUEST', message: 'The request body is not JSON.' } });
    }
    // The same refusal GraphQL inputs get (NUL, lone surrogates), before anything is stored.
    const problem = findTextProblem(json);
    if (problem) {
      return send(res, 400, { error: { code: 'BAD_USER_INPUT', message: `${problem.field} ${problem.message}.`, fields: [problem] } });
    }
    const parsed = cardBody.safeParse(json);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: 'is missing or has the wrong type' }));
      return send(res, 400, { error: { code: 'INVALID_CARD', message: 'Send number, expMonth, expYear, cvc and holderName.', fields } });
    }
    try {
      const { token, card } = await gateway.tokenize(parsed.data);
      logger.info({ brand: card.brand, last4: card.last4 }, 'sandbox gateway: card tokenized');
      send(res, 201, { token, card: { brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear } });
    } catch (err) {
      if (!(err instanceof InvalidCardError)) throw err;
      send(res, 400, { error: { code: 'INVALID_CARD', message: err.message, fields: err.fields } });
    }
  };
}
