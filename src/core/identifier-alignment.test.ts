import { describe, expect, it } from 'vitest';
import { identifierAlignment, isAligned } from './identifier-alignment.js';

describe('DMARC identifier alignment (RFC 7489 section 3.1)', () => {
  it('strict is the same name; relaxed the same organisational domain (section 3.2)', () => {
    expect(identifierAlignment('contoso.com', 'Contoso.com.')).toBe('strict');
    expect(identifierAlignment('contoso.com', 'bounce.contoso.com')).toBe('relaxed');
    expect(identifierAlignment('a.contoso.co.uk', 'b.contoso.co.uk')).toBe('relaxed');
    expect(identifierAlignment('contoso.co.uk', 'fabrikam.co.uk')).toBe('none');
    expect(identifierAlignment('shop.ebina.kanagawa.jp', 'mail.ebina.kanagawa.jp')).toBe('none');
    expect(identifierAlignment('contoso.com', 'esp.example.net')).toBe('none');
  });

  it('adkim/aspf: relaxed alignment counts unless the mode is s (section 6.3)', () => {
    expect(isAligned('relaxed', 'r')).toBe(true);
    expect(isAligned('relaxed', null)).toBe(true);
    expect(isAligned('relaxed', 's')).toBe(false);
    expect(isAligned('strict', 's')).toBe(true);
    expect(isAligned('none', 'r')).toBe(false);
  });
});
