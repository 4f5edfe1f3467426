/**
 * Robustness: mutated corpus messages and hostile inputs never make analyzeBounce throw or
 * hang, and every result has the output shape. `npm run bench:fuzz` runs 100,000 cases; this
 * suite runs a sample. The per-case bound here is only a hang detector (timings are measured by
 * the benchmark, never asserted by tests).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBounce } from '../../src/ndr/analyze-bounce.js';
import { classificationKnowledge } from '../../src/ndr/kb/index.js';
import { matchRule, normalizeForMatch } from '../../src/ndr/classify/match-rule.js';
import { checkReportShape } from '../helpers/check-report-shape.js';
// @ts-expect-error plain JavaScript module shared with the benchmark
import { fuzzCase, MUTATION_NAMES } from '../helpers/mutate-message.mjs';
// @ts-expect-error plain JavaScript module shared with the benchmark
import { CORPUS_DIR, corpusAvailable } from '../../bench/score-corpus.mjs';
import { FIXTURE_ROOT } from '../helpers/fixtures.js';

const HANG_BOUND_MS = 5_000;
const CASES = Number(process.env.FUZZ_CASES ?? 1_500);

function sources(): Buffer[] {
  const dirs = [join(FIXTURE_ROOT, 'exchange'), join(FIXTURE_ROOT, 'not-bounce')];
  if (corpusAvailable()) dirs.push(join(CORPUS_DIR, 'maildir', 'bsd'));
  return dirs.flatMap((d) => readdirSync(d).filter((n) => /\.(eml|txt)$/.test(n)).map((n) => readFileSync(join(d, n))));
}

describe('fuzzing analyzeBounce', () => {
  const messages = sources();

  it(`survives ${CASES} mutated messages (${MUTATION_NAMES.length} kinds of damage) with well-formed results`, () => {
    const failures: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const { name, input } = fuzzCase(messages, n) as { name: string; input: Buffer };
      const started = performance.now();
      try {
        const problems = checkReportShape(analyzeBounce(input));
        if (problems.length) failures.push(`case ${n} (${name}): ${problems.join('; ')}`);
      } catch (error) {
        failures.push(`case ${n} (${name}): threw ${(error as Error).message}`);
      }
      if (performance.now() - started > HANG_BOUND_MS) failures.push(`case ${n} (${name}): took over ${HANG_BOUND_MS} ms`);
    }
    expect(failures).toEqual([]);
  });

  it('analyses a 10 MB message and returns partial results past the limits', () => {
    const line = '550 5.1.1 <user@example.com>: Recipient address rejected: User unknown\n';
    const body = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    const report = analyzeBounce(`From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail\n\n${body}`);
    expect(checkReportShape(report)).toEqual([]);
    expect(report.kind).toBe('bounce');
  });

  it('keeps a note when the message is larger than the limit', () => {
    const report = analyzeBounce(Buffer.alloc(2_000, 'a'), { maxBytes: 1_000 });
    expect(report.notes.map((n) => n.code)).toContain('input.truncated');
  });
});

describe('regular expressions of the knowledge data', () => {
  const pathological = ['a', ' ', '.', '@', '<', '[', '5', '-', '=', 'a@', '. '].map((c) => c.repeat(Math.ceil(100_000 / c.length)));
  pathological.push('550 '.repeat(25_000), '<a@b.c> '.repeat(12_500), 'x'.repeat(50_000) + '@' + 'y.'.repeat(25_000));

  it('every phrase and provider rule finishes quickly on 100 KB pathological strings', () => {
    const kb = classificationKnowledge();
    const rules = [...kb.phrases, ...kb.providers.flatMap((p) => p.rules)];
    const slow: string[] = [];
    for (const text of pathological) {
      const subject = { text: normalizeForMatch(text), status: '5.7.1', replyCode: '550' };
      for (const rule of rules) {
        const started = performance.now();
        matchRule(rule, subject);
        if (performance.now() - started > 100) slow.push(`${rule.id} on ${JSON.stringify(text.slice(0, 12))}...`);
      }
    }
    expect(slow).toEqual([]);
  });

  it('the whole analysis of pathological text finishes without hanging', () => {
    const html = ['<!--', '<style>', '<br', '<', '>'].map((c) => c.repeat(Math.ceil(100_000 / c.length)));
    for (const text of html) {
      const started = performance.now();
      const report = analyzeBounce(`From: postmaster@example.net\nSubject: Undeliverable: x\nContent-Type: text/html\n\n${text}\n`);
      expect(checkReportShape(report)).toEqual([]);
      expect(performance.now() - started).toBeLessThan(HANG_BOUND_MS);
    }
    for (const text of pathological) {
      const started = performance.now();
      const report = analyzeBounce(`From: postmaster@example.net\nSubject: Undeliverable: x\n\n${text}\n`);
      expect(checkReportShape(report)).toEqual([]);
      expect(performance.now() - started).toBeLessThan(HANG_BOUND_MS);
    }
  });
});
