/**
 * The API token: when it is required, where it comes from, and the check of
 * `Authorization: Bearer <token>` (RFC 6750 section 2.1), made in constant time: both sides
 * are hashed to SHA-256 first, so neither the content nor the length of the token leaks
 * through timing (Node's timingSafeEqual needs equal lengths).
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { ToolkitError } from '../core/errors.js';

/** Shortest token accepted from MAILDOCTOR_TOKEN (a guessable token protects nothing). */
export const MIN_TOKEN_CHARS = 16;

/** Whether `host` (the address the server binds) is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '::ffff:127.0.0.1';
}

export interface TokenSetting {
  /** null: no token required (loopback and none configured). */
  token: string | null;
  /** The token was made up at start; the server prints it once. */
  generated: boolean;
}

/**
 * The token of a server: the configured one (MAILDOCTOR_TOKEN), else a random one when the
 * server is bound beyond loopback, else none.
 */
export function chooseToken(host: string, configured: string | undefined, random: (bytes: number) => Buffer = randomBytes): TokenSetting {
  if (configured !== undefined && configured !== '') {
    if (configured.length < MIN_TOKEN_CHARS || /[\s\x00-\x1f]/.test(configured)) {
      throw new ToolkitError('config', `MAILDOCTOR_TOKEN must be at least ${MIN_TOKEN_CHARS} characters with no spaces or control characters`);
    }
    return { token: configured, generated: false };
  }
  if (isLoopbackHost(host)) return { token: null, generated: false };
  return { token: random(32).toString('base64url'), generated: true };
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** A checker of Authorization header values against one token. */
export function bearerTokenChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
    // A missing header is compared too, against nothing, so that every answer costs the same.
    return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
  };
}
