/**
 * Time stamps as message-trace exports write them, always read as UTC:
 * - ISO 8601 (`2026-11-09T14:19:58.1234567Z`, PowerShell 7's `...-07:00`); no zone = UTC, as
 *   Get-MessageTrace(V2) and the EAC report in UTC;
 * - `/Date(1731161998000)/` from Windows PowerShell 5.1's ConvertTo-Json (ms since 1970 UTC;
 *   an optional `+hhmm` suffix only names the writer's zone);
 * - culture strings from Export-Csv (`11/9/2026 2:19:58 PM` en-US, `09.11.2026 14:19:58` de-DE),
 *   which are the UTC value printed without a zone (exchange-online-cmdlets.md, "DateTime in CSV").
 * Results are cut to whole seconds: exports differ in sub-second precision, and the store keys
 * events by time.
 * Speed (`trace import` reads a million of these in well under a second): ISO 8601 and the
 * culture pattern are first read by a scanner that allocates nothing; only text the scanner
 * does not take goes to the regular expressions, which stay the definition. The scanner takes
 * the greedy reading the expression would try first, so where both match they agree.
 * @module
 */
import { ToolkitError } from '../../core/errors.js';

export interface TraceTimeOptions {
  /** .NET culture name for day/month order, e.g. `en-US` (default), `en-GB`, `de-DE`. */
  culture?: string | undefined;
  /** Explicit .NET-style pattern, e.g. `d/M/yyyy H:mm:ss` (wins over `culture`). */
  dateFormat?: string | undefined;
}

export type TraceTimeParser = (text: string) => number | null;

/** Short date + long time patterns of the cultures admins export from (PowerShell `ToString()`). */
const CULTURE_PATTERNS: Readonly<Record<string, string>> = {
  'en-us': 'M/d/yyyy h:mm:ss tt',
  'en-gb': 'dd/MM/yyyy HH:mm:ss',
  'en-au': 'd/MM/yyyy h:mm:ss tt',
  'en-ca': 'yyyy-MM-dd h:mm:ss tt',
  'en-in': 'dd-MM-yyyy HH:mm:ss',
  'de-de': 'dd.MM.yyyy HH:mm:ss',
  'de-ch': 'dd.MM.yyyy HH:mm:ss',
  'fr-fr': 'dd/MM/yyyy HH:mm:ss',
  'es-es': 'dd/MM/yyyy H:mm:ss',
  'it-it': 'dd/MM/yyyy HH:mm:ss',
  'nl-nl': 'd-M-yyyy HH:mm:ss',
  'pt-br': 'dd/MM/yyyy HH:mm:ss',
  'pl-pl': 'dd.MM.yyyy HH:mm:ss',
  'sv-se': 'yyyy-MM-dd HH:mm:ss',
  'ja-jp': 'yyyy/MM/dd H:mm:ss',
  'zh-cn': 'yyyy/M/d H:mm:ss',
  'invariant': 'MM/dd/yyyy HH:mm:ss',
};

export const KNOWN_CULTURES: readonly string[] = Object.keys(CULTURE_PATTERNS);

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const MS_DATE = /^\\?\/Date\((-?\d+)([+-]\d{4})?\)\\?\/$/;

type Part = 'year' | 'month' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'fraction' | 'ampm';

/** One step of the allocation-free scanner: digits into a part, a literal, spaces, AM/PM. */
type ScanStep =
  | { kind: 'digits'; part: Part; min: number; max: number }
  | { kind: 'literal'; code: number }
  | { kind: 'spaces' }
  | { kind: 'ampm' };

interface CompiledPattern {
  regex: RegExp;
  parts: Part[];
  steps: ScanStep[];
}

/** The scanner did not take the text (the regular expression decides). */
const NO_SCAN = Number.NEGATIVE_INFINITY;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const SPACE = 32;
const TAB = 9;

const TOKENS: ReadonlyArray<[string, Part, string]> = [
  ['yyyy', 'year', '(\\d{4})'],
  ['MM', 'month', '(\\d{1,2})'],
  ['M', 'month', '(\\d{1,2})'],
  ['dd', 'day', '(\\d{1,2})'],
  ['d', 'day', '(\\d{1,2})'],
  ['HH', 'hour', '(\\d{1,2})'],
  ['H', 'hour', '(\\d{1,2})'],
  ['hh', 'hour12', '(\\d{1,2})'],
  ['h', 'hour12', '(\\d{1,2})'],
  ['mm', 'minute', '(\\d{2})'],
  ['ss', 'second', '(\\d{2})'],
  ['fffffff', 'fraction', '(\\d+)'],
  ['fff', 'fraction', '(\\d+)'],
  ['tt', 'ampm', '(AM|PM|am|pm|a\\.m\\.|p\\.m\\.)'],
];

