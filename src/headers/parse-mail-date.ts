/**
 * Tolerant reading of the dates in Received and Date headers (RFC 5322 section 3.3, with the
 * obsolete forms of section 4.3). Real headers carry fractional seconds, zone names such as
 * CEST, `+05:30`, no zone at all, two-digit years, ISO 8601 and asctime() dates: each is read
 * and reported as an oddity instead of being refused. Returns null only when no instant can
 * be made out.
 * @module
 */
import zoneData from './kb/time-zones.json' with { type: 'json' };
import type { DateOddity, MailDate } from './types.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface ZoneEntry {
  name: string;
  offset: string;
  rfc5322: boolean;
}

const ZONES = new Map<string, ZoneEntry>((zoneData.zones as ZoneEntry[]).map((z) => [z.name.toUpperCase(), z]));

/** Longest date text examined; a date is about 40 characters, so this only cuts junk. */
const MAX_DATE_CHARS = 200;

const RFC_DATE = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2,4})[\s,]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?\s*(.*)$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(.*)$/;
const ASCTIME_DATE = /^([A-Za-z]{3,9})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(\d{4})\s*(.*)$/;

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

interface ZoneReading {
  offsetMinutes: number;
  zone: string | null;
  oddities: DateOddity[];
}

function readZone(rest: string): ZoneReading {
  const text = rest.replace(/\([^)]*\)?/g, ' ').trim();
  const numeric = /^([+-])(\d{2})(:?)(\d{2})\b/.exec(text);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[4]);
    const sign = numeric[1] === '-' ? -1 : 1;
    const oddities: DateOddity[] = numeric[3] ? ['colon-in-zone'] : [];
    if (hours > 23 || minutes > 59) return { offsetMinutes: 0, zone: numeric[0], oddities: [...oddities, 'unknown-zone'] };
    // `-0000` (RFC 5322 section 3.3: no information about the local zone) is UTC, not minus zero.
    return { offsetMinutes: sign * (hours * 60 + minutes) || 0, zone: numeric[0], oddities };
  }
  const named = /^([A-Za-z]{1,5})\b/.exec(text);
  if (named?.[1]) {
    const name = named[1].toUpperCase();
    const entry = ZONES.get(name);
    if (entry) {
      const sign = entry.offset.startsWith('-') ? -1 : 1;
      const offset = sign * (Number(entry.offset.slice(1, 3)) * 60 + Number(entry.offset.slice(3, 5)));
      // UT and GMT are plain RFC 5322 (obsolete) zones; every other name is worth a remark.
      return { offsetMinutes: offset, zone: named[1], oddities: name === 'UT' || name === 'GMT' ? [] : ['zone-name'] };
    }
    // RFC 5322 section 4.3: military zones "SHOULD all be considered equivalent to -0000".
    if (name.length === 1 && name !== 'J') return { offsetMinutes: 0, zone: named[1], oddities: ['military-zone'] };
    return { offsetMinutes: 0, zone: named[1], oddities: ['unknown-zone'] };
  }
  // A comment such as "(UTC)" after no zone at all still names one.
  const commented = /\(\s*([A-Za-z]{2,5})\s*\)/.exec(rest);
  const fromComment = commented?.[1] ? ZONES.get(commented[1].toUpperCase()) : undefined;
  if (commented?.[1] && fromComment) {
    const sign = fromComment.offset.startsWith('-') ? -1 : 1;
    return { offsetMinutes: sign * (Number(fromComment.offset.slice(1, 3)) * 60 + Number(fromComment.offset.slice(3, 5))), zone: commented[1], oddities: ['zone-name'] };
  }
  return { offsetMinutes: 0, zone: null, oddities: ['no-zone'] };
}

function fullYear(text: string, oddities: DateOddity[]): number {
  const year = Number(text);
  if (text.length === 4) return year;
  oddities.push('two-digit-year');
  // RFC 5322 section 4.3: two-digit years below 50 are 20xx, others 19xx; three digits add 1900.
  if (text.length === 3) return year + 1900;
  return year < 50 ? 2000 + year : 1900 + year;
}

function build(parts: { year: number; month: number; day: number; hour: number; minute: number; second: number; fraction: string | undefined }, zone: ZoneReading, oddities: DateOddity[]): MailDate | null {
  const { year, month, day, hour, minute, second, fraction } = parts;
  if (year < 1970 || year > 2999 || month < 0 || month > 11 || day < 1 || day > 31) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  if (fraction) oddities.push('fractional-seconds');
  const local = Date.UTC(year, month, day, hour, minute, Math.min(second, 59), ms);
  // Date.UTC rolls 31 February over into March; such a date is not a date.
  if (new Date(local).getUTCDate() !== day) return null;
  const epochMs = local - zone.offsetMinutes * 60_000;
  return { iso: new Date(epochMs).toISOString(), epochMs, zone: zone.zone, offsetMinutes: zone.offsetMinutes, oddities: [...oddities, ...zone.oddities] };
}

/** Reads one date; null when no date can be made out of the text. */
export function parseMailDate(input: string): MailDate | null {
  let text = input.slice(0, MAX_DATE_CHARS).replace(/\s+/g, ' ').trim();
  // The day of the week is optional and often wrong; it carries no information.
  text = text.replace(/^[A-Za-z]{3,9}\.?,\s*/, '');
  const oddities: DateOddity[] = [];
  let m = RFC_DATE.exec(text);
  if (m) {
    const month = monthIndex(m[2] ?? '');
    if (month < 0) return null;
    const year = fullYear(m[3] ?? '', oddities);
    return build({ year, month, day: Number(m[1]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0), fraction: m[7] }, readZone(m[8] ?? ''), oddities);
  }
  m = ISO_DATE.exec(text);
  if (m) {
    oddities.push('iso-format');
    const zoneText = (m[8] ?? '').replace(/^Z\b/i, '+0000');
    return build({ year: Number(m[1]), month: Number(m[2]) - 1, day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0), fraction: m[7] }, readZone(zoneText), oddities);
  }
  // asctime(): "Mar  3 10:00:00 2025" (after the weekday was removed).
  m = ASCTIME_DATE.exec(text.replace(/^[A-Za-z]{3}\s+(?=[A-Za-z]{3}\s)/, ''));
  if (m) {
    const month = monthIndex(m[1] ?? '');
    if (month < 0) return null;
    oddities.push('asctime-format');
    return build({ year: Number(m[6]), month, day: Number(m[2]), hour: Number(m[3]), minute: Number(m[4]), second: Number(m[5] ?? 0), fraction: undefined }, readZone(m[7] ?? ''), oddities);
  }
  return null;
}

const DATE_AT_END = /(?:\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{2,4}\s+\d{1,2}:\d{2}/gi;

/** The start of the last RFC 5322-like date in a text (for Received headers with no `;`), or -1. */
export function findTrailingDate(text: string): number {
  let last = -1;
  for (const m of text.matchAll(DATE_AT_END)) last = m.index ?? -1;
  return last;
}
