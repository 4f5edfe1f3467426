/**
 * Matches TLSA records against the certificate chain an MX presented (RFC 6698 section
 * 2.1, RFC 7671, RFC 7672 section 3.1): DANE-EE(3) against the leaf alone, names and dates
 * ignored (RFC 7671 section 5.1); DANE-TA(2) against a CA certificate of the chain that the
 * leaf chains up to, and then the leaf's names must match the MX host (RFC 7672 section
 * 3.2.3). Pure (hashing only).
 * @module
 */
import { X509Certificate, createHash } from 'node:crypto';
import type { SmtpCertificateInfo } from '../../io/smtp/smtp-probe.js';
import { certificateNameMatches } from '../smtp/evaluate-certificate.js';
import type { ParsedTlsa } from './parse-tlsa.js';

function selected(cert: X509Certificate, selector: number): Buffer {
  return selector === 1 ? cert.publicKey.export({ type: 'spki', format: 'der' }) : cert.raw;
}

function matches(record: ParsedTlsa, cert: X509Certificate): boolean {
  const bytes = selected(cert, record.selector);
  const value = record.matchingType === 0 ? bytes.toString('hex') : createHash(record.matchingType === 1 ? 'sha256' : 'sha512').update(bytes).digest('hex');
  return value === record.data;
}

function load(chain: readonly SmtpCertificateInfo[]): X509Certificate[] | null {
  try {
    return chain.map((c) => new X509Certificate(Buffer.from(c.der, 'base64')));
  } catch {
    return null;
  }
}

/** Whether the chain up to index `to` is signed link by link. */
function chainsUp(certs: readonly X509Certificate[], to: number): boolean {
  for (let i = 0; i < to; i++) {
    const child = certs[i]!;
    const parent = certs[i + 1]!;
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) return false;
  }
  return true;
}

export interface TlsaMatch {
  matched: boolean;
  /** The record that matched ("3 1 1 (...)"), when one did. */
  record: string | null;
  why: string;
}

export function matchTlsa(host: string, records: readonly ParsedTlsa[], chain: readonly SmtpCertificateInfo[]): TlsaMatch {
  const certs = load(chain);
  if (!certs || certs.length === 0) return { matched: false, record: null, why: 'no readable certificate was presented' };
  const leaf = certs[0]!;
  for (const record of records.filter((r) => r.usable)) {
    if (record.usage === 3 && matches(record, leaf)) return { matched: true, record: record.text, why: 'the server certificate matches (DANE-EE)' };
    if (record.usage === 2) {
      for (let i = 1; i < certs.length; i++) {
        if (!matches(record, certs[i]!) || !certs[i]!.ca || !chainsUp(certs, i)) continue;
        if (!certificateNameMatches(host, chain[0]!.altNames, chain[0]!.commonName)) return { matched: false, record: record.text, why: `the trust anchor matches (DANE-TA) but the certificate is not for ${host}` };
        return { matched: true, record: record.text, why: 'a CA certificate of the chain matches and signs the server certificate (DANE-TA)' };
      }
    }
  }
  return { matched: false, record: null, why: 'no usable TLSA record matches the certificate chain presented' };
}
