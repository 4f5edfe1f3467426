import { describe, expect, it } from 'vitest';
import { addressDomain, firstAddress } from './email-address.js';

describe('email addresses', () => {
  it('finds the first address in text', () => {
    expect(firstAddress('mail for <bob@fabrikam.com> failed')).toBe('bob@fabrikam.com');
    expect(firstAddress('no address')).toBeNull();
  });

  it('takes the domain of an address, normalised', () => {
    expect(addressDomain('<Alice@Contoso.com>')).toBe('contoso.com');
    expect(addressDomain('bounce-123@mail.esp.example.net')).toBe('mail.esp.example.net');
    expect(addressDomain('"a@b" <pat@fabrikam.com>')).toBe('fabrikam.com');
    expect(addressDomain('contoso.com')).toBe('contoso.com');
    expect(addressDomain('pat@[192.0.2.1]')).toBeNull();
    expect(addressDomain(null)).toBeNull();
    expect(addressDomain('')).toBeNull();
  });
});
