/**
 * The returned original as far as a report gives it: identifiers, the sending IP from its
 * Received headers, and the DKIM-Signature domains and selectors.
 * @module
 */
import { header, rawHeaders, type HeaderField } from '../mime/header-lines.js';
import type { OriginalMessage } from './types.js';

const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/;
const IPV6_BRACKETED = /\[(?:IPv6:)?([0-9a-f:]{3,39})\]/i;

/** Private, loopback, link-local and documentation-free ranges are not a sending IP on the internet. */
export function isPublicIpv4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  return true;
}

/** The connecting client's IP of one Received header's `from` clause (RFC 5321 section 4.4). */
export function receivedFromIp(received: string): string | null {
  const fromClause = /^\s*from\s+([\s\S]*?)(?:\bby\b|$)/i.exec(received)?.[1] ?? '';
  const v4 = IPV4.exec(fromClause)?.[0];
  if (v4) return v4;
  const v6 = IPV6_BRACKETED.exec(fromClause)?.[1];
  return v6 && v6.includes(':') ? v6.toLowerCase() : null;
}

function sendingIp(headers: readonly HeaderField[]): string | null {
  for (const received of rawHeaders(headers, 'received')) {
    const ip = receivedFromIp(received);
    if (ip && (ip.includes(':') ? !/^(?:fe80|::1|fc|fd)/i.test(ip) : isPublicIpv4(ip))) return ip;
  }
  return null;
}

function dkimSignatures(headers: readonly HeaderField[]): { domain: string; selector: string }[] {
  return rawHeaders(headers, 'dkim-signature').flatMap((value) => {
    const tags = new Map<string, string>();
    for (const part of value.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).replace(/\s+/g, ''));
    }
    const domain = tags.get('d');
    const selector = tags.get('s');
    return domain && selector ? [{ domain: domain.toLowerCase(), selector }] : [];
  });
}

export function originalFromHeaders(headers: readonly HeaderField[] | null): OriginalMessage | null {
  if (!headers || headers.length === 0) return null;
  const messageId = header(headers, 'message-id');
  return {
    messageId: messageId ? messageId.trim() : null,
    subject: header(headers, 'subject'),
    from: header(headers, 'from'),
    to: header(headers, 'to'),
    date: header(headers, 'date'),
    sendingIp: sendingIp(headers),
    dkim: dkimSignatures(headers),
  };
}

