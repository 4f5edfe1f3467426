import { describe, expect, it } from 'vitest';
import { parseIp } from '../../core/ip-address.js';
import { expandSpfMacros, type SpfMacroValues } from './expand-spf-macro.js';

// RFC 7208 section 7.4: sender strong-bad@email.example.com, IP 192.0.2.3 (and 2001:db8::cb01).
const v4: SpfMacroValues = { domain: 'email.example.com', sender: 'strong-bad@email.example.com', ip: parseIp('192.0.2.3')!, helo: 'mx.example.org' };
const v6: SpfMacroValues = { ...v4, ip: parseIp('2001:db8::cb01')! };

const expand = (text: string, values = v4, exp = false): string => {
  const result = expandSpfMacros(text, values, { exp });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.value;
};

describe('expandSpfMacros: RFC 7208 section 7.4 examples', () => {
  const cases: [string, string][] = [
    ['%{s}', 'strong-bad@email.example.com'],
    ['%{o}', 'email.example.com'],
    ['%{d}', 'email.example.com'],
    ['%{d4}', 'email.example.com'],
    ['%{d3}', 'email.example.com'],
    ['%{d2}', 'example.com'],
    ['%{d1}', 'com'],
    ['%{dr}', 'com.example.email'],
    ['%{d2r}', 'example.email'],
    ['%{l}', 'strong-bad'],
    ['%{l-}', 'strong.bad'],
    ['%{lr}', 'strong-bad'],
    ['%{lr-}', 'bad.strong'],
    ['%{l1r-}', 'strong'],
  ];
  for (const [macro, expected] of cases) it(macro, () => expect(expand(macro, v4, true)).toBe(expected));

  it('domain-specs', () => {
    expect(expand('%{ir}.%{v}._spf.%{d2}')).toBe('3.2.0.192.in-addr._spf.example.com');
    expect(expand('%{lr-}.lp._spf.%{d2}')).toBe('bad.strong.lp._spf.example.com');
    expect(expand('%{lr-}.lp.%{ir}.%{v}._spf.%{d2}')).toBe('bad.strong.lp.3.2.0.192.in-addr._spf.example.com');
    expect(expand('%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}')).toBe('3.2.0.192.in-addr.strong.lp._spf.example.com');
    expect(expand('%{d2}.trusted-domains.example.net')).toBe('example.com.trusted-domains.example.net');
    expect(expand('%{ir}.%{v}._spf.%{d2}', v6)).toBe('1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com');
  });

  it('literals, URL escaping, %{h}, exp-only letters', () => {
    expect(expand('%%-%_-%-', v4, true)).toBe('%- -%20');
    expect(expand('%{S}', v4, true)).toBe('strong-bad%40email.example.com');
    expect(expand('%{h}')).toBe('mx.example.org');
    expect(expand('%{c} %{t}', { ...v6, now: 1_700_000_000.5 }, true)).toBe('2001:db8::cb01 1700000000');
    expect(expandSpfMacros('%{c}.example.com', v4)).toEqual({ ok: false, error: '%{c} is allowed only in exp=' });
  });

  it('reports what is missing when only the domain is known', () => {
    expect(expandSpfMacros('%{i}._spf.%{d}', { domain: 'example.com' })).toEqual({ ok: false, missing: ['i'] });
    expect(expand('_spf.%{d}', { domain: 'example.com' })).toBe('_spf.example.com');
  });

  it('cuts a long result from the left to 253 characters (section 7.3)', () => {
    const out = expand(`${'%{s}.'.repeat(12)}example.com`);
    expect(out.length).toBeLessThanOrEqual(253);
    expect(out.endsWith('.example.com')).toBe(true);
  });
});
