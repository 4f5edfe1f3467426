/**
 * Turns a parsed Outlook .msg into the RFC 5322 / MIME message the bounce pipeline reads: the
 * report's own header fields, and for report classes a multipart/report (RFC 6522) whose
 * message/delivery-status part (RFC 3464) is rebuilt from the recipient table's non-delivery
 * properties, with the returned original's header fields as text/rfc822-headers. Pure: no I/O.
 * @module
 * @example
 * const msg = readOutlookMsg(bytes);
 * if (msg) analyzeBounce(msgToMime(msg));
 */
import { firstAddress } from '../../core/email-address.js';
import { findReplyAndStatus } from '../../core/smtp-status.js';
import mapiNdrCodes from './mapi-ndr-codes.json' with { type: 'json' };
import type { OutlookMessage, OutlookMsg, OutlookRecipient } from './read-outlook-msg.js';

/** What a report message class says happened (RFC 3464 actions, plus read notifications). */
export type ReportType = 'failed' | 'delivered' | 'delayed' | 'relayed' | 'expanded' | 'read' | 'not-read';

/**
 * Report classes are `REPORT.<class of the original>.<suffix>` ([MS-OXOMSG], report message
 * classes): NDR non-delivery, DR delivery, IPNRN read and IPNNRN not-read notification. Delayed,
 * Relayed and Expanded are the classes Exchange gives the other RFC 3464 actions.
 */
const REPORT_SUFFIXES: Record<string, ReportType> = {
  ndr: 'failed', dr: 'delivered', delayed: 'delayed', relayed: 'relayed', expanded: 'expanded',
  ipnrn: 'read', ipnnrn: 'not-read',
};

interface CodeEntry {
  value: number;
  name: string;
  meaning: string | null;
}

const REASON_CODES = new Map<number, CodeEntry>(mapiNdrCodes.reasonCodes.map((c) => [c.value, c]));
const DIAG_CODES = new Map<number, CodeEntry>(mapiNdrCodes.diagCodes.map((c) => [c.value, c]));

const CRLF = '\r\n';
/** Header fields of the report's transport headers that the rebuilt MIME structure replaces. */
const REPLACED_FIELDS = /^(?:content-[a-z0-9-]*|mime-version)$/i;

/** The report type of a message class, or null for classes that are not reports. */
export function reportTypeOf(messageClass: string | null): ReportType | null {
  if (!messageClass || !/^report\./i.test(messageClass)) return null;
  return REPORT_SUFFIXES[messageClass.slice(messageClass.lastIndexOf('.') + 1).toLowerCase()] ?? null;
}

/** One line, no control characters: property values must not break the header structure. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').replace(/[\x00-\x1f\x7f]/g, '').trim();
}

/** RFC 2047 B-encoding for values with non-ASCII characters, in words of at most 75 characters. */
function encodeWords(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const chars = Array.from(value);
  const words: string[] = [];
  for (let i = 0; i < chars.length; i += 10) {
    words.push(`=?UTF-8?B?${Buffer.from(chars.slice(i, i + 10).join(''), 'utf8').toString('base64')}?=`);
  }
  return words.join(CRLF + ' ');
}

function mailbox(name: string | null, address: string | null): string | null {
  if (!address) return name ? encodeWords(oneLine(name)) : null;
  if (!name || name === address) return `<${address}>`;
  const display = oneLine(name);
  const phrase = /^[\x20-\x7e]*$/.test(display) ? `"${display.replace(/["\\]/g, '\\$&')}"` : encodeWords(display);
  return `${phrase} <${address}>`;
}

/**
 * The header fields of a header block, each with its folded lines: stops at the first empty
 * line and drops lines that are neither a field nor a continuation (Exchange 2003 put
 * `Microsoft Mail Internet Headers Version 2.0` before the fields).
 */
function headerFields(block: string): { name: string; text: string }[] {
  const fields: { name: string; text: string }[] = [];
  for (const line of block.replace(/\r\n?/g, '\n').replace(/^\n+/, '').split('\n')) {
    if (line.trim() === '') break;
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line)) {
      if (last) last.text += CRLF + line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
      continue;
    }
    const name = /^([!-9;-~]{1,76}):/.exec(line)?.[1];
    if (name) fields.push({ name, text: line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '') });
  }
  return fields;
}

function hasField(fields: readonly { name: string }[], name: string): boolean {
  return fields.some((f) => f.name.toLowerCase() === name);
}

function addField(fields: { name: string; text: string }[], name: string, value: string | null): void {
  if (value && !hasField(fields, name.toLowerCase())) fields.push({ name, text: `${name}: ${value}` });
}

function messageId(id: string | null): string | null {
  if (!id) return null;
  const clean = oneLine(id);
  return clean.startsWith('<') ? clean : `<${clean}>`;
}

/** The header fields of a message object: its transport headers, completed from its properties. */
function messageFields(message: OutlookMessage, dropReplaced: boolean): { name: string; text: string }[] {
  const fields = headerFields(message.transportHeaders ?? '').filter((f) => !(dropReplaced && REPLACED_FIELDS.test(f.name)));
  addField(fields, 'From', mailbox(message.senderName, message.senderAddress));
  addField(fields, 'To', message.displayTo ? encodeWords(oneLine(message.displayTo)) : null);
  addField(fields, 'Subject', message.subject ? encodeWords(oneLine(message.subject)) : null);
  addField(fields, 'Date', message.date);
  addField(fields, 'Message-ID', messageId(message.internetMessageId));
  return fields;
}

