import { monotonicFactory } from 'ulid';

// Monotonic: ids minted in the same millisecond still sort in creation order.
const ulid = monotonicFactory();

const ID_PATTERN = /^[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}$/;

/** A new opaque, time-ordered id with a type prefix, e.g. `cus_01JD3…` (DESIGN.md §2). */
export function newId(prefix: string): string {
  return `${prefix}_${ulid()}`;
}

/** True when `value` looks like an id minted by `newId(prefix)`. */
export function isId(prefix: string, value: string): boolean {
  return value.startsWith(`${prefix}_`) && ID_PATTERN.test(value);
}
