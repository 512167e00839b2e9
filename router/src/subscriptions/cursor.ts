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

/** Opaque to clients: base64url JSON. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ p: cursor.positions, ...(cursor.version !== undefined ? { v: cursor.version } : {}), s: cursor.scope })).toString('base64url');
}

/** The cursor, or undefined when the text is not one this router wrote. */
export function decodeCursor(text: string): Cursor | undefined {
  if (text.length > 20_000 || !/^[\w-]+$/.test(text)) return undefined;
  try {
    const parsed = wire.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    return { positions: parsed.data.p, ...(parsed.data.v !== undefined ? { version: parsed.data.v } : {}), scope: parsed.data.s };
  } catch {
    return undefined;
  }
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
