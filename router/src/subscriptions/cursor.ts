import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Per topic, per partition: the offset of the next message not yet accounted for. Every
 * message below it has been delivered (or did not concern the holder).
 */
export type Positions = Record<string, number[]>;

/**
 * Where a subscriber stands: its Kafka positions, the version of the entity it was last
 * shown, and which subscription it belongs to (a cursor only resumes the same one).
 */
export interface Cursor {
  positions: Positions;
  version?: number;
  scope: string;
}

const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const wire = z
  .object({ p: z.record(z.string().min(1).max(249), z.array(offset).max(10_000)), v: z.number().int().min(0).optional(), s: z.string().min(1).max(64) })
  .strict();

export interface CursorCodec {
  encode(cursor: Cursor): string;
  /** The cursor, or undefined when the text is not one a router holding these keys wrote. */
  decode(text: string): Cursor | undefined;
}

/** Bytes of HMAC-SHA256 a cursor carries: 128 bits cannot be guessed. */
const MAC_BYTES = 16;

/**
 * Cursors are `<base64url JSON>.<base64url HMAC>`, opaque to clients. The MAC keeps a client
 * from writing its own positions (offset 0 would make the router re-read whole topics). The
 * first key signs and every key verifies, so a key is rotated by putting the new one first.
 */
export function createCursorCodec(keys: readonly string[]): CursorCodec {
  const [signing] = keys;
  if (!signing) throw new Error('cursors need at least one signing key');
  const mac = (key: string, body: string) => createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
  return {
    encode(cursor) {
      const body = Buffer.from(JSON.stringify({ p: cursor.positions, ...(cursor.version !== undefined ? { v: cursor.version } : {}), s: cursor.scope })).toString('base64url');
      return `${body}.${mac(signing, body).toString('base64url')}`;
    },
    decode(text) {
      const match = text.length <= 20_000 ? /^([\w-]+)\.([\w-]+)$/.exec(text) : null;
      const [, body = '', signature = ''] = match ?? [];
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== MAC_BYTES || !keys.some((key) => timingSafeEqual(mac(key, body), given))) return undefined;
      try {
        const parsed = wire.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
        if (!parsed.success) return undefined;
        return { positions: parsed.data.p, ...(parsed.data.v !== undefined ? { version: parsed.data.v } : {}), scope: parsed.data.s };
      } catch {
        return undefined;
      }
    },
  };
}

export function copyPositions(positions: Positions, topics: readonly string[] = Object.keys(positions)): Positions {
  return Object.fromEntries(topics.map((topic) => [topic, [...(positions[topic] ?? [])]]));
}

/** Raises `target` to `other` partition by partition, for the topics `target` holds. */
export function advanceTo(target: Positions, other: Positions): void {
  for (const [topic, mine] of Object.entries(target)) {
    other[topic]?.forEach((value, partition) => {
      if (value > (mine[partition] ?? 0)) mine[partition] = value;
    });
  }
}

/**
 * Where to start replaying for each partition of `topics`: the cursor's offset, or `live`'s
 * where the cursor has none (a topic or partition added since it was written).
 */
export function replayFrom(cursor: Positions, live: Positions, topics: readonly string[]): Positions {
  return Object.fromEntries(
    topics.map((topic) => [topic, (live[topic] ?? []).map((end, partition) => Math.min(cursor[topic]?.[partition] ?? end, end))]),
  );
}
