/**
 * Signing in to Microsoft Graph with @azure/msal-node: the device-code flow (delegated, an
 * administrator types a code at the cloud's sign-in page) and client credentials (an app
 * registration with a secret or a certificate, for scheduled pulls). Tokens live in the login
 * file (token-cache-file.ts); later commands get a token silently from it, refreshed by MSAL
 * when it expires. The authority and Graph scopes come from the chosen cloud. MSAL's network
 * client can be injected (tests: nothing may leave loopback).
 * Sources: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code;
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow;
 * microsoft-365-mail-facts.md sections 3.4 and 5.1 (permissions).
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfidentialClientApplication, PublicClientApplication, type AuthenticationResult, type Configuration, type INetworkModule } from '@azure/msal-node';
import { ToolkitError } from '../../core/errors.js';
import type { TokenProvider } from '../graph/graph-client.js';
import { nationalCloud } from './national-clouds.js';
import { loginFileCachePlugin, readLoginFile, writeLoginFile, type LoginSettings } from './token-cache-file.js';

/** The delegated permissions asked for (admin consent needed; the user must hold an admin role). */
export const DELEGATED_PERMISSIONS = ['ServiceHealth.Read.All', 'ExchangeMessageTrace.Read.All'] as const;

/** Secret of the client-secret flow: read from the environment, never from the command line or the file. */
export const CLIENT_SECRET_ENV = 'MAILDOCTOR_M365_CLIENT_SECRET';

export function delegatedScopes(login: Pick<LoginSettings, 'cloud'>): string[] {
  const graph = nationalCloud(login.cloud).graph;
  return DELEGATED_PERMISSIONS.map((p) => `${graph}/${p}`);
}

export function appScopes(login: Pick<LoginSettings, 'cloud'>): string[] {
  return [`${nationalCloud(login.cloud).graph}/.default`];
}

export function authorityUrl(login: Pick<LoginSettings, 'cloud' | 'tenant'>): string {
  return `${nationalCloud(login.cloud).authority}/${encodeURIComponent(login.tenant)}`;
}

/** The private key and the certificate's SHA-256 thumbprint from one PEM file. */
export function readClientCertificate(file: string): { privateKey: string; thumbprintSha256: string; x5c: string } {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ToolkitError('input-missing', `cannot read the certificate file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const key = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!cert || !key) throw new ToolkitError('input-unreadable', `${file} must hold the certificate and its private key (PEM)`);
  const thumbprintSha256 = new X509Certificate(cert).fingerprint256.replace(/:/g, '');
  return { privateKey: key, thumbprintSha256, x5c: cert };
}

export interface MsalOptions {
  loginFile: string;
  env: NodeJS.ProcessEnv;
  /** MSAL's HTTP client; default: its own (the network). */
  networkClient?: INetworkModule;
}

function configuration(login: LoginSettings, options: MsalOptions): Configuration {
  const auth: Configuration['auth'] = { clientId: login.clientId, authority: authorityUrl(login) };
  if (login.flow === 'client-secret') {
    const secret = options.env[CLIENT_SECRET_ENV];
    if (!secret) throw new ToolkitError('config', `the client secret is read from ${CLIENT_SECRET_ENV}, which is not set`);
    auth.clientSecret = secret;
  }
  if (login.flow === 'client-certificate') {
    if (!login.certificateFile) throw new ToolkitError('usage', 'the certificate flow needs --certificate FILE');
    auth.clientCertificate = readClientCertificate(login.certificateFile);
  }
  return {
    auth,
    cache: { cachePlugin: loginFileCachePlugin(options.loginFile, login) },
    ...(options.networkClient ? { system: { networkClient: options.networkClient } } : {}),
  };
}

export type SignInResult = { ok: true; username: string | null; expiresOn: string | null } | { ok: false; problem: string };

function describeError(error: unknown): string {
  const e = error as { errorCode?: string; errorMessage?: string; message?: string };
  return [e.errorCode, e.errorMessage ?? e.message].filter(Boolean).join(': ') || String(error);
}

/**
 * Signs in and keeps the tokens in the login file. Device code: `onCode` shows the message
 * (URL and code) the user must act on. The settings are written first, so the cache plugin
 * can add the tokens to them.
 */
export async function signIn(login: LoginSettings, options: MsalOptions, onCode: (message: string) => void): Promise<SignInResult> {
  const config = configuration(login, options);
  writeLoginFile(options.loginFile, { version: 1, login, msal: readLoginFile(options.loginFile)?.msal ?? '' });
  let result: AuthenticationResult | null;
  try {
    if (login.flow === 'device-code') {
      const app = new PublicClientApplication(config);
      result = await app.acquireTokenByDeviceCode({ scopes: delegatedScopes(login), deviceCodeCallback: (response) => onCode(response.message) });
    } else {
      const app = new ConfidentialClientApplication(config);
      result = await app.acquireTokenByClientCredential({ scopes: appScopes(login) });
    }
  } catch (error) {
    return { ok: false, problem: describeError(error) };
  }
  if (!result) return { ok: false, problem: 'no token was issued' };
  if (login.flow === 'device-code' && result.account) {
    const file = readLoginFile(options.loginFile);
    if (file) writeLoginFile(options.loginFile, { ...file, login: { ...file.login, homeAccountId: result.account.homeAccountId, username: result.account.username } });
  }
  return { ok: true, username: result.account?.username ?? null, expiresOn: result.expiresOn?.toISOString() ?? null };
}

/**
 * The token of the signed-in account or app, from the login file (MSAL refreshes it when it
 * has expired; `refresh` forces that). null when not signed in.
 */
export function cachedTokenProvider(options: MsalOptions): TokenProvider | null {
  const file = readLoginFile(options.loginFile);
  if (!file) return null;
  const login = file.login;
  return async (refresh) => {
    const config = configuration(login, options);
    try {
      if (login.flow === 'device-code') {
        const app = new PublicClientApplication(config);
        const account = (await app.getTokenCache().getAllAccounts()).find((a) => a.homeAccountId === login.homeAccountId) ?? null;
        if (!account) return null;
        return (await app.acquireTokenSilent({ account, scopes: delegatedScopes(login), forceRefresh: refresh })).accessToken;
      }
      const app = new ConfidentialClientApplication(config);
      return (await app.acquireTokenByClientCredential({ scopes: appScopes(login), skipCache: refresh }))?.accessToken ?? null;
    } catch {
      // Refresh token expired or revoked, or no network: the caller reports "sign in again".
      return null;
    }
  };
}
