import { describe, expect, it } from 'vitest';
import { createTraceTimeParser } from './parse-trace-time.js';

const T = Date.UTC(2026, 10, 9, 14, 19, 58);

describe('createTraceTimeParser', () => {
  const enUs = createTraceTimeParser();
  it('reads ISO 8601 (no zone = UTC, offsets, 7 fraction digits)', () => {
    expect(enUs('2026-11-09T14:19:58.1234567Z')).toBe(T);
    expect(enUs('2026-11-09T14:19:58')).toBe(T);
    expect(enUs('2026-11-09T15:19:58.6394416+01:00')).toBe(T);
  });
  it('reads /Date(ms)/ with or without escaped slashes and an offset suffix', () => {
    expect(enUs('/Date(1731161998000)/')).toBe(1731161998000);
    expect(enUs('\\/Date(1731161998000+0100)\\/')).toBe(1731161998000);
  });
  it('reads culture strings', () => {
    expect(enUs('11/9/2026 2:19:58 PM')).toBe(T);
    expect(enUs('11/9/2026 12:00:00 AM')).toBe(Date.UTC(2026, 10, 9, 0, 0, 0));
    expect(createTraceTimeParser({ culture: 'de-DE' })('09.11.2026 14:19:58')).toBe(T);
    expect(createTraceTimeParser({ culture: 'en-GB' })('09/11/2026 14:19:58')).toBe(T);
    expect(createTraceTimeParser({ dateFormat: 'd/M/yyyy H:mm:ss' })('9/11/2026 14:19:58')).toBe(T);
  });
  it('returns null for junk and impossible dates, throws for a bad option', () => {
    expect(enUs('13/9/2026 2:19:58 PM')).toBeNull();
    expect(enUs('2/31/2026 1:00:00 AM')).toBeNull();
    expect(enUs('yesterday')).toBeNull();
    expect(() => createTraceTimeParser({ culture: 'xx-XX' })).toThrow(/culture/);
    expect(() => createTraceTimeParser({ dateFormat: 'HH:mm' })).toThrow(/year/);
  });
  it('reads the forms the fast scanner leaves to the expressions the same way', () => {
    expect(enUs('2026-11-09t14:19:58z')).toBe(T);
    expect(enUs('2026-11-09 14:19:58 +00:00')).toBe(T);
    expect(enUs('2026-11-09T16:19:58,5+0200')).toBe(T);
    expect(enUs('2026-11-09T14:19')).toBe(T - 58_000);
    expect(enUs('11/9/2026  2:19:58 pm')).toBe(T);
    expect(enUs('11/9/2026 2:19:58 p.m.')).toBe(T);
    expect(enUs('11/9/2026\u00a02:19:58 PM')).toBe(T);
    expect(createTraceTimeParser({ dateFormat: 'yyyyMMdd HHmmss' })('20261109 141958')).toBe(T);
    expect(createTraceTimeParser({ dateFormat: "yyyy-MM-dd'T'HH:mm" })("2026-11-09'T'14:19")).toBe(T - 58_000);
  });
  it('checks the day of the month, leap years included, and keeps a leap second in its minute', () => {
    expect(enUs('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(enUs('2026-02-29T00:00:00Z')).toBeNull();
    expect(enUs('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    expect(enUs('2100-02-29T00:00:00Z')).toBeNull();
    expect(enUs('2026-04-31T00:00:00Z')).toBeNull();
    expect(enUs('12/31/2016 11:59:60 PM')).toBe(Date.UTC(2016, 11, 31, 23, 59, 59));
    expect(enUs('2/29/2026 1:00:00 AM')).toBeNull();
    expect(enUs('2026-11-09T24:00:00Z')).toBeNull();
  });
  it('gives the same answer when the same text comes again, and a new one for new text', () => {
    const parse = createTraceTimeParser();
    expect(parse('11/9/2026 2:19:58 PM')).toBe(T);
    expect(parse(' 11/9/2026 2:19:58 PM ')).toBe(T);
    expect(parse('junk')).toBeNull();
    expect(parse('junk')).toBeNull();
    expect(parse('11/9/2026 2:19:59 PM')).toBe(T + 1000);
  });
});
