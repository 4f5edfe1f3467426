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

interface CompiledPattern {
  regex: RegExp;
  parts: Part[];
}

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

function compilePattern(pattern: string): CompiledPattern {
  let regex = '^';
  const parts: Part[] = [];
  let i = 0;
  outer: while (i < pattern.length) {
    for (const [token, part, re] of TOKENS) {
      if (pattern.startsWith(token, i)) {
        regex += re;
        parts.push(part);
        i += token.length;
        continue outer;
      }
    }
    const ch = pattern[i] ?? '';
    regex += ch === ' ' ? '\\s+' : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    i++;
  }
  for (const needed of ['year', 'month', 'day'] as const) {
    if (!parts.includes(needed)) throw new ToolkitError('usage', `--date-format ${pattern} has no ${needed} (use yyyy, M/MM, d/dd)`);
  }
  return { regex: new RegExp(regex + '$', 'i'), parts };
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
  if (ampm !== null) {
    if (hour < 1 || hour > 12) return null;
    if (ampm === 'am' && hour === 12) hour = 0;
    else if (ampm === 'pm' && hour !== 12) hour += 12;
  }
  return checkedUtc(year, month, day, hour, minute, second);
}

function checkedUtc(year: number, month: number, day: number, hour: number, minute: number, second: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31/2 over into March: reject instead of storing a wrong day.
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms;
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
  return (raw: string): number | null => {
    const text = raw.trim();
    if (text === '') return null;
    let ms: number | null = null;
    const iso = ISO.exec(text);
    if (iso) ms = parseIso(iso);
    else {
      const msDate = MS_DATE.exec(text);
      if (msDate) ms = Number(msDate[1]);
      else {
        const culture = compiled.regex.exec(text);
        if (culture) ms = fromParts(culture, compiled.parts);
      }
    }
    if (ms === null || !Number.isFinite(ms)) return null;
    return Math.floor(ms / 1000) * 1000;
  };
}
