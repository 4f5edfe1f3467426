/**
 * Text helpers shared by the MTA parsers: where the returned original starts inside a plain-text
 * report, which addresses a line names, and whether a message looks like a bounce at all.
 * @module
 */
import { addressPattern } from '../core/email-address.js';
import { trimChars } from '../core/trim-chars.js';
import { header, rawHeaders } from '../mime/header-lines.js';
import type { BounceMessage } from './types.js';

/** An e-mail address inside free text (deliberately simple and linear-time). */
export const ADDRESS_IN_TEXT = addressPattern();

/** Lines that start the returned original (or its headers) in plain-text reports. */
const ORIGINAL_MARKERS = [
  /^-{2,}\s*(?:this is a copy of|below this line is a copy|original message|the original message|start of returned message|returned message|unsent message below|message headers follow|header of the original|original message headers|a copy of the original|the header of the original)/im,
  /^\s*original message headers:?\s*$/im,
  /^\s*-+\s*original message\s*-+\s*$/im,
  /^content-type: message\/rfc822/im,
  /^\s*------ ?(?:This is a copy|Original)/im,
  /^\s*(?:Original message headers|Original Message Headers|Message headers follow)/m,
  /^Received: from .{1,200}\n/m,
];

/** The report text before the returned original, if a marker is found. */
export function textBeforeOriginal(text: string): string {
  let cut = text.length;
  for (const marker of ORIGINAL_MARKERS) {
    const m = marker.exec(text);
    if (m && m.index > 0 && m.index < cut) cut = m.index;
  }
  return text.slice(0, cut);
}

export function addressesIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(ADDRESS_IN_TEXT)) {
    const address = trimChars(m[0], ".'-");
    if (!found.includes(address)) found.push(address);
  }
  return found;
}

/** Addresses that are never the failed recipient: the bounce's own sender and receiver. */
export function nonRecipientAddresses(msg: BounceMessage): Set<string> {
  const set = new Set<string>();
  for (const name of ['from', 'to', 'return-path', 'reply-to', 'sender']) {
    for (const value of rawHeaders(msg.headers, name)) for (const a of addressesIn(value)) set.add(a.toLowerCase());
  }
  if (msg.originalHeaders) {
    for (const a of addressesIn(header(msg.originalHeaders, 'from') ?? '')) set.add(a.toLowerCase());
  }
  return set;
}

/** Local parts of system senders (RFC 5321 section 4.5.1, common MTA defaults). */
const SYSTEM_SENDER = /\b(?:mailer-daemon|postmaster|mail delivery (?:system|subsystem)|mail administrator|mmdf|root|mailer|bounce[sd]?|nobody|smtp|noreply)\b/i;
const BOUNCE_SUBJECT = /undeliver|undelivered|delivery (?:status|failure|failed|notification|report|problem)|returned mail|returned to sender|failure notice|mail delivery failed|could not be delivered|non[- ]?delivery|delivery has failed|not delivered|mail system error|rejected|failed delivery|warning: could not send|delayed mail|delivery delayed|message delayed|bounce|unzustellbar|non remis|non recapitabile|onbestelbaar|n[ãa]o entregue|no se puede entregar|zustellung|不達|エラー|配信不能|失败|退信|nicht zustellbar|impossible de|nedoručitelné|niedostarczalna|olmayan|no entregado/i;

/** Whether the message carries the usual marks of an automatic failure report. */
export function looksLikeReport(msg: BounceMessage): boolean {
  if (msg.deliveryStatus) return true;
  if (header(msg.headers, 'x-failed-recipients') !== null) return true;
  if (msg.headers.some((h) => h.name === 'x-ms-exchange-message-is-ndr')) return true;
  if (SYSTEM_SENDER.test(msg.from)) return true;
  if (BOUNCE_SUBJECT.test(msg.subject)) return true;
  const returnPath = header(msg.headers, 'return-path');
  if (returnPath !== null && /^<?\s*>?$/.test(returnPath.trim())) return true;
  return msg.pasted;
}
