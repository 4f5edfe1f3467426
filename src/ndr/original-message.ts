/**
 * The returned original as far as a report gives it: identifiers, the sending IP from its
 * Received headers, and the DKIM-Signature domains and selectors.
 * @module
 */
import { ipScopeOf, isInternetScope } from '../core/ip-address.js';
import { header, isFieldLine, parseHeaderBlock, rawHeaders, type HeaderField } from '../mime/header-lines.js';
import type { OriginalMessage } from './types.js';

const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/;
const IPV6_BRACKETED = /\[(?:IPv6:)?([0-9a-f:]{3,39})\]/i;

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
    // Private, loopback, link-local, CGNAT and reserved addresses are hops inside a network, not
    // the sending IP on the internet; documentation addresses stand in for real ones in examples.
    if (ip && isInternetScope(ipScopeOf(ip))) return ip;
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


const ORIGINAL_FIELDS = /^(?:received|return-path|from|to|subject|date|message-id|dkim-signature|mime-version|authentication-results):/i;
const MIN_HEADER_RUN = 3;

/**
 * The returned original's header block inside a report's text (text-only NDRs, text pasted
 * from a mail client): the first run of at least three header fields that includes a message
 * field such as Received, From or Subject.
 */
export function originalHeadersInText(text: string): HeaderField[] | null {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!isFieldLine(lines[i] ?? '') || !ORIGINAL_FIELDS.test(lines[i] ?? '')) continue;
    let end = i;
    let fields = 0;
    while (end < lines.length && (lines[end] ?? '') !== '' && (isFieldLine(lines[end] ?? '') || /^[ \t]/.test(lines[end] ?? ''))) {
      if (isFieldLine(lines[end] ?? '')) fields++;
      end++;
    }
    if (fields >= MIN_HEADER_RUN) return parseHeaderBlock(lines.slice(i, end).join('\n'));
  }
  return null;
}

/** "Original Message Details" of Microsoft's new NDR layout (Created Date, Sender Address, Subject). */
function newLayoutDetails(text: string): OriginalMessage | null {
  const at = text.search(/Original Message Details/i);
  if (at < 0) return null;
  const block = text.slice(at, at + 2000);
  const value = (label: string): string | null => new RegExp(`^\\s*${label}:?\\s*(?:\\n\\s*)?([^\\n]+)$`, 'im').exec(block)?.[1]?.trim() || null;
  const subject = value('Subject');
  if (!subject) return null;
  return { messageId: null, subject, from: value('Sender Address'), to: value('Recipient Address'), date: value('Created Date'), sendingIp: null, dkim: [] };
}

/** The original from a report's text, when the report has no MIME part for it. */
export function originalFromText(text: string): OriginalMessage | null {
  return originalFromHeaders(originalHeadersInText(text)) ?? newLayoutDetails(text) ?? quotedSummary(text);
}

/** An indented summary of the original ("  Subject: ...", "  Sent: ...") as Exchange 2003 writes it. */
function quotedSummary(text: string): OriginalMessage | null {
  const head = text.slice(0, 4000);
  const subject = /^[ \t]+Subject:[ \t]*([^\n]+)$/m.exec(head)?.[1]?.trim();
  if (!subject) return null;
  const to = /^[ \t]+To:[ \t]*([^\n]+)$/m.exec(head)?.[1]?.trim() ?? null;
  const date = /^[ \t]+(?:Sent|Date):[ \t]*([^\n]+)$/m.exec(head)?.[1]?.trim() ?? null;
  return { messageId: null, subject, from: null, to, date, sendingIp: null, dkim: [] };
}
