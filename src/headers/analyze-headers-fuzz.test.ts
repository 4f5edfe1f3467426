/**
 * Robustness of the header analysis: truncated, shuffled, damaged and garbage header blocks
 * never make it throw or hang, and the report is always plain, complete data. The bound per
 * case is only a hang detector.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHeaderBlock } from '../mime/header-lines.js';
import { analyzeHeaders, analyzeMessageHeaders } from './analyze-headers.js';
import type { HeaderReport } from './types.js';
// @ts-expect-error plain JavaScript module shared with the fuzz benchmark
import { seededRandom } from '../../test/helpers/mutate-message.mjs';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'headers');
const HANG_BOUND_MS = 5_000;
const CASES = Number(process.env['FUZZ_CASES'] ?? 600);

const seeded = seededRandom as (seed: number) => () => number;

const PIECES = ['Received: ', 'from ', 'by ', 'with ', 'id ', 'for ', ';', '(', ')', '[', ']', '=', 'Authentication-Results: ', 'spf=', 'dkim=fail', 'ARC-Seal: i=', 'cv=', 'X-Forefront-Antispam-Report: ', 'SCL:', 'BCL:', 'X-Spam-Status: Yes, score=', 'DKIM-Signature: h=', ' +0000', ' 3 Mar 2025 10:00:00', '\n', '\n ', '\t', '"', '\\', '\u0000', '\u00ff', '192.0.2.1', '2001:db8::1', 'compauth=fail reason=', ':'];

const MUTATIONS: Record<string, (text: string, random: () => number) => string> = {
  truncate: (text, random) => text.slice(0, Math.floor(random() * text.length)),
  cutEveryLine: (text, random) => text.split('\n').map((l) => l.slice(0, Math.floor(random() * (l.length + 1)))).join('\n'),
  shuffleLines: (text, random) => text.split('\n').map((l) => [random(), l] as const).sort((a, b) => a[0] - b[0]).map(([, l]) => l).join('\n'),
  flipChars: (text, random) => {
    const chars = [...text];
    for (let i = 0; i < 1 + Math.floor(random() * 50); i++) chars[Math.floor(random() * chars.length)] = String.fromCharCode(Math.floor(random() * 256));
    return chars.join('');
  },
  splice: (text, random) => {
    let out = text;
    for (let i = 0; i < 20; i++) {
      const at = Math.floor(random() * (out.length + 1));
      out = out.slice(0, at) + (PIECES[Math.floor(random() * PIECES.length)] ?? '') + out.slice(at);
    }
    return out;
  },
  garbage: (_text, random) => Array.from({ length: Math.floor(random() * 4000) }, () => PIECES[Math.floor(random() * PIECES.length)]).join(''),
  hostileRepeats: (_text, random) => {
    const unit = PIECES[Math.floor(random() * PIECES.length)] ?? '(';
    return `Received: ${unit.repeat(20_000 + Math.floor(random() * 20_000))}\nAuthentication-Results: ${'('.repeat(30_000)}\nX-Spam-Status: ${'a='.repeat(30_000)}\n`;
  },
};
const NAMES = Object.keys(MUTATIONS);

function checkShape(report: HeaderReport): string[] {
  const problems: string[] = [];
  if (!Array.isArray(report.route.hops) || !Array.isArray(report.findings) || !Array.isArray(report.notes)) problems.push('missing arrays');
  if (report.readable && report.source === 'none') problems.push('readable report without a source');
  report.route.hops.forEach((h, i) => {
    if (h.hop !== i + 1) problems.push(`hop ${i} numbered ${h.hop}`);
    if (h.delaySeconds !== null && !Number.isFinite(h.delaySeconds)) problems.push(`hop ${h.hop} delay ${h.delaySeconds}`);
  });
  for (const f of [...report.findings, ...report.notes]) if (!f.code || !f.message) problems.push(`finding without code or message: ${JSON.stringify(f)}`);
  try {
    JSON.stringify(report);
  } catch (error) {
    problems.push(`not serialisable: ${(error as Error).message}`);
  }
  return problems;
}

describe('fuzzing the header analysis', () => {
  const sources = readdirSync(FIXTURES).filter((n) => /\.(?:eml|txt)$/.test(n)).map((n) => readFileSync(join(FIXTURES, n), 'latin1'));

  it(`survives ${CASES} damaged and garbage header blocks (${NAMES.length} kinds of damage)`, () => {
    const failures: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const random = seeded(n * 2654435761);
      const name = NAMES[n % NAMES.length] as string;
      const input = (MUTATIONS[name] as (t: string, r: () => number) => string)(sources[Math.floor(random() * sources.length)] ?? '', random);
      const started = performance.now();
      try {
        const viaMessage = analyzeMessageHeaders(Buffer.from(input, 'latin1'));
        const viaFields = analyzeHeaders(parseHeaderBlock(input.replace(/\r\n?/g, '\n').split('\n\n')[0] ?? ''));
        const problems = [...checkShape(viaMessage), ...checkShape(viaFields)];
        if (problems.length > 0) failures.push(`case ${n} (${name}): ${problems.join('; ')}`);
        if (viaMessage.notes.some((note) => note.code === 'analysis.header-error')) failures.push(`case ${n} (${name}): ${viaMessage.notes.map((x) => x.message).join('; ')}`);
      } catch (error) {
        failures.push(`case ${n} (${name}): threw ${(error as Error).message}`);
      }
      if (performance.now() - started > HANG_BOUND_MS) failures.push(`case ${n} (${name}): took over ${HANG_BOUND_MS} ms`);
    }
    expect(failures).toEqual([]);
  });

  it('returns an unreadable report for empty, binary and header-less input', () => {
    for (const input of ['', '\n\n\n', Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]), 'no headers at all, just words']) {
      const report = analyzeMessageHeaders(input);
      expect(report.readable).toBe(false);
      expect(checkShape(report)).toEqual([]);
    }
  });
});
