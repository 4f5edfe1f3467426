/**
 * The response schemas must carry every field the library gives, unchanged: the API serialises
 * through them (a field missing from a schema would silently disappear from the answers).
 * Checked on the project's own bounce and header fixtures and, when present, on the shared
 * bounce corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeMessageHeaders } from '../../headers/analyze-headers.js';
import { analyzeBounce } from '../../ndr/analyze-bounce.js';
import { explainResultJson } from '../../report/explain-json.js';
import { listFixtures } from '../../../test/helpers/fixtures.js';
import { ExplainResultSchema } from './explain-schemas.js';
import { HeaderReportSchema } from './header-report-schema.js';

const CORPUS = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpus', 'bounces', 'maildir');
const HEADER_FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'headers');

/** The first place where two JSON values differ, keys in order included (the API must print what the CLI prints). */
function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    if (keysA.join() !== keysB.join()) return `${path}: keys ${keysA.join()} became ${keysB.join()}`;
    for (const key of keysA) {
      const inner = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (inner) return inner;
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 120)} became ${JSON.stringify(b)?.slice(0, 120)}`;
}

/** Null when the schema's output is the value itself (nothing dropped, changed or reordered); else the first difference. */
function roundTrips(schema: { safeEncode(value: never): { success: boolean; data?: unknown; error?: { message: string } } }, value: unknown): string | null {
  const json: unknown = JSON.parse(JSON.stringify(value));
  const result = schema.safeEncode(json as never);
  if (!result.success) return result.error?.message ?? 'invalid';
  return firstDifference(json, JSON.parse(JSON.stringify(result.data)));
}

describe('response schemas', () => {
  it('ExplainResult carries every field of every own fixture (with --headers)', () => {
    const fixtures = listFixtures();
    expect(fixtures.length).toBeGreaterThan(50);
    const failures = fixtures.flatMap((f) => {
      const problem = roundTrips(ExplainResultSchema, explainResultJson(f.name, analyzeBounce(readFileSync(f.path), { headers: true })));
      return problem ? [`${f.family}/${f.name}: ${problem}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it('a field the schema does not know is a difference (the check can fail)', () => {
    const [fixture] = listFixtures();
    const json = { ...explainResultJson(fixture!.name, analyzeBounce(readFileSync(fixture!.path))), extra: 1 };
    expect(roundTrips(ExplainResultSchema, json)).toMatch(/^\$: keys .*,extra became /);
  });

  it('HeaderReport carries every field of every header fixture', () => {
    const files = readdirSync(HEADER_FIXTURES).filter((n) => /\.(eml|txt)$/.test(n));
    expect(files.length).toBeGreaterThan(20);
    const failures = files.flatMap((name) => {
      const problem = roundTrips(HeaderReportSchema, analyzeMessageHeaders(readFileSync(join(HEADER_FIXTURES, name))));
      return problem ? [`${name}: ${problem}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it.skipIf(!existsSync(CORPUS))('ExplainResult carries every field of the shared corpus', () => {
    const files = ['bsd', 'not'].flatMap((d) => readdirSync(join(CORPUS, d)).map((n) => join(CORPUS, d, n)));
    const failures = files.flatMap((path) => {
      const problem = roundTrips(ExplainResultSchema, explainResultJson(path, analyzeBounce(readFileSync(path), { headers: true })));
      return problem ? [`${path}: ${problem}`] : [];
    });
    expect(failures).toEqual([]);
  });
});
