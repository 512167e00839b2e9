import { randomUUID } from 'node:crypto';

/** A short unique suffix so concurrent or repeated test runs never collide on unique data. */
export function unique(prefix = 't'): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
