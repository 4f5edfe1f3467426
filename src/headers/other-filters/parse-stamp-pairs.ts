/**
 * Gateway stamps written as key=value lists: Proofpoint's `rule=notspam policy=default
 * score=0 ...` (space separated) and Mimecast's `Policy=Default Policy; Similar Internal
 * Domain=false; ...` (semicolon separated, keys with spaces). Loose words are kept with an
 * empty key.
 * @module
 */
import { MAX_HEADER_VALUE_CHARS } from '../../core/limits.js';
import type { StampPair } from '../types.js';

/** Most pairs kept from one stamp. */
const MAX_PAIRS = 200;

export function parseStampPairs(value: string): StampPair[] {
  const text = value.length > MAX_HEADER_VALUE_CHARS ? value.slice(0, MAX_HEADER_VALUE_CHARS) : value;
  const pieces = text.includes(';') ? text.split(';') : text.split(/\s+/);
  const pairs: StampPair[] = [];
  for (const piece of pieces) {
    const part = piece.trim();
    if (!part) continue;
    if (pairs.length >= MAX_PAIRS) break;
    const eq = part.indexOf('=');
    if (eq <= 0) pairs.push({ key: '', value: part });
    else pairs.push({ key: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
  }
  return pairs;
}
