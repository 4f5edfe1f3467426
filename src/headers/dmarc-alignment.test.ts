import { describe, expect, it } from 'vitest';
import { evaluateDmarcAlignment, fromAddress } from './dmarc-alignment.js';

describe('DMARC alignment', () => {
  it('finds the From address among display names, quotes and several addresses', () => {
    expect(fromAddress('"Doe, Pat" <pat@fabrikam.com>')).toEqual({ address: 'pat@fabrikam.com', multiple: false });
    expect(fromAddress('a@contoso.com, b@fabrikam.com')).toEqual({ address: 'a@contoso.com', multiple: true });
    expect(fromAddress('no address here')).toEqual({ address: null, multiple: false });
  });

  it('rates each identifier with the shared rating (core/identifier-alignment.ts, public suffix list)', () => {
    const dkim = ['Contoso.COM.', 'bounces.contoso.com', 'esp.example.net'].map((domain) => ({ domain, result: 'pass', source: 'x' }));
    expect(evaluateDmarcAlignment({ from: 'a@contoso.com', spf: null, dkim }).dkim.map((d) => d.alignment)).toEqual(['strict', 'relaxed', 'none']);
    // ebina.kanagawa.jp is a public suffix: two organisations below it are not aligned (the
    // former two-label rule rated this relaxed).
    const spf = { domain: 'mail.ebina.kanagawa.jp', result: 'pass', source: 'x' };
    expect(evaluateDmarcAlignment({ from: 'a@shop.ebina.kanagawa.jp', spf, dkim: [] })).toMatchObject({ spf: { alignment: 'none' }, aligned: false });
  });

  it('gives the From domain and its organisational domain, null when it has none', () => {
    expect(evaluateDmarcAlignment({ from: 'Pat <pat@Mail.Fabrikam.co.uk>', spf: null, dkim: [] })).toMatchObject({ fromDomain: 'mail.fabrikam.co.uk', fromOrganizationalDomain: 'fabrikam.co.uk' });
    expect(evaluateDmarcAlignment({ from: 'Root <root@localhost>', spf: null, dkim: [] })).toMatchObject({ fromDomain: 'localhost', fromOrganizationalDomain: null });
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
