import type { Message } from 'kafkajs';

const sizeOf = (message: Message): number =>
  (message.key ? Buffer.byteLength(message.key) : 0) +
  (message.value ? Buffer.byteLength(message.value) : 0) +
  Object.entries(message.headers ?? {}).reduce((sum, [name, value]) => sum + name.length + (value ? Buffer.byteLength(String(value)) : 0), 0);

/** Splits messages, in order, into runs of at most `maxBytes` (a bigger message goes alone). */
export function chunkBySize(messages: Message[], maxBytes: number): Message[][] {
  const chunks: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = sizeOf(message);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
