// Scores bounce analyses against the shared corpus the way its README describes: per message,
// reported and expected entries are paired by recipient address, then by position; figures are
// the shares of entries with the right reason (or one of alsoAccepted), real status, reply code,
// hard/soft and recipient, and the share of messages fully right. Used by the corpus test and by
// `npm run bench:corpus`, so both report the same numbers.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = process.env.MAILDOCTOR_CORPUS
  ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'corpus', 'bounces');

export function corpusAvailable() {
  return existsSync(join(CORPUS_DIR, 'expectations.jsonl'));
}

export function loadExpectations() {
  return readFileSync(join(CORPUS_DIR, 'expectations.jsonl'), 'utf8')
    .split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

const lower = (s) => (s ?? '').toLowerCase();

/** Pairs expected entries with reported ones: by recipient address first, then by position. */
export function pairEntries(expected, reported) {
  const used = new Set();
  const pairs = expected.map((e) => {
    if (e.recipient) {
      const i = reported.findIndex((r, k) => !used.has(k) && lower(r.recipient) === lower(e.recipient));
      if (i >= 0) {
        used.add(i);
        return [e, reported[i]];
      }
    }
    return [e, null];
  });
  pairs.forEach((pair, index) => {
    if (pair[1]) return;
    let k = index < reported.length && !used.has(index) ? index : reported.findIndex((_, j) => !used.has(j));
    if (k >= 0) {
      used.add(k);
      pair[1] = reported[k];
    }
  });
  return pairs;
}

/** Scores one message; returns per-entry verdicts. */
export function scoreMessage(expectation, report) {
  const reported = report?.bounces ?? [];
  return pairEntries(expectation.expect, reported).map(([e, r]) => {
    const reasons = [e.reason, ...(e.alsoAccepted ?? [])];
    return {
      file: expectation.file,
      expected: e,
      reported: r,
      reason: Boolean(r) && reasons.includes(r.reason),
      status: e.statusIsPseudo ? null : Boolean(r) && (r.status ?? null) === (e.status ?? null),
      replyCode: e.replyCode === undefined ? null : Boolean(r) && (r.replyCode ?? null) === (e.replyCode ?? null),
      hardBounce: Boolean(r) && r.hardBounce === e.hardBounce,
      recipient: e.recipient ? Boolean(r) && lower(r.recipient) === lower(e.recipient) : null,
    };
  });
}

export function summarize(verdicts) {
  const share = (key) => {
    const scored = verdicts.filter((v) => v[key] !== null);
    const right = scored.filter((v) => v[key]).length;
    return { right, total: scored.length, percent: scored.length ? (100 * right) / scored.length : 100 };
  };
  const byFile = new Map();
  for (const v of verdicts) byFile.set(v.file, [...(byFile.get(v.file) ?? []), v]);
  const fully = [...byFile.values()].filter((vs) => vs.every((v) => v.reason && v.status !== false)).length;
  return {
    entries: verdicts.length,
    reason: share('reason'), status: share('status'), replyCode: share('replyCode'),
    hardBounce: share('hardBounce'), recipient: share('recipient'),
    messages: { right: fully, total: byFile.size, percent: byFile.size ? (100 * fully) / byFile.size : 100 },
  };
}

/**
 * Analyses a corpus file the way `maildoctor explain` reads it: a file that is an mbox of several
 * messages gives the bounces of all of them.
 */
export function analyzeFile(bytes, analyzeBounce, messagesOfBytes) {
  const reports = [...messagesOfBytes(bytes, 'file')].filter((m) => !m.empty).map((m) => analyzeBounce(m.bytes));
  if (reports.length <= 1) return reports[0] ?? { bounces: [] };
  return { ...reports[0], bounces: reports.flatMap((r) => r.bounces) };
}

/** Files of the Microsoft family, whose every entry must be right. */
export const MICROSOFT_FAMILY = /\/(?:lhost-(?:office365|exchange2003|exchange2007|outlook)|rhost-microsoft)-/;
