import { describe, expect, it } from 'vitest';
import { alignmentOf, evaluateDmarcAlignment, fromAddress } from './dmarc-alignment.js';
import { addressDomain, organizationalDomain } from './organizational-domain.js';

describe('organizationalDomain (small public-suffix list)', () => {
  it('keeps two labels, or three under a listed multi-label suffix', () => {
    expect(organizationalDomain('mail.lists.example.org')).toBe('example.org');
    expect(organizationalDomain('Mail.Contoso.COM.')).toBe('contoso.com');
    expect(organizationalDomain('mx.fabrikam.co.uk')).toBe('fabrikam.co.uk');
    expect(organizationalDomain('co.uk')).toBeNull();
    expect(organizationalDomain('localhost')).toBeNull();
    expect(organizationalDomain('[192.0.2.1]')).toBeNull();
    expect(organizationalDomain('192.0.2.1')).toBeNull();
  });

  it('documents its limitation: an unlisted multi-label suffix gives a too-short domain', () => {
    expect(organizationalDomain('shop.city.kawasaki.jp')).toBe('kawasaki.jp');
  });

  it('takes the domain of an address', () => {
    expect(addressDomain('<Alice@Contoso.com>')).toBe('contoso.com');
    expect(addressDomain('bounce-123@mail.esp.example.net')).toBe('mail.esp.example.net');
    expect(addressDomain(null)).toBeNull();
  });
});

describe('DMARC alignment', () => {
  it('finds the From address among display names, quotes and several addresses', () => {
    expect(fromAddress('"Doe, Pat" <pat@fabrikam.com>')).toEqual({ address: 'pat@fabrikam.com', multiple: false });
    expect(fromAddress('a@contoso.com, b@fabrikam.com')).toEqual({ address: 'a@contoso.com', multiple: true });
    expect(fromAddress('no address here')).toEqual({ address: null, multiple: false });
  });

  it('rates strict, relaxed and no alignment', () => {
    expect(alignmentOf('contoso.com', 'contoso.com')).toBe('strict');
    expect(alignmentOf('contoso.com', 'bounces.contoso.com')).toBe('relaxed');
    expect(alignmentOf('contoso.com', 'contoso.com.')).toBe('strict');
    expect(alignmentOf('contoso.com', 'esp.example.net')).toBe('none');
  });

  it('passes when an aligned identifier passed, fails when none did, and says nothing when nothing was verified', () => {
    const dkim = [{ domain: 'mail.contoso.com', result: 'pass', source: 'Authentication-Results' }];
    expect(evaluateDmarcAlignment({ from: 'A <a@contoso.com>', spf: { domain: 'esp.example.net', result: 'pass', source: 'x' }, dkim }))
      .toMatchObject({ fromDomain: 'contoso.com', aligned: true, spf: { alignment: 'none' }, dkim: [{ alignment: 'relaxed' }] });
    expect(evaluateDmarcAlignment({ from: 'a@contoso.com', spf: { domain: 'contoso.com', result: 'fail', source: 'x' }, dkim: [] }).aligned).toBe(false);
    expect(evaluateDmarcAlignment({ from: 'a@contoso.com', spf: null, dkim: [{ domain: 'contoso.com', result: 'unverified', source: 'DKIM-Signature' }] }).aligned).toBeNull();
    expect(evaluateDmarcAlignment({ from: null, spf: null, dkim: [] })).toMatchObject({ fromDomain: null, aligned: null });
  });
});
