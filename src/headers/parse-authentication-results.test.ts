import { describe, expect, it } from 'vitest';
import { parseAuthenticationResults } from './parse-authentication-results.js';
import { parseReceivedSpf } from './parse-received-spf.js';

describe('parseAuthenticationResults', () => {
  it('reads RFC 8601 section B.4: authserv-id, version, methods, comments and properties', () => {
    const r = parseAuthenticationResults('example.com; spf=pass smtp.mailfrom=example.net; auth=pass (cram-md5) smtp.auth=sender@example.net');
    expect(r.authservId).toBe('example.com');
    expect(r.results).toEqual([
      { method: 'spf', result: 'pass', reason: null, comment: null, properties: { 'smtp.mailfrom': 'example.net' } },
      { method: 'auth', result: 'pass', reason: null, comment: 'cram-md5', properties: { 'smtp.auth': 'sender@example.net' } },
    ]);
    expect(parseAuthenticationResults('mx.microsoft.com 1; spf=pass smtp.mailfrom=contoso.com')).toMatchObject({ authservId: 'mx.microsoft.com', version: '1' });
  });

  it('reads "none", quoted reasons and comments containing semicolons', () => {
    expect(parseAuthenticationResults('mx.contoso.com; none')).toMatchObject({ authservId: 'mx.contoso.com', noResult: true, results: [] });
    const r = parseAuthenticationResults('mx.example.com; dkim=fail reason="signature; verification failed" (1024-bit key; unprotected) header.d=fabrikam.com header.b="Zx9Y"');
    expect(r.results[0]).toEqual({ method: 'dkim', result: 'fail', reason: 'signature; verification failed', comment: '1024-bit key; unprotected', properties: { 'header.d': 'fabrikam.com', 'header.b': 'Zx9Y' } });
  });

  it('reads Microsoft 365 results: no authserv-id, action=, compauth reason', () => {
    const r = parseAuthenticationResults('spf=fail (sender IP is 198.51.100.77) smtp.mailfrom=fabrikam.com; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=fabrikam.com;compauth=fail reason=000');
    expect(r.authservId).toBeNull();
    expect(r.results.map((x) => [x.method, x.result])).toEqual([['spf', 'fail'], ['dkim', 'none'], ['dmarc', 'fail'], ['compauth', 'fail']]);
    expect(r.results[2]?.properties).toEqual({ action: 'oreject', 'header.from': 'fabrikam.com' });
    expect(r.results[3]?.reason).toBe('000');
  });

  it('reads Yahoo style "dmarc=fail(p=REJECT)" and method versions', () => {
    const r = parseAuthenticationResults('atlas.example.net; dkim/1=pass header.d=contoso.com; dmarc=fail(p=REJECT) header.from=fabrikam.com');
    expect(r.results.map((x) => [x.method, x.result, x.comment])).toEqual([['dkim', 'pass', null], ['dmarc', 'fail', 'p=REJECT']]);
  });

  it('keeps what a cut line gives and never throws on junk', () => {
    expect(parseAuthenticationResults('mx.contoso.com; spf=pass smtp.mailfrom=example.net; dkim=fail (bad sig').results[1]).toMatchObject({ method: 'dkim', result: 'fail', comment: 'bad sig' });
    for (const junk of ['', ';', '===', '"unterminated', '(((', 'a=;b=;c', '\u0000;\u0001=\u0002', ';'.repeat(10_000)]) {
      expect(() => parseAuthenticationResults(junk)).not.toThrow();
    }
  });
});

describe('parseReceivedSpf', () => {
  it('reads RFC 7208 section 9.1 and Microsoft 365 forms', () => {
    expect(parseReceivedSpf('pass (mybox.example.org: domain of myname@example.com designates 192.0.2.1 as permitted sender) receiver=mybox.example.org; client-ip=192.0.2.1; envelope-from="myname@example.com"; helo=foo.example.com;'))
      .toMatchObject({ result: 'pass', receiver: 'mybox.example.org', clientIp: '192.0.2.1', envelopeFrom: 'myname@example.com', helo: 'foo.example.com' });
    expect(parseReceivedSpf('Fail (protection.outlook.com: domain of fabrikam.com does not designate 198.51.100.77 as permitted sender) receiver=protection.outlook.com; client-ip=198.51.100.77; helo=mail.fabrikam.com;'))
      .toMatchObject({ result: 'fail', comment: 'protection.outlook.com: domain of fabrikam.com does not designate 198.51.100.77 as permitted sender', pairs: { receiver: 'protection.outlook.com' } });
    expect(parseReceivedSpf('')).toMatchObject({ result: null, pairs: {} });
  });
});
