import { describe, expect, it } from 'vitest';
import { domainSpecProblem, isSpfRecord, parseSpf } from './parse-spf.js';

describe('parseSpf: the records of RFC 7208 appendix A', () => {
  const examples: [string, [string, string, string | undefined, number | undefined, number | undefined][]][] = [
    ['v=spf1 +all', [['all', '+', undefined, undefined, undefined]]],
    ['v=spf1 a -all', [['a', '+', undefined, undefined, undefined], ['all', '-', undefined, undefined, undefined]]],
    ['v=spf1 a:example.org -all', [['a', '+', 'example.org', undefined, undefined], ['all', '-', undefined, undefined, undefined]]],
    ['v=spf1 mx -all', [['mx', '+', undefined, undefined, undefined], ['all', '-', undefined, undefined, undefined]]],
    ['v=spf1 mx:example.org -all', [['mx', '+', 'example.org', undefined, undefined], ['all', '-', undefined, undefined, undefined]]],
    ['v=spf1 mx mx:example.org -all', [['mx', '+', undefined, undefined, undefined], ['mx', '+', 'example.org', undefined, undefined], ['all', '-', undefined, undefined, undefined]]],
    ['v=spf1 mx/30 mx:example.org/30 -all', [['mx', '+', undefined, 30, undefined], ['mx', '+', 'example.org', 30, undefined], ['all', '-', undefined, undefined, undefined]]],
    ['v=spf1 ptr -all', [['ptr', '+', undefined, undefined, undefined], ['all', '-', undefined, undefined, undefined]]],
    ['v=spf1 ip4:192.0.2.128/28 -all', [['ip4', '+', undefined, 28, undefined], ['all', '-', undefined, undefined, undefined]]],
  ];
  for (const [record, expected] of examples) {
    it(record, () => {
      const parsed = parseSpf(record);
      expect(parsed.problems).toEqual([]);
      expect(parsed.mechanisms.map((m) => [m.name, m.qualifier, m.domainSpec, m.cidr4, m.cidr6])).toEqual(expected);
    });
  }

  it('the examples of sections 5 and 6: qualifiers, dual CIDR, ip6, exists with macros, redirect, exp', () => {
    const parsed = parseSpf('v=spf1 ~a:mail.example.com/24//64 ?ip6:2001:db8::/32 exists:%{ir}.%{l1r+-}._spf.%{d} redirect=_spf.example.com exp=explain._spf.%{d} x-custom=foo');
    expect(parsed.problems).toEqual([]);
    expect(parsed.mechanisms.map((m) => [m.text, m.qualifier, m.cidr4, m.cidr6])).toEqual([
      ['~a:mail.example.com/24//64', '~', 24, 64],
      ['?ip6:2001:db8::/32', '?', undefined, 32],
      ['exists:%{ir}.%{l1r+-}._spf.%{d}', '+', undefined, undefined],
    ]);
    expect(parsed.redirect?.value).toBe('_spf.example.com');
    expect(parsed.exp?.value).toBe('explain._spf.%{d}');
    expect(parsed.terms.map((t) => t.name)).toEqual(['a', 'ip6', 'exists', 'redirect', 'exp', 'x-custom']);
  });

  it('record selection: v=spf1 then a space or the end, case-insensitive', () => {
    expect(isSpfRecord('v=spf1')).toBe(true);
    expect(isSpfRecord('V=SPF1 -all')).toBe(true);
    expect(isSpfRecord('v=spf10 -all')).toBe(false);
    expect(isSpfRecord('spf2.0/pra -all')).toBe(false);
    expect(isSpfRecord(' v=spf1 -all')).toBe(false);
  });
});

describe('parseSpf: errors that make receivers return permerror', () => {
  const cases: [string, string, RegExp][] = [
    ['v=spf1 ip4:192.0.2.300 -all', 'spf.syntax-error', /not an IPv4 address/],
    ['v=spf1 ip4:192.0.2.0/33 -all', 'spf.syntax-error', /prefix length/],
    ['v=spf1 ip6:2001:db8::/129 -all', 'spf.syntax-error', /prefix length/],
    ['v=spf1 ip4:2001:db8::1 -all', 'spf.syntax-error', /not an IPv4 address/],
    ['v=spf1 include -all', 'spf.syntax-error', /needs a domain/],
    ['v=spf1 include:example -all', 'spf.syntax-error', /one label/],
    ['v=spf1 a:example.123 -all', 'spf.syntax-error', /cannot end a domain/],
    ['v=spf1 all:foo', 'spf.syntax-error', /no argument/],
    ['v=spf1 redirect=a.example redirect=b.example', 'spf.syntax-error', /only once/],
    ['v=spf1 exists:%{x}.example.com -all', 'spf.syntax-error', /not a macro letter/],
    ['v=spf1 exists:%{c}.example.com -all', 'spf.syntax-error', /only in exp/],
    ['v=spf1 a:50%.example.com -all', 'spf.syntax-error', /must start a macro/],
    ['v=spf1 ip4192.0.2.1 -all', 'spf.unknown-mechanism', /not a mechanism/],
    ['v=spf1 include:example.com spf2:foo -all', 'spf.unknown-mechanism', /not a mechanism/],
    ['v=spf1 +redirect=example.com', 'spf.unknown-mechanism', /not a mechanism/],
  ];
  for (const [record, code, reason] of cases) {
    it(record, () => {
      const parsed = parseSpf(record);
      expect(parsed.problems[0]?.code).toBe(code);
      expect(parsed.problems[0]?.reason).toMatch(reason);
    });
  }

  it('domain-spec ending in a macro is valid', () => {
    expect(domainSpecProblem('%{d}')).toBeNull();
    expect(domainSpecProblem('_spf.%{d2}')).toBeNull();
    expect(domainSpecProblem('example.com.')).toBeNull();
  });
});