/** The scanner step for a token's expression (`\\d{4}`, `\\d{1,2}`, `\\d{2}`, `\\d+`, AM/PM). */
function stepFor(part: Part, re: string): ScanStep {
  if (part === 'ampm') return { kind: 'ampm' };
  if (re === '(\\d{4})') return { kind: 'digits', part, min: 4, max: 4 };
  if (re === '(\\d{2})') return { kind: 'digits', part, min: 2, max: 2 };
  if (re === '(\\d+)') return { kind: 'digits', part, min: 1, max: Infinity };
  return { kind: 'digits', part, min: 1, max: 2 };
}

function compilePattern(pattern: string): CompiledPattern {
  let regex = '^';
  const parts: Part[] = [];
  const steps: ScanStep[] = [];
  let i = 0;
  outer: while (i < pattern.length) {
    for (const [token, part, re] of TOKENS) {
      if (pattern.startsWith(token, i)) {
        regex += re;
        parts.push(part);
        steps.push(stepFor(part, re));
        i += token.length;
        continue outer;
      }
    }
    const ch = pattern[i] ?? '';
    regex += ch === ' ' ? '\\s+' : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    steps.push(ch === ' ' ? { kind: 'spaces' } : { kind: 'literal', code: ch.charCodeAt(0) });
    i++;
  }
  for (const needed of ['year', 'month', 'day'] as const) {
    if (!parts.includes(needed)) throw new ToolkitError('usage', `--date-format ${pattern} has no ${needed} (use yyyy, M/MM, d/dd)`);
  }
  return { regex: new RegExp(regex + '$', 'i'), parts, steps };
}

function fromParts(match: RegExpExecArray, parts: Part[]): number | null {
  let year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  let ampm: string | null = null;
  parts.forEach((part, index) => {
    const value = match[index + 1] ?? '';
    const n = Number(value);
    if (part === 'year') year = n;
    else if (part === 'month') month = n;
    else if (part === 'day') day = n;
    else if (part === 'hour' || part === 'hour12') hour = n;
    else if (part === 'minute') minute = n;
    else if (part === 'second') second = n;
    else if (part === 'ampm') ampm = value.toLowerCase().replace(/\./g, '');
  });
  return fromValues(year, month, day, hour, minute, second, ampm === null ? 0 : ampm === 'am' ? 1 : 2);
}

/** `ampm`: 0 none, 1 AM, 2 PM. */
function fromValues(year: number, month: number, day: number, hour: number, minute: number, second: number, ampm: number): number | null {
  if (ampm !== 0) {
    if (hour < 1 || hour > 12) return null;
    if (ampm === 1 && hour === 12) hour = 0;
    else if (ampm === 2 && hour !== 12) hour += 12;
  }
  return checkedUtc(year, month, day, hour, minute, second);
}

/** Reads `text` with the pattern's steps; NO_SCAN when it does not fit them. */
function scanPattern(text: string, steps: readonly ScanStep[]): number | null {
  let year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ampm = 0;
  const length = text.length;
  let pos = 0;
  for (const step of steps) {
    if (step.kind === 'digits') {
      let n = 0;
      let count = 0;
      while (count < step.max && pos < length) {
        const c = text.charCodeAt(pos);
        if (c < DIGIT_0 || c > DIGIT_9) break;
        n = n * 10 + (c - DIGIT_0);
        pos++;
        count++;
      }
      if (count < step.min) return NO_SCAN;
      const part = step.part;
      if (part === 'year') year = n;
      else if (part === 'month') month = n;
      else if (part === 'day') day = n;
      else if (part === 'hour' || part === 'hour12') hour = n;
      else if (part === 'minute') minute = n;
      else if (part === 'second') second = n;
    } else if (step.kind === 'literal') {
      if (text.charCodeAt(pos) !== step.code) return NO_SCAN;
      pos++;
    } else if (step.kind === 'spaces') {
      const from = pos;
      while (pos < length && (text.charCodeAt(pos) === SPACE || text.charCodeAt(pos) === TAB)) pos++;
      if (pos === from) return NO_SCAN;
    } else {
      const a = text.charCodeAt(pos) | 0x20;
      if ((a !== 0x61 && a !== 0x70) || (text.charCodeAt(pos + 1) | 0x20) !== 0x6d) return NO_SCAN;
      ampm = a === 0x61 ? 1 : 2;
      pos += 2;
    }
  }
  if (pos !== length) return NO_SCAN;
  return fromValues(year, month, day, hour, minute, second, ampm);
}

