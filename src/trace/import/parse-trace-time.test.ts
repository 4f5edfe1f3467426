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
});
