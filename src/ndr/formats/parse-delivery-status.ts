/**
 * The RFC 3464 delivery-status fields parser (section 2): per-message fields, then one group of
 * per-recipient fields per recipient, with folded lines. Tolerates the real-world variants:
 * no blank line between groups, CR line ends, upper- or lower-case names, missing type prefixes.
 * @module
 */
import { MAX_ADDRESS_CHARS } from '../../core/limits.js';
import { normalizeStatus } from '../../core/smtp-status.js';
import { trimChars } from '../../core/trim-chars.js';
import type { DsnAction } from '../types.js';

export interface DsnPerMessage {
  reportingMta: string | null;
  receivedFromMta: string | null;
  arrivalDate: string | null;
  originalEnvelopeId: string | null;
  dsnGateway: string | null;
}

export interface DsnRecipient {
  finalRecipient: string | null;
  originalRecipient: string | null;
  action: DsnAction | null;
  /** The Action value as written, when it is not one of the RFC 3464 values. */
  actionText: string | null;
  status: string | null;
  remoteMta: string | null;
  diagnosticCode: string | null;
  diagnosticType: string | null;
  lastAttemptDate: string | null;
  willRetryUntil: string | null;
  finalLogId: string | null;
  /** Any other field of the group, name lower-case. */
  extra: Record<string, string>;
}

export interface DeliveryStatusReport {
  perMessage: DsnPerMessage;
  recipients: DsnRecipient[];
}

/** Fields that belong to a recipient group (RFC 3464 section 2.3, plus common extensions). */
const PER_RECIPIENT_FIELDS = new Set([
  'final-recipient', 'original-recipient', 'x-actual-recipient', 'action', 'status', 'remote-mta',
  'diagnostic-code', 'last-attempt-date', 'will-retry-until', 'final-log-id', 'x-display-name',
]);

function hasRecipientData(r: DsnRecipient): boolean {
  return r.finalRecipient !== null || r.originalRecipient !== null || r.action !== null || r.status !== null;
}

/** Splits `type; value` (RFC 3464 section 2.1.2) and returns the value part. */
export function typedValue(raw: string): { type: string | null; value: string } {
  const m = /^\s*([A-Za-z0-9-]{1,32})\s*;\s*([\s\S]*)$/.exec(raw);
  if (m && m[1] !== undefined && m[2] !== undefined) return { type: m[1].toLowerCase(), value: m[2].trim() };
  return { type: null, value: raw.trim() };
}

/** Cleans an address value: `<bob@example.com>` -> `bob@example.com`. */
export function cleanAddress(value: string): string {
  let v = value.slice(0, MAX_ADDRESS_CHARS * 2).trim();
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(v);
  if (angle?.[1]) v = angle[1];
  // A quoted local part (RFC 5321 section 4.1.2) keeps its quotes: `"john..doe"@example.org`.
  if (/^"[^"\\]{1,128}"@[^\s"<>()]+$/.test(v)) return v;
  v = trimChars(v, `"'(`, `"'),;.`);
  return v;
}

/** Comments that only repeat the class of the code (RFC 3463 section 3.1 names), not a cause. */
const GENERIC_STATUS_COMMENT = /^(?:permanent|persistent|transient|temporary)?\s*(?:failure|error|success)?$|^other or undefined\b|^(?:delivered|delayed|failed)$/i;

/** The comment after the code in `Status: 4.0.0 (example.net: host name lookup failure)`. */
export function statusComment(value: string): string | null {
  const m = /^\s*[245]\.\d{1,3}\.\d{1,3}\s*\(([^()]{1,300})\)\s*$/.exec(value);
  const comment = m?.[1]?.trim() ?? '';
  if (!comment || GENERIC_STATUS_COMMENT.test(comment)) return null;
  return comment;
}

function normalizeAction(raw: string): { action: DsnAction | null; text: string } {
  const text = raw.trim().toLowerCase();
  const word = /^[a-z]+/.exec(text)?.[0] ?? '';
  if (word === 'failed' || word === 'failure' || word === 'fail') return { action: 'failed', text };
  if (word === 'delayed' || word === 'delay') return { action: 'delayed', text };
  if (word === 'delivered' || word === 'deliverable') return { action: 'delivered', text };
  if (word === 'relayed') return { action: 'relayed', text };
  if (word === 'expanded') return { action: 'expanded', text };
  return { action: null, text };
}