/** The failed address of a recipient row: the SMTP address, else any address the row holds. */
function recipientAddress(r: OutlookRecipient): string | null {
  for (const value of [r.smtpAddress, r.emailAddress, r.displayName]) {
    const address = value ? firstAddress(value) ?? undefined : undefined;
    if (address) return address;
  }
  return null;
}

function codeText(value: number, table: ReadonlyMap<number, CodeEntry>): string {
  const entry = table.get(value);
  return entry ? `${value} (${entry.name})` : String(value);
}

/** The per-recipient fields of one row (RFC 3464 section 2.3), plus the raw MAPI values. */
function recipientGroup(r: OutlookRecipient, action: ReportType): string[] | null {
  const address = recipientAddress(r);
  const other = r.emailAddress ?? r.displayName;
  if (!address && !other) return null;
  const lines = [address ? `Final-Recipient: rfc822; ${address}` : `Final-Recipient: x-unknown; ${oneLine(other ?? '')}`];
  lines.push(`Action: ${action}`);
  const info = r.supplementaryInfo ? oneLine(r.supplementaryInfo) : null;
  const smtp = info ? findReplyAndStatus(info) : null;
  if (smtp?.status) lines.push(`Status: ${smtp.status}`);
  const meaning = r.diagCode === null ? null : DIAG_CODES.get(r.diagCode)?.meaning ?? null;
  if (info && (smtp?.replyCode || smtp?.status)) lines.push(`Diagnostic-Code: smtp; ${info}`);
  else if (info || meaning) lines.push(`Diagnostic-Code: x-mapi; ${[info, meaning].filter(Boolean).join('; ')}`);
  if (r.displayName && r.displayName !== address) lines.push(`X-Display-Name: ${encodeWords(oneLine(r.displayName))}`);
  if (r.reasonCode !== null) lines.push(`X-Ndr-Reason-Code: ${codeText(r.reasonCode, REASON_CODES)}`);
  if (r.diagCode !== null) lines.push(`X-Ndr-Diag-Code: ${codeText(r.diagCode, DIAG_CODES)}`);
  if (r.statusCode !== null) lines.push(`X-Ndr-Status-Code: ${r.statusCode}`);
  return lines;
}

/** The returned original's header fields: the embedded message's, else what the report names of it. */
function originalFields(msg: OutlookMsg): { name: string; text: string }[] {
  if (msg.embedded) return messageFields(msg.embedded, false);
  const fields: { name: string; text: string }[] = [];
  addField(fields, 'Subject', msg.originalSubject ? encodeWords(oneLine(msg.originalSubject)) : null);
  return fields;
}

interface Part {
  headers: string[];
  body: string;
}

function textPart(msg: OutlookMsg): Part {
  if (msg.body || !msg.html) return { headers: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'], body: msg.body ?? '' };
  return { headers: ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit'], body: msg.html };
}

function boundaryFor(parts: readonly Part[]): string {
  for (let n = 0; ; n++) {
    const boundary = `=_maildoctor_msg_${n}`;
    if (!parts.some((p) => p.body.includes(boundary))) return boundary;
  }
}

/** Builds the MIME message (CRLF line ends) for a parsed .msg. */
export function msgToMime(msg: OutlookMsg): string {
  const report = reportTypeOf(msg.messageClass);
  const top = messageFields(msg, true);
  if (report === 'failed') addField(top, 'X-MS-Exchange-Message-Is-Ndr', 'true');
  if (msg.messageClass) top.push({ name: 'X-Outlook-Message-Class', text: `X-Outlook-Message-Class: ${oneLine(msg.messageClass)}` });
  const parts: Part[] = [textPart(msg)];
  let contentType = 'multipart/mixed';
  if (report === 'read' || report === 'not-read') {
    contentType = 'multipart/report; report-type=disposition-notification';
  } else if (report) {
    contentType = 'multipart/report; report-type=delivery-status';
    const groups = msg.recipients.map((r) => recipientGroup(r, report)).filter((g): g is string[] => g !== null);
    if (groups.length > 0) parts.push({ headers: ['Content-Type: message/delivery-status'], body: groups.map((g) => g.join(CRLF)).join(CRLF + CRLF) });
  }
  const original = originalFields(msg);
  if (original.length > 0) parts.push({ headers: ['Content-Type: text/rfc822-headers; charset=utf-8'], body: original.map((f) => f.text).join(CRLF) });
  const boundary = boundaryFor(parts);
  const lines = top.map((f) => f.text);
  lines.push('MIME-Version: 1.0', `Content-Type: ${contentType}; boundary="${boundary}"`, '');
  for (const part of parts) {
    lines.push(`--${boundary}`, ...part.headers, '', part.body.replace(/\r\n?|\n/g, CRLF));
  }
  lines.push(`--${boundary}--`, '');
  return lines.join(CRLF);
}
