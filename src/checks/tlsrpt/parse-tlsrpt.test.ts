import { describe, expect, it } from 'vitest';
import { isTlsRptRecord, parseTlsRpt } from './parse-tlsrpt.js';

describe('parseTlsRpt (RFC 8460 section 3)', () => {
  it('reads mailto and https destinations in one rua', () => {
    const parsed = parseTlsRpt('v=TLSRPTv1; rua=mailto:reports@example.com,https://reporting.example.com/v1/tlsrpt');
    expect(parsed).toMatchObject({ valid: true, problems: [] });
    expect(parsed.rua.map((d) => [d.scheme, d.valid])).toEqual([
      ['mailto', true],
      ['https', true],
    ]);
    expect(parseTlsRpt('v=TLSRPTv1;rua=mailto:a@example.com;').valid).toBe(true);
  });

  it('names every problem', () => {
    expect(parseTlsRpt('v=TLSRPTv1').problems).toEqual(['rua is missing']);
    expect(parseTlsRpt('v=TLSRPTv1; rua=ftp://example.com/x').problems).toEqual(['ftp://example.com/x is not a mailto: or https: URI']);
    expect(parseTlsRpt('v=TLSRPTv1; rua=mailto:nobody').problems).toEqual(['mailto:nobody is not a valid mailto destination']);
    expect(parseTlsRpt('v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com').problems).toEqual([
      'rua appears more than once (list every destination in one rua, separated by commas)',
    ]);
    expect(parseTlsRpt('v=TLSRPTv1; rua=mailto:%zz@example.com').valid).toBe(false);
  });

  it('only records starting with v=TLSRPTv1 count', () => {
    expect(isTlsRptRecord('v=TLSRPTv1; rua=mailto:a@example.com')).toBe(true);
    expect(isTlsRptRecord('v=tlsrptv1; rua=mailto:a@example.com')).toBe(false);
    expect(isTlsRptRecord('v=spf1 -all')).toBe(false);
  });
});