/** Two digits at `pos`, or -1. */
function twoDigits(text: string, pos: number): number {
  const a = text.charCodeAt(pos) - DIGIT_0;
  const b = text.charCodeAt(pos + 1) - DIGIT_0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The ISO expression's common shapes without it: `yyyy-MM-ddTHH:mm[:ss[.f…]][Z|±hh[:]mm]`
 * (upper-case T and Z, no space before the zone); NO_SCAN for anything else.
 */
function scanIso(text: string): number | null {
  const length = text.length;
  if (length < 16 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58) return NO_SCAN;
  const sep = text.charCodeAt(10);
  if (sep !== 84 && sep !== SPACE) return NO_SCAN;
  const century = twoDigits(text, 0);
  const years = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  if (century < 0 || years < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return NO_SCAN;
  let pos = 16;
  let second = 0;
  if (text.charCodeAt(pos) === 58) {
    second = twoDigits(text, pos + 1);
    if (second < 0) return NO_SCAN;
    pos += 3;
    const mark = text.charCodeAt(pos);
    if (mark === 46 || mark === 44) {
      const from = ++pos;
      while (pos < length && text.charCodeAt(pos) >= DIGIT_0 && text.charCodeAt(pos) <= DIGIT_9) pos++;
      if (pos === from) return NO_SCAN;
    }
  }
  let offset = 0;
  if (pos < length) {
    const zone = text.charCodeAt(pos);
    if (zone === 90 && pos + 1 === length) pos++;
    else if (zone === 43 || zone === 45) {
      const hours = twoDigits(text, pos + 1);
      const colon = text.charCodeAt(pos + 3) === 58 ? 1 : 0;
      const minutes = twoDigits(text, pos + 3 + colon);
      if (hours < 0 || minutes < 0) return NO_SCAN;
      offset = (zone === 45 ? -1 : 1) * (hours * 60 + minutes) * 60_000;
      pos += 5 + colon;
    }
  }
  if (pos !== length) return NO_SCAN;
  const base = checkedUtc(century * 100 + years, month, day, hour, minute, second);
  return base === null ? null : base - offset;
}

function checkedUtc(year: number, month: number, day: number, hour: number, minute: number, second: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  // Date.UTC rolls 31/2 over into March: reject instead of storing a wrong day. (Date.UTC reads
  // years 0-99 as 1900-1999, and so does the leap-year test here.)
  const fullYear = year >= 0 && year <= 99 ? 1900 + year : year;
  const leap = fullYear % 4 === 0 && (fullYear % 100 !== 0 || fullYear % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
}

function parseIso(match: RegExpExecArray): number | null {
  const [, y, mo, d, h, mi, s, zone] = match;
  const base = checkedUtc(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (base === null) return null;
  if (!zone || zone.toUpperCase() === 'Z') return base;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  return base - sign * offset;
}

/**
 * Builds the time parser for one import. Throws (usage error) only for an unknown culture or a
 * pattern without year, month and day; untrusted text never throws, it returns null.
 */
export function createTraceTimeParser(options: TraceTimeOptions = {}): TraceTimeParser {
  let pattern: string;
  if (options.dateFormat) pattern = options.dateFormat;
  else {
    const culture = (options.culture ?? 'en-US').toLowerCase();
    const known = CULTURE_PATTERNS[culture];
    if (!known) throw new ToolkitError('usage', `--culture ${options.culture ?? ''} is not known (known: ${KNOWN_CULTURES.join(', ')}); or give --date-format`);
    pattern = known;
  }
  const compiled = compilePattern(pattern);
  // The rows of one message (one per recipient) carry the same time: the last answer is kept.
  let lastText = '';
  let lastResult: number | null = null;
  return (raw: string): number | null => {
    const text = raw.trim();
    if (text === '') return null;
    if (text === lastText) return lastResult;
    let ms: number | null = scanIso(text);
    if (ms === NO_SCAN) {
      ms = null;
      // Each expression needs its first characters (`yyyy-`, `/` or `\`): tried only then.
      const iso = text.charCodeAt(4) === 45 ? ISO.exec(text) : null;
      const first = text.charCodeAt(0);
      if (iso) ms = parseIso(iso);
      else {
        const msDate = first === 47 || first === 92 ? MS_DATE.exec(text) : null;
        if (msDate) ms = Number(msDate[1]);
        else {
          ms = scanPattern(text, compiled.steps);
          if (ms === NO_SCAN) {
            ms = null;
            const culture = compiled.regex.exec(text);
            if (culture) ms = fromParts(culture, compiled.parts);
          }
        }
      }
    }
    const result = ms === null || !Number.isFinite(ms) ? null : Math.floor(ms / 1000) * 1000;
    lastText = text;
    lastResult = result;
    return result;
  };
}
