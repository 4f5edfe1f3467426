/**
 * Authentication-Results (RFC 8601 section 2.2): the authserv-id (which host wrote it), an
 * optional version, then `; method=result (comment) reason="..." ptype.property=value` for
 * each check. Also reads what real receivers write outside the grammar: Microsoft 365's field
 * without an authserv-id and with `action=` and `compauth=... reason=nnn`, Yahoo's
 * `dmarc=fail(p=REJECT)` without a space, quoted values, and cut-off lines.
 * @module
 */
import { MAX_HEADER_VALUE_CHARS } from '../core/limits.js';
import type { AuthMethodResult } from './types.js';

export interface ResultItem {
  /** Key of a `key=value` pair, or null for a loose word. */
  key: string | null;
  value: string;
  /** Comments that follow the item. */
  comments: string[];
}

/** Most results read from one field; real fields have a handful. */
const MAX_RESULTS = 64;

function readQuoted(text: string, start: number): [string, number] {
  let i = start + 1;
  let out = '';
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    out += text[i];
    i++;
  }
  return [out, i + 1];
}

function readComment(text: string, start: number): [string, number] {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) break;
  }
  return [text.slice(start + 1, Math.min(i, text.length)).trim(), i + 1];
}

const STOP = /[\s=;()"]/;

/**
 * Splits a value into `;`-separated segments of `key=value` pairs, loose words and comments;
 * `;` inside comments and quoted strings does not split.
 */
export function parseResultSegments(input: string): ResultItem[][] {
  const text = input.length > MAX_HEADER_VALUE_CHARS ? input.slice(0, MAX_HEADER_VALUE_CHARS) : input;
  const segments: ResultItem[][] = [[]];
  let segment = segments[0] as ResultItem[];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === ';') {
      segment = [];
      segments.push(segment);
      i++;
    } else if (c === '(') {
      const [comment, next] = readComment(text, i);
      const last = segment[segment.length - 1];
      if (last) last.comments.push(comment);
      else segment.push({ key: null, value: '', comments: [comment] });
      i = next;
    } else if (c === '=' || c === ')') {
      i++;
    } else {
      let word: string;
      if (c === '"') [word, i] = readQuoted(text, i);
      else {
        const start = i;
        while (i < text.length && !STOP.test(text[i] as string)) i++;
        word = text.slice(start, i);
      }
      let j = i;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '=') {
        j++;
        while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
        let value = '';
        if (text[j] === '"') [value, j] = readQuoted(text, j);
        else {
          const start = j;
          while (j < text.length && !STOP.test(text[j] as string)) j++;
          value = text.slice(start, j);
        }
        segment.push({ key: word, value, comments: [] });
        i = j;
      } else {
        segment.push({ key: null, value: word, comments: [] });
      }
    }
  }
  return segments.filter((s) => s.length > 0);
}

function toMethodResult(items: readonly ResultItem[]): AuthMethodResult | null {
  const first = items[0];
  if (!first || first.key === null) return null;
  const result: AuthMethodResult = {
    method: first.key.toLowerCase().replace(/\/\d+$/, ''),
    result: first.value.toLowerCase(),
    reason: null,
    comment: null,
    properties: {},
  };
  const comments: string[] = [...first.comments];
  for (const item of items.slice(1)) {
    comments.push(...item.comments);
    if (item.key === null) continue;
    const key = item.key.toLowerCase();
    if (key === 'reason') result.reason = item.value;
    else if (!(key in result.properties)) result.properties[key] = item.value;
  }
  const comment = comments.filter(Boolean).join('; ');
  if (comment) result.comment = comment;
  return result;
}

export interface ParsedAuthenticationResults {
  authservId: string | null;
  version: string | null;
  noResult: boolean;
  results: AuthMethodResult[];
}

/** Parses an Authentication-Results value (or the part of an ARC-Authentication-Results after `i=n;`). */
export function parseAuthenticationResults(value: string): ParsedAuthenticationResults {
  const segments = parseResultSegments(value);
  const out: ParsedAuthenticationResults = { authservId: null, version: null, noResult: false, results: [] };
  let rest = segments;
  const head = segments[0];
  // RFC 8601: the first segment is "authserv-id [version]"; Microsoft 365 omits it and starts with a result.
  if (head && head.every((item) => item.key === null)) {
    const words = head.map((item) => item.value).filter(Boolean);
    out.authservId = words[0]?.toLowerCase() ?? null;
    if (words[1] && /^\d+$/.test(words[1])) out.version = words[1];
    rest = segments.slice(1);
  }
  for (const segment of rest) {
    if (out.results.length >= MAX_RESULTS) break;
    if (segment.length === 1 && segment[0]?.key === null && segment[0].value.toLowerCase() === 'none') {
      out.noResult = true;
      continue;
    }
    const result = toMethodResult(segment);
    if (result) out.results.push(result);
  }
  return out;
}