function emptyRecipient(): DsnRecipient {
  return {
    finalRecipient: null, originalRecipient: null, action: null, actionText: null, status: null,
    remoteMta: null, diagnosticCode: null, diagnosticType: null, lastAttemptDate: null,
    willRetryUntil: null, finalLogId: null, extra: {},
  };
}

/** Parses the body of a message/delivery-status part. */
export function parseDeliveryStatus(body: string): DeliveryStatusReport {
  const perMessage: DsnPerMessage = { reportingMta: null, receivedFromMta: null, arrivalDate: null, originalEnvelopeId: null, dsnGateway: null };
  const recipients: DsnRecipient[] = [];
  let current: DsnRecipient | null = null;
  const fields: { name: string; value: string; blankBefore: boolean }[] = [];
  let blank = false;
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      blank = true;
      continue;
    }
    if (/^[ \t]/.test(line) && fields.length > 0 && !blank) {
      const last = fields[fields.length - 1];
      if (last) last.value += ' ' + line.trim();
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9-]{0,63})\s*:\s?(.*)$/.exec(line);
    if (!m || m[1] === undefined) {
      // A continuation without indentation (some gateways forget it) extends the last field.
      const last = fields[fields.length - 1];
      if (last && !blank) last.value += ' ' + line.trim();
      continue;
    }
    fields.push({ name: m[1].toLowerCase(), value: (m[2] ?? '').trim(), blankBefore: blank });
    blank = false;
  }
  for (const { name, value, blankBefore } of fields) {
    if (PER_RECIPIENT_FIELDS.has(name)) {
      // Groups are separated by blank lines (RFC 3464 section 2); broken reports without them
      // are split where a field repeats within the current group.
      const repeated = current !== null && (
        (name === 'final-recipient' && current.finalRecipient !== null) ||
        (name === 'original-recipient' && current.originalRecipient !== null) ||
        (name === 'action' && current.action !== null) ||
        (name === 'status' && current.status !== null));
      if (current === null || repeated || (blankBefore && hasRecipientData(current))) {
        current = emptyRecipient();
        recipients.push(current);
      }
    }
    if (!current) {
      const v = typedValue(value).value;
      if (name === 'reporting-mta') perMessage.reportingMta = v;
      else if (name === 'received-from-mta') perMessage.receivedFromMta = v;
      else if (name === 'arrival-date') perMessage.arrivalDate = value;
      else if (name === 'original-envelope-id') perMessage.originalEnvelopeId = value;
      else if (name === 'dsn-gateway') perMessage.dsnGateway = v;
      continue;
    }
    switch (name) {
      case 'final-recipient':
      case 'x-actual-recipient':
        if (name === 'final-recipient' || current.finalRecipient === null) current.finalRecipient = cleanAddress(typedValue(value).value);
        if (name === 'x-actual-recipient') current.extra[name] = typedValue(value).value;
        break;
      case 'original-recipient':
        current.originalRecipient = cleanAddress(typedValue(value).value);
        break;
      case 'action': {
        const { action, text } = normalizeAction(value);
        current.action = action;
        current.actionText = text;
        break;
      }
      case 'status': {
        current.status = normalizeStatus(/[245]\.\d{1,3}\.\d{1,3}/.exec(value)?.[0]) ?? null;
        if (!current.status && value) current.extra['status'] = value;
        const comment = statusComment(value);
        if (comment) current.extra['status-comment'] = comment;
        break;
      }
      case 'remote-mta':
        current.remoteMta = typedValue(value).value || null;
        break;
      case 'diagnostic-code': {
        const typed = typedValue(value);
        current.diagnosticType = typed.type ? typed.type.toUpperCase() : null;
        current.diagnosticCode = typed.value || null;
        break;
      }
      case 'last-attempt-date':
        current.lastAttemptDate = value;
        break;
      case 'will-retry-until':
        current.willRetryUntil = value;
        break;
      case 'final-log-id':
        current.finalLogId = value;
        break;
      case 'reporting-mta':
        if (!perMessage.reportingMta) perMessage.reportingMta = typedValue(value).value;
        break;
      case 'arrival-date':
        perMessage.arrivalDate ??= value;
        break;
      default:
        current.extra[name] = value;
    }
  }
  return { perMessage, recipients: recipients.filter((r) => r.finalRecipient || r.originalRecipient || r.status || r.diagnosticCode) };
}
