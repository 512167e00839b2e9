import assert from 'node:assert/strict';

/**
 * Asserts that a measured cost (SQL statements, round trips) stays within its budget: fewer is
 * an improvement the test lets through, more is the regression it exists to catch. `detail`
 * (the statements themselves, say) is shown when it fails.
 */
export function assertWithinBudget(actual: number, budget: number, what: string, detail: readonly string[] = []): void {
  assert.ok(actual <= budget, [`${what}: ${actual}, over its budget of ${budget}`, ...detail].join('\n'));
}
