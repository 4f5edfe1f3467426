import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLoginFilePath, loginFileCachePlugin, readLoginFile, removeLoginFile, writeLoginFile, type LoginFile } from './token-cache-file.js';

const LOGIN: LoginFile = { version: 1, login: { flow: 'device-code', tenant: 'contoso.example', clientId: '00000000-0000-0000-0000-00000000000a', cloud: 'global' }, msal: '' };
const mode = (path: string): number => statSync(path).mode & 0o777;

describe('the login file', () => {
  it('lives in the user data directory', () => {
    expect(defaultLoginFilePath({ XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/maildoctor/m365-login.json');
    expect(defaultLoginFilePath({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.local/share/maildoctor/m365-login.json');
  });

  it('is written with mode 0600 (also over a file that was wider) and reads back the same', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'maildoctor-login-')), 'sub', 'm365-login.json');
    writeLoginFile(path, LOGIN);
    expect(mode(path)).toBe(0o600);
    expect(readLoginFile(path)).toEqual(LOGIN);
    chmodSync(path, 0o644);
    writeLoginFile(path, { ...LOGIN, msal: '{"AccessToken":{}}' });
    expect(mode(path)).toBe(0o600);
    expect(readLoginFile(path)?.msal).toBe('{"AccessToken":{}}');
  });

  it('logout removes it; a second logout finds nothing', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'maildoctor-login-')), 'm365-login.json');
    writeLoginFile(path, LOGIN);
    expect(removeLoginFile(path)).toBe(true);
    expect(existsSync(path)).toBe(false);
    expect(removeLoginFile(path)).toBe(false);
    expect(readLoginFile(path)).toBeNull();
  });

  it('a damaged file is a configuration error that says what to do', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'maildoctor-login-')), 'm365-login.json');
    writeFileSync(path, '{"version": 7}');
    expect(() => readLoginFile(path)).toThrow(/damaged.*m365 logout/);
  });

  it('the MSAL cache plugin round-trips the serialised cache through the file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'maildoctor-login-')), 'm365-login.json');
    writeLoginFile(path, LOGIN);
    const plugin = loginFileCachePlugin(path, LOGIN.login);
    const serialised = JSON.stringify({ Account: { a: { username: 'admin@contoso.example' } }, AccessToken: {}, RefreshToken: {}, IdToken: {}, AppMetadata: {} });
    let loaded = '';
    const context = (changed: boolean) => ({ cacheHasChanged: changed, hasChanged: changed, cache: null as never, tokenCache: { serialize: () => serialised, deserialize: (text: string) => { loaded = text; } } });
    await plugin.afterCacheAccess(context(false) as never);
    expect(readLoginFile(path)?.msal).toBe('');
    await plugin.afterCacheAccess(context(true) as never);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ...LOGIN, msal: serialised });
    expect(mode(path)).toBe(0o600);
    await plugin.beforeCacheAccess(context(false) as never);
    expect(loaded).toBe(serialised);
  });
});
