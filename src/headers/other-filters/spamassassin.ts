/**
 * SpamAssassin's X-Spam-Status (`Yes, score=7.3 required=5.0 tests=A,B autolearn=no
 * version=4.0.0`; older versions write `hits=`), and the same layout in Barracuda's
 * X-Barracuda-Spam-Status (`SCORE=`, `TAG_LEVEL=`, `KILL_LEVEL=`).
 * @module
 */
import { MAX_HEADER_VALUE_CHARS } from '../../core/limits.js';
import type { StampPair } from '../types.js';

export interface SpamAssassinStatus {
  verdict: 'spam' | 'not-spam' | null;
  score: number | null;
  required: number | null;
  tests: string[];
  pairs: StampPair[];
}

/** Most tests kept; real lists have a few dozen. */
const MAX_TESTS = 500;

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined) return null;
  const m = /^[-+]?\d+(?:\.\d+)?/.exec(text);
  return m ? Number(m[0]) : null;
}

export function parseSpamAssassinStatus(value: string): SpamAssassinStatus {
  const text = value.length > MAX_HEADER_VALUE_CHARS ? value.slice(0, MAX_HEADER_VALUE_CHARS) : value;
  const word = /^\s*(yes|no)\b/i.exec(text)?.[1]?.toLowerCase();
  const verdict = word === 'yes' ? 'spam' : word === 'no' ? 'not-spam' : null;
  const keys = [...text.matchAll(/(?:^|[\s,])([A-Za-z_][A-Za-z0-9_]{0,40})=/g)];
  const pairs: StampPair[] = [];
  const byKey = new Map<string, string>();
  keys.forEach((m, i) => {
    const key = m[1] ?? '';
    const start = (m.index ?? 0) + m[0].length;
    const end = keys[i + 1]?.index ?? text.length;
    let raw = text.slice(start, end).trim();
    // Only the test list runs over spaces (it is folded); other values are one token.
    if (key.toLowerCase() !== 'tests') raw = raw.split(/\s+/)[0] ?? '';
    raw = raw.replace(/,$/, '');
    pairs.push({ key, value: raw });
    if (!byKey.has(key.toLowerCase())) byKey.set(key.toLowerCase(), raw);
  });
  const testList = byKey.get('tests') ?? '';
  const tests = testList.toLowerCase() === 'none' ? [] : testList.split(/[,\s]+/).filter(Boolean).slice(0, MAX_TESTS);
  return {
    verdict,
    score: numberOrNull(byKey.get('score') ?? byKey.get('hits')),
    required: numberOrNull(byKey.get('required') ?? byKey.get('tag_level')),
    tests,
    pairs,
  };
}
