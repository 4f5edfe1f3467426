import { describe, expect, it } from 'vitest';
import { findTrailingDate, parseMailDate } from './parse-mail-date.js';

describe('parseMailDate', () => {
  it('reads the RFC 5322 form with and without the day of the week and a zone comment', () => {
    expect(parseMailDate('Tue, 4 Mar 2025 09:15:27 +0000')).toMatchObject({ iso: '2025-03-04T09:15:27.000Z', zone: '+0000', offsetMinutes: 0, oddities: [] });
    expect(parseMailDate('Fri, 07 Mar 2025 03:41:09 -0800 (PST)')?.iso).toBe('2025-03-07T11:41:09.000Z');
    expect(parseMailDate('4 Mar 2025 09:15 +0100')?.iso).toBe('2025-03-04T08:15:00.000Z');
    expect(parseMailDate('Tue,  4 Mar 2025 09:15:20 +0000 (UTC)')?.oddities).toEqual([]);
  });

  it('reads fractional seconds, zone names, colons in zones, no zone and two-digit years, naming each oddity', () => {
    expect(parseMailDate('Fri, 14 Mar 2025 11:00:00.250 +0100')).toMatchObject({ iso: '2025-03-14T10:00:00.250Z', oddities: ['fractional-seconds'] });
    expect(parseMailDate('Fri, 14 Mar 2025 11:00:05 CET')).toMatchObject({ iso: '2025-03-14T10:00:05.000Z', zone: 'CET', oddities: ['zone-name'] });
    expect(parseMailDate('Fri, 14 Mar 2025 11:00:05 EDT')?.offsetMinutes).toBe(-240);
    expect(parseMailDate('Fri, 14 Mar 2025 15:30:09 +05:30')).toMatchObject({ iso: '2025-03-14T10:00:09.000Z', oddities: ['colon-in-zone'] });
    expect(parseMailDate('Fri, 14 Mar 2025 10:00:07')).toMatchObject({ iso: '2025-03-14T10:00:07.000Z', zone: null, oddities: ['no-zone'] });
    expect(parseMailDate('14 Mar 25 09:55:09 GMT')).toMatchObject({ iso: '2025-03-14T09:55:09.000Z', oddities: ['two-digit-year'] });
    expect(parseMailDate('14 Mar 99 09:55:09 GMT')?.iso).toBe('1999-03-14T09:55:09.000Z');
    expect(parseMailDate('14 Mar 2025 09:55:09 Q')?.oddities).toEqual(['military-zone']);
    expect(parseMailDate('14 Mar 2025 09:55:09 XYZT')?.oddities).toEqual(['unknown-zone']);
    expect(parseMailDate('14 Mar 2025 09:55:09 (UTC)')).toMatchObject({ zone: 'UTC', oddities: ['zone-name'] });
  });

  it('reads ISO 8601 and asctime() dates', () => {
    expect(parseMailDate('2025-03-14T10:00:12Z')).toMatchObject({ iso: '2025-03-14T10:00:12.000Z', oddities: ['iso-format'] });
    expect(parseMailDate('2025-03-14 12:00:12 +0200')?.iso).toBe('2025-03-14T10:00:12.000Z');
    expect(parseMailDate('Fri Mar 14 10:00:12 2025')).toMatchObject({ iso: '2025-03-14T10:00:12.000Z', oddities: ['asctime-format', 'no-zone'] });
  });

  it('turns -0000 into UTC, not minus zero', () => {
    expect(Object.is(parseMailDate('15 Mar 2025 08:00:04 -0000')?.offsetMinutes, 0)).toBe(true);
  });

  it('returns null for text that is no date, impossible dates and junk', () => {
    for (const text of ['sometime yesterday', '', '31 Feb 2025 10:00:00 +0000', '3 Foo 2025 10:00:00 +0000', '3 Mar 2025 25:00:00 +0000', '\u0000\u0001', '9'.repeat(5000)]) {
      expect(parseMailDate(text)).toBeNull();
    }
  });

  it('finds a date at the end of a Received header that has no semicolon', () => {
    const text = 'from a.contoso.com by b.contoso.com with ESMTP id 3 Fri, 14 Mar 2025 10:00:07';
    expect(text.slice(findTrailingDate(text))).toBe('Fri, 14 Mar 2025 10:00:07');
    expect(findTrailingDate('from a by b with SMTP id 77')).toBe(-1);
  });
});
