import { describe, expect, it } from 'vitest';
import { parseAddressSyntax } from './parse-address-syntax.js';

const codes = (a: string): string[] => parseAddressSyntax(a).problems.map((p) => p.code);

describe('parseAddressSyntax (RFC 5321 section 4.1.2)', () => {
  it('accepts dot-strings, quoted strings, address literals and angle brackets', () => {
    for (const a of ['bob@example.org', 'first.last+tag@mail.example.com', "o'brien@example.net", '"john doe"@example.org', '"a\\"b"@example.org', 'postmaster@[192.0.2.1]', 'postmaster@[IPv6:2001:db8::1]', '<bob@example.org>', 'x@xn--bcher-kva.example']) {
      expect(codes(a), a).toEqual([]);
    }
  });

  it('rejects what the grammar and the size limits rule out', () => {
    expect(codes('')).toEqual(['empty']);
    expect(codes('bob.example.org')).toEqual(['no-at']);
    expect(codes('@example.org')).toEqual(['local-empty']);
    expect(codes('bob@')).toEqual(['domain-empty']);
    expect(codes('.bob@example.org')).toEqual(['local-dot']);
    expect(codes('bob.@example.org')).toEqual(['local-dot']);
    expect(codes('bob..smith@example.org')).toEqual(['local-dot']);
    expect(codes('bob smith@example.org')).toEqual(['local-character']);
    expect(codes('bob,smith@example.org')).toEqual(['local-character']);
    expect(codes('"unclosed@example.org')).toEqual(['quoted-string']);
    expect(codes(`${'a'.repeat(65)}@example.org`)).toEqual(['local-too-long']);
    expect(codes('bob@example..org')).toEqual(['domain-label']);
    expect(codes('bob@-example.org')).toEqual(['domain-label']);
    expect(codes('bob@exa_mple.org')).toEqual(['domain-character']);
    expect(codes('bob@localhost')).toEqual(['domain-single-label']);
    expect(codes(`bob@${'a'.repeat(64)}.example`)).toEqual(['domain-label']);
    expect(codes('bob@[300.1.1.1]')).toEqual(['address-literal']);
    expect(codes('bob@[2001:db8::1]')).toEqual(['address-literal']);
    expect(codes(`${'a'.repeat(400)}@example.org`)).toEqual(['too-long']);
  });

  it('notes non-ASCII addresses as needing SMTPUTF8, not as invalid', () => {
    const r = parseAddressSyntax('jürgen@bücher.example');
    expect(r.valid).toBe(true);
    expect(r.smtputf8).toBe(true);
  });
});
