/**
 * DKIM key record text -> key facts (RFC 6376 section 3.6.1; RSA key sizes RFC 8301;
 * Ed25519 RFC 8463). Pure; the RSA key is read with node:crypto, which does no I/O.
 * @module
 */
import { createPublicKey } from 'node:crypto';
import type { FindingCode } from '../types.js';

export interface DkimKeyProblem {
  code: FindingCode;
  vars: Record<string, unknown>;
}

export interface ParsedDkimKey {
  record: string;
  /** k= (rsa when absent). */
  keyType: string;
  /** Key size in bits (RSA: modulus length; Ed25519: 256); null when unreadable. */
  bits: number | null;
  /** How the key is encoded: SubjectPublicKeyInfo, PKCS#1 (RSA) or raw (Ed25519). */
  format: 'spki' | 'pkcs1' | 'raw' | null;
  /** Empty p=: the key is revoked. */
  revoked: boolean;
  /** t=y. */
  testing: boolean;
  /** h= when given. */
  hashes: string[] | null;
  /** s= (default *). */
  services: string[];
  problems: DkimKeyProblem[];
}

/** Whether a TXT record looks like a DKIM key record (v=DKIM1 first, or a p= tag). */
export function isDkimKeyRecord(text: string): boolean {
  return /^\s*v\s*=\s*DKIM1\s*(?:;|$)/i.test(text) || /(?:^|;)\s*p\s*=/i.test(text);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Splits a tag-list (RFC 6376 section 3.2); duplicate tags are a problem. */
function tagList(text: string): { tags: Map<string, string>; order: string[]; problem: string | null } {
  const tags = new Map<string, string>();
  const order: string[] = [];
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const m = /^\s*([a-zA-Z][a-zA-Z0-9_]*)\s*=(.*)$/s.exec(part);
    if (!m) return { tags, order, problem: `"${part.trim()}" is not tag=value` };
    const name = (m[1] ?? '').toLowerCase();
    if (tags.has(name)) return { tags, order, problem: `the tag ${name}= appears twice` };
    tags.set(name, (m[2] ?? '').trim());
    order.push(name);
  }
  return { tags, order, problem: null };
}

function readKey(p: string, keyType: string, name: string, selector: string, out: ParsedDkimKey): void {
  const invalid = (reason: string): void => {
    out.problems.push({ code: 'dkim.key-invalid', vars: { name, selector, reason } });
  };
  if (!BASE64.test(p) || p.length % 4 === 1) return invalid('p= is not base64');
  const der = Buffer.from(p, 'base64');
  if (keyType === 'ed25519') {
    if (der.length !== 32) return invalid(`an Ed25519 key is 32 bytes, this one is ${der.length}`);
    out.bits = 256;
    out.format = 'raw';
    return;
  }
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      const key = createPublicKey({ key: der, format: 'der', type });
      if (key.asymmetricKeyType !== 'rsa') return invalid(`k=rsa but the key is ${key.asymmetricKeyType ?? 'of another type'}`);
      out.bits = key.asymmetricKeyDetails?.modulusLength ?? null;
      out.format = type;
      if (type === 'pkcs1') out.problems.push({ code: 'dkim.key-pkcs1', vars: { name } });
      return;
    } catch {
      // try the next encoding
    }
  }
  invalid('p= is not an RSA public key (damaged or cut short)');
}

/** Parses a DKIM key record found at `name`. Never throws. */
export function parseDkimKey(record: string, name: string, selector: string): ParsedDkimKey {
  const out: ParsedDkimKey = { record, keyType: 'rsa', bits: null, format: null, revoked: false, testing: false, hashes: null, services: ['*'], problems: [] };
  const { tags, order, problem } = tagList(record);
  const syntax = (reason: string): ParsedDkimKey => {
    out.problems.push({ code: 'dkim.syntax-error', vars: { name, reason } });
    return out;
  };
  if (problem) return syntax(problem);
  const version = tags.get('v');
  if (version !== undefined && (order[0] !== 'v' || version !== 'DKIM1')) return syntax('v=DKIM1 must be the first tag, written exactly so');
  out.keyType = (tags.get('k') ?? 'rsa').toLowerCase();
  if (out.keyType !== 'rsa' && out.keyType !== 'ed25519') out.problems.push({ code: 'dkim.key-type-unknown', vars: { name, keyType: out.keyType } });
  const h = tags.get('h');
  if (h !== undefined) {
    out.hashes = h.split(':').map((s) => s.trim().toLowerCase());
    if (!out.hashes.includes('sha256')) out.problems.push({ code: 'dkim.sha1-only', vars: { name } });
  }
  const s = tags.get('s');
  if (s !== undefined) {
    out.services = s.split(':').map((x) => x.trim().toLowerCase());
    if (!out.services.includes('*') && !out.services.includes('email')) out.problems.push({ code: 'dkim.not-for-email', vars: { name, services: out.services } });
  }
  const flags = (tags.get('t') ?? '').split(':').map((x) => x.trim().toLowerCase());
  out.testing = flags.includes('y');
  const p = tags.get('p');
  if (p === undefined) return syntax('the key tag p= is missing');
  const key = p.replace(/\s+/g, '');
  if (key === '') {
    out.revoked = true;
    return out;
  }
  if (out.keyType !== 'rsa' && out.keyType !== 'ed25519') return out;
  readKey(key, out.keyType, name, selector, out);
  if (out.keyType === 'rsa' && out.bits !== null) {
    if (out.bits < 1024) out.problems.push({ code: 'dkim.key-too-short', vars: { name, bits: out.bits } });
    else if (out.bits < 2048) out.problems.push({ code: 'dkim.key-weak', vars: { name, bits: out.bits } });
  }
  return out;
}
