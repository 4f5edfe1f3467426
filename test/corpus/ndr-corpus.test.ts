/**
 * The shared bounce corpus (../shared/corpus/bounces), scored as its README says. Skips with a
 * visible note when the corpus is absent (it is never copied into this repository).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBounce } from '../../src/ndr/analyze-bounce.js';
import { messagesOfBytes } from '../../src/io/input/read-inputs.js';
// @ts-expect-error plain JavaScript module shared with the benchmark
import { analyzeFile, CORPUS_DIR, corpusAvailable, loadExpectations, MICROSOFT_FAMILY, scoreMessage, summarize } from '../../bench/score-corpus.mjs';

const available = corpusAvailable() as boolean;
if (!available) console.warn(`NOTE: bounce corpus not found at ${CORPUS_DIR}; corpus tests are skipped`);

/** Accuracy bars of the issues (see README "Accuracy"). */
const BARS = { reason: 97, status: 99, recipient: 99, hardBounce: 98 };

interface Verdict { file: string; reason: boolean; status: boolean | null; recipient: boolean | null; expected: { reason: string }; reported: { reason: string; ruleId: string } | null }

describe.skipIf(!available)('bounce corpus', () => {
  const expectations = available ? loadExpectations() : [];
  const verdicts: Verdict[] = [];
  for (const expectation of expectations) {
    verdicts.push(...scoreMessage(expectation, analyzeFile(readFileSync(join(CORPUS_DIR, expectation.file)), analyzeBounce, messagesOfBytes)));
  }
  const summary = summarize(verdicts);

  it(`reason right for at least ${BARS.reason} % of entries`, () => {
    console.log(`corpus: reason ${summary.reason.percent.toFixed(1)} %, status ${summary.status.percent.toFixed(1)} %, recipient ${summary.recipient.percent.toFixed(1)} %, hard/soft ${summary.hardBounce.percent.toFixed(1)} %`);
    expect(summary.reason.percent).toBeGreaterThanOrEqual(BARS.reason);
  });

  it(`real statuses right for at least ${BARS.status} %`, () => {
    expect(summary.status.percent).toBeGreaterThanOrEqual(BARS.status);
  });

  it(`recipient addresses right for at least ${BARS.recipient} %`, () => {
    expect(summary.recipient.percent).toBeGreaterThanOrEqual(BARS.recipient);
  });

  it(`hard/soft right for at least ${BARS.hardBounce} %`, () => {
    expect(summary.hardBounce.percent).toBeGreaterThanOrEqual(BARS.hardBounce);
  });

  it('every Microsoft-family entry is right', () => {
    const wrong = verdicts.filter((v) => MICROSOFT_FAMILY.test('/' + v.file) && (!v.reason || v.status === false))
      .map((v) => `${v.file}: expected ${v.expected.reason}, got ${v.reported?.reason ?? 'nothing'} (${v.reported?.ruleId ?? '-'})`);
    expect(wrong).toEqual([]);
  });

  it('gives the same answers for CRLF (dos) and CR (mac) copies', () => {
    const differences: string[] = [];
    for (const variant of ['dos', 'mac']) {
      const dir = join(CORPUS_DIR, 'maildir', variant);
      for (const name of readdirSync(dir)) {
        const bsd = join(CORPUS_DIR, 'maildir', 'bsd', name);
        const copy = analyzeBounce(readFileSync(join(dir, name)));
        expect(copy.kind).toBeTruthy();
        if (!existsSync(bsd)) continue;
        const original = analyzeBounce(readFileSync(bsd));
        const key = (r: typeof copy): string => JSON.stringify([r.kind, r.bounces.map((b) => [b.recipient, b.status, b.reason])]);
        if (key(copy) !== key(original)) differences.push(`${variant}/${name}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('says "not a bounce" for every message of maildir/not', () => {
    const dir = join(CORPUS_DIR, 'maildir', 'not');
    for (const name of readdirSync(dir)) {
      const report = analyzeBounce(readFileSync(join(dir, name)));
      expect(report.kind, name).toBe('not-bounce');
      expect(report.notBounceReason, name).toBeTruthy();
    }
  });

  it('splits the mbox files into the documented number of messages', () => {
    const count = (name: string): number => [...messagesOfBytes(readFileSync(join(CORPUS_DIR, 'mailbox', name)), name)].length;
    expect(count('mbox-0')).toBe(37);
    expect(count('mbox-1')).toBe(1);
  });

  it('gives a clear note, not a crash, for empty and tiny files', () => {
    for (const name of ['size-0', 'size-1', 'size-2']) {
      const [message] = [...messagesOfBytes(readFileSync(join(CORPUS_DIR, 'mailbox', name)), name)];
      expect(message?.empty, name).toMatch(/empty|byte/);
    }
  });

  it('analyses messages without expectations and the err pieces without throwing', () => {
    const extra = ['err', 'bsd'].flatMap((d) => readdirSync(join(CORPUS_DIR, 'maildir', d)).map((n) => join(CORPUS_DIR, 'maildir', d, n)));
    for (const path of extra) expect(() => analyzeBounce(readFileSync(path))).not.toThrow();
  });
});
