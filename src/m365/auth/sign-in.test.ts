/**
 * The sign-in flows up to the point where they would contact Microsoft's sign-in service,
 * which this machine cannot reach: MSAL's network client is replaced by one that records the
 * URL and fails, so nothing leaves the process. What is checked: the authority and scopes of
 * each cloud, the device-code and client-credential wiring, the certificate read, and that a
 * failed sign-in is a value with MSAL's words.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INetworkModule } from '@azure/msal-node';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { appScopes, authorityUrl, cachedTokenProvider, delegatedScopes, readClientCertificate, signIn } from './sign-in.js';
import { readLoginFile, type LoginSettings } from './token-cache-file.js';

function offline(): INetworkModule & { urls: string[] } {
  const urls: string[] = [];
  const refuse = async (url: string): Promise<never> => {
    urls.push(url);
    throw new Error('offline test network');
  };
  return { urls, sendGetRequestAsync: refuse, sendPostRequestAsync: refuse };
}

const dir = (): string => mkdtempSync(join(tmpdir(), 'maildoctor-signin-'));
const base: LoginSettings = { flow: 'device-code', tenant: 'contoso.example', clientId: '11111111-2222-3333-4444-555555555555', cloud: 'global' };

describe('sign-in wiring', () => {
  it('authority and scopes per cloud', () => {
    expect(authorityUrl(base)).toBe('https://login.microsoftonline.com/contoso.example');
    expect(delegatedScopes(base)).toEqual(['https://graph.microsoft.com/ServiceHealth.Read.All', 'https://graph.microsoft.com/ExchangeMessageTrace.Read.All']);
    expect(appScopes({ cloud: 'usgov-dod' })).toEqual(['https://dod-graph.microsoft.us/.default']);
    expect(authorityUrl({ cloud: 'china', tenant: 'contoso.partner.onmschina.cn' })).toBe('https://login.partner.microsoftonline.cn/contoso.partner.onmschina.cn');
  });

  it('device code: goes to the cloud\'s authority and nowhere else; the failure is a value', async () => {
    for (const [cloud, host] of [['global', 'login.microsoftonline.com'], ['usgov-high', 'login.microsoftonline.us'], ['china', 'login.partner.microsoftonline.cn']] as const) {
      const network = offline();
      const loginFile = join(dir(), 'm365-login.json');
      const codes: string[] = [];
      const result = await signIn({ ...base, cloud }, { loginFile, env: {}, networkClient: network }, (m) => codes.push(m));
      expect(result.ok).toBe(false);
      expect(network.urls.length).toBeGreaterThan(0);
      for (const url of network.urls) expect(new URL(url).hostname).toBe(host);
      expect(codes).toEqual([]);
      // The settings were kept (the CLI removes the file after a failed sign-in).
      expect(readLoginFile(loginFile)?.login).toMatchObject({ cloud, flow: 'device-code' });
    }
  });

  it('client secret: read from MAILDOCTOR_M365_CLIENT_SECRET, never stored', async () => {
    const loginFile = join(dir(), 'm365-login.json');
    await expect(signIn({ ...base, flow: 'client-secret' }, { loginFile, env: {}, networkClient: offline() }, () => undefined)).rejects.toThrow(/MAILDOCTOR_M365_CLIENT_SECRET/);
    const network = offline();
    const result = await signIn({ ...base, flow: 'client-secret' }, { loginFile, env: { MAILDOCTOR_M365_CLIENT_SECRET: 'very-secret' }, networkClient: network }, () => undefined);
    expect(result.ok).toBe(false);
    expect(network.urls.every((u) => u.startsWith('https://login.microsoftonline.com/'))).toBe(true);
    expect(JSON.stringify(readLoginFile(loginFile))).not.toContain('very-secret');
  });

  it('client certificate: thumbprint from the certificate, key from the same PEM file', async () => {
    const pems = await generate([{ name: 'commonName', value: 'maildoctor-app' }], { keySize: 2048, algorithm: 'sha256' });
    const file = join(dir(), 'app.pem');
    writeFileSync(file, pems.cert + '\n' + pems.private);
    const cert = readClientCertificate(file);
    expect(cert.thumbprintSha256).toMatch(/^[0-9A-F]{64}$/);
    const network = offline();
    const result = await signIn({ ...base, flow: 'client-certificate', certificateFile: file }, { loginFile: join(dir(), 'l.json'), env: {}, networkClient: network }, () => undefined);
    expect(result.ok).toBe(false);
    expect(network.urls.length).toBeGreaterThan(0);
    writeFileSync(file, pems.cert);
    expect(() => readClientCertificate(file)).toThrow(/private key/);
  });

  it('cached token: none without a login file; null (sign in again) when MSAL cannot get one', async () => {
    const loginFile = join(dir(), 'm365-login.json');
    expect(cachedTokenProvider({ loginFile, env: {} })).toBeNull();
    await signIn(base, { loginFile, env: {}, networkClient: offline() }, () => undefined);
    const provider = cachedTokenProvider({ loginFile, env: {}, networkClient: offline() });
    expect(provider).not.toBeNull();
    expect(await provider!(false)).toBeNull();
  });
});
