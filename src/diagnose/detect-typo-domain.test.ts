import { describe, expect, it } from 'vitest';
import { MAILBOX_PROVIDER_DOMAINS, detectTypoDomain, splitSuffix } from './detect-typo-domain.js';

const suggest = (domain: string, receivesMail = false): string | null => {
  const r = detectTypoDomain(domain, { receivesMail });
  return r.kind === 'suggestion' ? r.suggestion.suggestion : null;
};

describe('detectTypoDomain', () => {
  it('has a hundred or more provider domains, each once, with country variants', () => {
    const domains = MAILBOX_PROVIDER_DOMAINS.map((p) => p.domain);
    expect(domains.length).toBeGreaterThanOrEqual(100);
    expect(new Set(domains).size).toBe(domains.length);
    for (const d of ['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'live.fr', 'msn.com', 'yahoo.co.jp', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'gmx.de', 'gmx.at', 'gmx.ch', 'web.de', 't-online.de', 'orange.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'wanadoo.fr', 'libero.it', 'virgilio.it', 'mail.ru', 'yandex.ru', 'yandex.com', 'qq.com', '163.com', '126.com', 'naver.com', 'daum.net', 'proton.me', 'protonmail.com', 'zoho.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'cox.net', 'btinternet.com', 'sky.com', 'bigpond.com', 'shaw.ca', 'rogers.com']) {
      expect(domains, d).toContain(d);
    }
  });

  it('suggests the provider for common misspellings (one transposition, insertion, deletion, substitution)', () => {
    expect(suggest('gmial.com')).toBe('gmail.com');
    expect(suggest('gamil.com')).toBe('gmail.com');
    expect(suggest('gmal.com')).toBe('gmail.com');
    expect(suggest('outlok.com')).toBe('outlook.com');
    expect(suggest('yahooo.com')).toBe('yahoo.com');
    expect(suggest('hotmial.com')).toBe('hotmail.com');
    expect(suggest('iclod.com')).toBe('icloud.com');
    expect(suggest('gmail.con')).toBe('gmail.com');
    expect(suggest('gmx.ed')).toBe('gmx.de');
    expect(suggest('googlemial.com')).toBe('googlemail.com');
    expect(suggest('btinternt.com')).toBe('btinternet.com');
  });

  it('prefers the candidate with the same suffix, then the more used one', () => {
    expect(suggest('hotmial.fr')).toBe('hotmail.fr');
    expect(suggest('hotmial.co.uk')).toBe('hotmail.co.uk');
    expect(suggest('yahooo.co.jp')).toBe('yahoo.co.jp');
    expect(suggest('outlok.de')).toBe('outlook.de');
  });

  it('never suggests for a provider domain itself', () => {
    for (const { domain } of MAILBOX_PROVIDER_DOMAINS) expect(detectTypoDomain(domain).kind, domain).toBe('provider');
  });

  it('never suggests for domains far from every provider, nor for one-edit neighbours of short names', () => {
    for (const d of ['example.org', 'contoso.com', 'fabrikam.example', 'ge.com', 'mc.com', 'aop.com', 'web.com', 'gmz.de', 'github.com', 'mail.example.net']) {
      expect(suggest(d), d).toBeNull();
    }
  });

  it('for a domain that exists and receives mail, keeps only one-edit neighbours', () => {
    expect(suggest('gmial.com', true)).toBe('gmail.com');
    expect(suggest('btinternt.com', true)).toBe('btinternet.com');
    expect(suggest('btintrnt.com', false)).toBe('btinternet.com');
    expect(suggest('btintrnt.com', true)).toBeNull();
  });

  it('splits the public suffix', () => {
    expect(splitSuffix('hotmail.co.uk')).toEqual({ name: 'hotmail', suffix: 'co.uk' });
    expect(splitSuffix('gmail.con')).toEqual({ name: 'gmail', suffix: 'con' });
  });
});
