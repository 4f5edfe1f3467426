import { describe, expect, it } from 'vitest';
import { bearerTokenChecker, chooseToken, isLoopbackHost } from './bearer-token.js';

describe('the API token', () => {
  it('loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.0.2.10', 'mail.example.com', '10.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('configured: always used; none on loopback; generated beyond loopback', () => {
    expect(chooseToken('127.0.0.1', 'a-configured-token-000')).toEqual({ token: 'a-configured-token-000', generated: false });
    expect(chooseToken('0.0.0.0', 'a-configured-token-000')).toEqual({ token: 'a-configured-token-000', generated: false });
    expect(chooseToken('127.0.0.1', undefined)).toEqual({ token: null, generated: false });
    expect(chooseToken('0.0.0.0', '', (n) => Buffer.alloc(n, 0))).toEqual({ token: 'A'.repeat(43), generated: true });
    expect(() => chooseToken('127.0.0.1', 'short')).toThrow(/at least 16/);
    expect(() => chooseToken('127.0.0.1', 'has a space in it, too long')).toThrow(/no spaces/);
  });

  it('checks Authorization: Bearer <token> (scheme in any case, RFC 6750 section 2.1)', () => {
    const matches = bearerTokenChecker('s3cret-token-value-xyz');
    expect(matches('Bearer s3cret-token-value-xyz')).toBe(true);
    expect(matches('bearer  s3cret-token-value-xyz ')).toBe(true);
    for (const header of [undefined, '', 'Bearer', 'Bearer s3cret-token-value-xy', 'Bearer s3cret-token-value-xyzz', 's3cret-token-value-xyz', 'Basic s3cret-token-value-xyz', 'Bearer a b']) {
      expect(matches(header), String(header)).toBe(false);
    }
  });
});
