/**
 * Finds the project's own NDR fixtures (test/fixtures/ndr/<family>/<name>.eml|.txt with a
 * <name>.expect.json beside each) and compares a report with the fields an expect file lists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_ROOT = join(import.meta.dirname, '..', 'fixtures', 'ndr');

export interface Fixture {
  family: string;
  name: string;
  path: string;
  expect: Record<string, unknown>;
}

export function listFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  if (!existsSync(FIXTURE_ROOT)) return fixtures;
  for (const family of readdirSync(FIXTURE_ROOT).sort()) {
    const dir = join(FIXTURE_ROOT, family);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (!/\.(?:eml|txt|msg)$/.test(name)) continue;
      const expectPath = join(dir, name.replace(/\.(?:eml|txt|msg)$/, '.expect.json'));
      if (!existsSync(expectPath)) continue;
      fixtures.push({ family, name, path: join(dir, name), expect: JSON.parse(readFileSync(expectPath, 'utf8')) });
    }
  }
  return fixtures;
}

/** Lists the differences between the expected fields and the actual values (empty when equal). */
export function compareListed(expected: unknown, actual: unknown, path = ''): string[] {
  if (expected === true && path.endsWith('notBounceReason')) return actual ? [] : [`${path}: expected a reason, got ${JSON.stringify(actual)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    const diffs: string[] = [];
    if (expected.length !== actual.length) diffs.push(`${path}: expected ${expected.length} entries, got ${actual.length}`);
    expected.forEach((e, i) => diffs.push(...compareListed(e, actual[i], `${path}[${i}]`)));
    return diffs;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) => compareListed(v, (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  const norm = (v: unknown): unknown => (typeof v === 'string' && /@/.test(v) ? v.toLowerCase() : v);
  return norm(expected) === norm(actual ?? null) ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
