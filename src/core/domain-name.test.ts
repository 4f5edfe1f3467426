import { describe, expect, it } from 'vitest';
import { isSubdomainOf, isValidDomainName, normalizeDomain, organizationalDomain, parseDomainName, registrableDomain } from './domain-name.js';

describe('domain names', () => {
  it('normalises case, one trailing dot and IDN (A-labels)', () => {
    expect(normalizeDomain(' Mail.Contoso.COM. ')).toBe('mail.contoso.com');
    expect(normalizeDomain('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normalizeDomain('')).toBe('');
  });

  it('validates label and name lengths (RFC 1035 section 2.3.4); underscores allowed', () => {
    expect(isValidDomainName('_dmarc.contoso.com')).toBe(true);
    expect(isValidDomainName(`${'a'.repeat(63)}.example`)).toBe(true);
    expect(isValidDomainName(`${'a'.repeat(64)}.example`)).toBe(false);
    expect(isValidDomainName('a..example')).toBe(false);
    expect(isValidDomainName('-a.example')).toBe(false);
  });

  it('reads a domain name out of header text; null for address literals, bare IPv4 and junk', () => {
    expect(parseDomainName('Mail.Contoso.COM.')).toBe('mail.contoso.com');
    expect(parseDomainName('[mx.contoso.com]')).toBe('mx.contoso.com');
    expect(parseDomainName('localhost')).toBe('localhost');
    expect(parseDomainName('[192.0.2.1]')).toBeNull();
    expect(parseDomainName('192.0.2.1')).toBeNull();
    expect(parseDomainName('[IPv6:2001:db8::1]')).toBeNull();
    expect(parseDomainName('not a name')).toBeNull();
    expect(parseDomainName('')).toBeNull();
    expect(parseDomainName(null)).toBeNull();
  });

  it('registrable domain from the public suffix list (RFC 7489 section 3.2); null when there is none', () => {
    expect(registrableDomain('mail.lists.example.org')).toBe('example.org');
    expect(registrableDomain('Mail.Contoso.COM.')).toBe('contoso.com');
    expect(registrableDomain('mx.fabrikam.co.uk')).toBe('fabrikam.co.uk');
    expect(registrableDomain('shop.city.kawasaki.jp')).toBe('city.kawasaki.jp');
    expect(registrableDomain('shop.ebina.kanagawa.jp')).toBe('shop.ebina.kanagawa.jp');
    // An unknown top-level domain is a public suffix of one label.
    expect(registrableDomain('mx.contoso.example')).toBe('contoso.example');
    // The private section (github.io and the like) is not used.
    expect(registrableDomain('a.b.github.io')).toBe('github.io');
    for (const none of ['co.uk', 'localhost', '[192.0.2.1]', '192.0.2.1', '', null]) expect(registrableDomain(none)).toBeNull();
  });

  it('organisational domain: the registrable domain, else the name itself', () => {
    expect(organizationalDomain('sub.contoso.com')).toBe('contoso.com');
    expect(organizationalDomain('co.uk')).toBe('co.uk');
    expect(organizationalDomain('_dmarc.contoso.com')).toBe('contoso.com');
    expect(isSubdomainOf('a.contoso.com', 'contoso.com')).toBe(true);
    expect(isSubdomainOf('acontoso.com', 'contoso.com')).toBe(false);
  });
});
