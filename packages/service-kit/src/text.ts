// PostgreSQL text cannot hold NUL, and UTF-8 cannot encode half of a surrogate pair (drivers
// either fail on it or silently store U+FFFD). Both are malformed input, not internal errors,
// so every service refuses them before any resolver runs (see input-check.ts).

// Without the `u` flag a regular expression walks UTF-16 code units, which is what finds a
// high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored as text (a NUL character, a lone surrogate); undefined when it can. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate (not valid Unicode text)';
  return undefined;
}

export interface TextProblem {
  /** Dotted path from the argument or body field, list positions as numbers: `input.lines.0.sku`. */
  field: string;
  message: string;
}

/** The first string in a value (walking objects and arrays) that cannot be stored as text, with its path. */
export function findTextProblem(value: unknown, path: readonly (string | number)[] = []): TextProblem | undefined {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? { field: path.join('.'), message } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = findTextProblem(item, [...path, index]);
      if (problem) return problem;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // A key is stored too (JSON scalars, Mongo documents): a bad key is as bad as a bad value.
      const keyProblem = textProblem(key);
      if (keyProblem) return { field: [...path, key].join('.'), message: `has a key that ${keyProblem}` };
      const problem = findTextProblem(item, [...path, key]);
      if (problem) return problem;
    }
  }
  return undefined;
}
