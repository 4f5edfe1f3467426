import { describe, expect, it } from 'vitest';
import { isMxPattern, matchesMxPattern, parseMtaStsPolicy } from './parse-mtasts-policy.js';
import { isMtaStsRecord, parseMtaStsRecord } from './parse-mtasts-record.js';

describe('parseMtaStsRecord (RFC 8461 section 3.1)', () => {
  it('reads v=STSv1 and the id, with optional spaces, a trailing ";" and extensions', () => {
    expect(parseMtaStsRecord('v=STSv1; id=20160831085700Z;')).toMatchObject({ valid: true, id: '20160831085700Z', problems: [] });
    expect(parseMtaStsRecord('v = STSv1 ;id=a1; ext_1=x')).toMatchObject({ valid: true, id: 'a1', extensions: { ext_1: 'x' } });
  });

  it('names every problem', () => {
    expect(parseMtaStsRecord('v=STSv1').problems).toEqual(['the id field is missing']);
    expect(parseMtaStsRecord('v=STSv1; id=2026-03-01').problems).toEqual(['id "2026-03-01" is not 1 to 32 letters or digits']);
    expect(parseMtaStsRecord(`v=STSv1; id=${'a'.repeat(33)}`).valid).toBe(false);
    expect(parseMtaStsRecord('v=STSv1; id=a; id=b').problems).toEqual(['id appears more than once']);
    expect(parseMtaStsRecord('v=STSv1;; id=a').problems).toEqual(['an empty field (";;")']);
    expect(parseMtaStsRecord('v=STSv1; id=a; junk').problems).toEqual(['"junk" is not name=value']);
  });

  it('only records starting with v=STSv1 (case-sensitive) count', () => {
    expect(isMtaStsRecord('v=STSv1; id=1')).toBe(true);
    expect(isMtaStsRecord('v=stsv1; id=1')).toBe(false);
    expect(isMtaStsRecord('v=STSv10; id=1')).toBe(false);
    expect(isMtaStsRecord('google-site-verification=x')).toBe(false);
  });
});

describe('parseMtaStsPolicy (RFC 8461 section 3.2)', () => {
  const good = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n';

  it('reads a policy with CRLF, LF or mixed line endings, and a missing final newline', () => {
    expect(parseMtaStsPolicy(good)).toMatchObject({ valid: true, version: 'STSv1', mode: 'enforce', maxAge: 604800, mx: ['mail.example.com', '*.example.net'], lineEndings: 'crlf' });
    expect(parseMtaStsPolicy(good.replace(/\r\n/g, '\n'))).toMatchObject({ valid: true, lineEndings: 'lf' });
    expect(parseMtaStsPolicy('version: STSv1\nmode: testing\r\nmx: a.example\nmax_age: 86400')).toMatchObject({ valid: true, mode: 'testing', lineEndings: 'mixed' });
    expect(parseMtaStsPolicy('version: STSv1\nmode: none\nmax_age: 86400\nfoo: bar\n')).toMatchObject({ valid: true, mode: 'none', mx: [], extensions: { foo: 'bar' } });
  });

  it('names missing and bad fields', () => {
    expect(parseMtaStsPolicy('mode: enforce\nmx: a.example\n').problems).toEqual(['version is missing', 'max_age is missing']);
    expect(parseMtaStsPolicy('version: STSv2\nmode: Enforce\nmax_age: 31557601\nmx: a.example\n').problems).toEqual([
      'version is "STSv2", not STSv1',
      'mode "Enforce" is not enforce, testing or none',
      'max_age 31557601 is over the maximum 31557600',
    ]);
    expect(parseMtaStsPolicy('version: STSv1\nmode: enforce\nmax_age: 86400\n').problems).toEqual(['no mx line']);
    expect(parseMtaStsPolicy('version: STSv1\nmode: enforce\nmax_age: -1\nmx: *.*.example\nmx: a_b.example\n').problems).toEqual([
      'max_age "-1" is not a number of seconds',
      'mx "*.*.example" is not a host name or *. pattern',
      'mx "a_b.example" is not a host name or *. pattern',
    ]);
    expect(parseMtaStsPolicy('version: STSv1\nmode: enforce\nmode: testing\nmx: a.example\nmax_age: 1\n').problems).toEqual(['mode appears more than once (line 3)']);
    expect(parseMtaStsPolicy('<html>\n').valid).toBe(false);
    expect(parseMtaStsPolicy('version: STSv1\rmode: enforce\n').problems[0]).toBe('line 1 has a bare CR (lines end in CRLF or LF)');
  });

  it('mx patterns: exact names, and *. matching exactly one more label (section 4.1)', () => {
    expect(isMxPattern('*.mail.example.com')).toBe(true);
    expect(isMxPattern('localhost')).toBe(false);
    expect(matchesMxPattern('MX1.Example.com.', 'mx1.example.com')).toBe(true);
    expect(matchesMxPattern('a.example.com', '*.example.com')).toBe(true);
    expect(matchesMxPattern('example.com', '*.example.com')).toBe(false);
    expect(matchesMxPattern('a.b.example.com', '*.example.com')).toBe(false);
    expect(matchesMxPattern('aexample.com', '*.example.com')).toBe(false);
  });
});
