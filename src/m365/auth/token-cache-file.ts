/**
 * The sign-in state of `m365 login`, in one file in the user's data directory
 * ($XDG_DATA_HOME/maildoctor/m365-login.json, or %LOCALAPPDATA% on Windows), readable and
 * writable by the user only (mode 0600, set at creation and again on every write, in a
 * directory of mode 0700): how to sign in again (flow, tenant, client id, cloud, certificate
 * file; never a secret) and MSAL's serialised token cache (refresh and access tokens).
 * `m365 logout` removes it. MSAL reads and writes it through the cache plugin below
 * (https://learn.microsoft.com/entra/msal/javascript/node/caching).
 * @module
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { ToolkitError } from '../../core/errors.js';
import type { CloudId } from './national-clouds.js';

export type LoginFlow = 'device-code' | 'client-secret' | 'client-certificate';

/** How to sign in again; secrets are never kept (client-secret reads MAILDOCTOR_M365_CLIENT_SECRET each time). */
export interface LoginSettings {
  flow: LoginFlow;
  tenant: string;
  clientId: string;
  cloud: CloudId;
  /** client-certificate: the PEM file holding the certificate and its private key. */
  certificateFile?: string;
  /** device-code: the account signed in (MSAL's home account id) and its user name. */
  homeAccountId?: string;
  username?: string;
}

export interface LoginFile {
  version: 1;
  login: LoginSettings;
  /** MSAL's serialised token cache (JSON text), or '' before the first token. */
  msal: string;
}

export function defaultLoginFilePath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env['XDG_DATA_HOME']) return join(env['XDG_DATA_HOME'], 'maildoctor', 'm365-login.json');
  if (platform === 'win32' && env['LOCALAPPDATA']) return join(env['LOCALAPPDATA'], 'maildoctor', 'm365-login.json');
  return join(env['HOME'] || homedir(), '.local', 'share', 'maildoctor', 'm365-login.json');
}

/** The file, or null when there is none (not signed in). A damaged file is a configuration error. */
export function readLoginFile(path: string): LoginFile | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ToolkitError('config', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const data = JSON.parse(text) as LoginFile;
    if (data.version !== 1 || typeof data.login?.clientId !== 'string' || typeof data.msal !== 'string') throw new Error('not a maildoctor login file');
    return data;
  } catch (error) {
    throw new ToolkitError('config', `${path} is damaged (${(error as Error).message}): run \`maildoctor m365 logout\` and sign in again`);
  }
}

/** Writes the file atomically with mode 0600 (the temporary file is created with it). */
export function writeLoginFile(path: string, data: LoginFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(data) + '\n', { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

/** Removes the file; false when there was none. */
export function removeLoginFile(path: string): boolean {
  try {
    rmSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new ToolkitError('config', `cannot remove ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** MSAL's cache plugin over the login file: read before each access, written when MSAL changed it. */
export function loginFileCachePlugin(path: string, login: LoginSettings): ICachePlugin & { lastWritten: () => LoginFile | null } {
  let last: LoginFile | null = null;
  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      const file = readLoginFile(path);
      if (file?.msal) context.tokenCache.deserialize(file.msal);
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (!context.cacheHasChanged) return;
      const current = readLoginFile(path);
      last = { version: 1, login: current?.login ?? login, msal: context.tokenCache.serialize() };
      writeLoginFile(path, last);
    },
    lastWritten: () => last,
  };
}
