/**
 * Amazon SES event notifications as JSON (Amazon SES Developer Guide, "Amazon SNS notification
 * contents for Amazon SES" and "Event publishing: contents of event data"): the object with
 * `notificationType` (or `eventType`) "Bounce", "Complaint", "Delivery", "DeliveryDelay" or
 * "Reject", sent by e-mail either bare or wrapped in an Amazon SNS envelope whose `Message` field
 * holds it as a string.
 *
 * Bounce types decided here, from the documented `bounceType`/`bounceSubType` table
 * (https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html#bounce-types):
 * Permanent/NoEmail (the address does not exist), Permanent/Suppressed and
 * Permanent/OnAccountSuppressionList (SES did not send: suppression list), Transient/MailboxFull,
 * Transient/MessageTooLarge, Transient/AttachmentRejected. Other types (General, ContentRejected,
 * Undetermined) leave the decision to the classifier, which reads each recipient's
 * `diagnosticCode`.
 * @module
 */
import type { NdrExtract, Reason, RecipientMatter } from '../types.js';

/** Longest JSON text read from a notification (real ones are a few kilobytes). */
const MAX_JSON_CHARS = 512 * 1024;
const MAX_LISTED = 1_000;

type Json = Record<string, unknown>;

const BOUNCE_SUBTYPES: Record<string, Reason> = {
  noemail: 'userunknown',
  suppressed: 'suppressed',
  onaccountsuppressionlist: 'suppressed',
  mailboxfull: 'mailboxfull',
  messagetoolarge: 'emailtoolarge',
  attachmentrejected: 'policyviolation',
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value.slice(0, MAX_LISTED) : [];
}

/** The end (exclusive) of the JSON object that starts at `start`, or -1; strings and escapes respected. */
export function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  const end = Math.min(text.length, start + MAX_JSON_CHARS);
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b) {
      depth++;
    } else if (c === 0x7d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

export function parseJson(source: string): unknown {
  try {
    return JSON.parse(source) as unknown;
  } catch {
    // Relays that cut lines longer than 998 characters (RFC 5322 section 2.1.1) insert "!\n ".
    try {
      return JSON.parse(source.replace(/!\r?\n /g, '')) as unknown;
    } catch {
      return null;
    }
  }
}

/** The SES event object in a text: bare, or inside an SNS envelope's `Message` string. */
export function sesEventIn(text: string): Json | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  const end = objectEnd(text, start);
  const outer = parseJson(end > 0 ? text.slice(start, end) : text.slice(start, start + MAX_JSON_CHARS));
  if (!isObject(outer)) return null;
  if (str(outer.notificationType) || str(outer.eventType)) return outer;
  const inner = str(outer.Message);
  if (!inner || inner.length > MAX_JSON_CHARS) return null;
  const event = parseJson(inner);
  return isObject(event) && (str(event.notificationType) || str(event.eventType)) ? event : null;
}

/** `smtp; 550 5.1.1 user unknown` -> `550 5.1.1 user unknown` (the type prefix of RFC 3464 fields). */
function withoutType(value: string): string {
  return value.replace(/^(?:smtp|x-[\w-]{1,30}|dsn|dns)\s*;\s*/i, '');
}

function bounceRecipients(event: Json): RecipientMatter[] {
  const bounce = isObject(event.bounce) ? event.bounce : {};
  const type = str(bounce.bounceType) ?? '';
  const subType = str(bounce.bounceSubType) ?? '';
  const explicit = BOUNCE_SUBTYPES[subType.toLowerCase()];
  const reportingMta = str(bounce.reportingMTA);
  const remoteIp = str(bounce.remoteMtaIp);
  const date = str(bounce.timestamp);
  const recipients: RecipientMatter[] = [];
  for (const item of list(bounce.bouncedRecipients)) {
    if (!isObject(item)) continue;
    const address = str(item.emailAddress);
    if (!address) continue;
    const matter: RecipientMatter = { recipient: address, action: str(item.action) === 'delayed' ? 'delayed' : 'failed' };
    const status = str(item.status);
    if (status) matter.status = status;
    const diagnostic = str(item.diagnosticCode);
    if (diagnostic) matter.diagnosticCode = withoutType(diagnostic);
    if (reportingMta) matter.reportingMta = reportingMta;
    if (remoteIp) matter.remoteMta = remoteIp;
    if (date) matter.date = date;
    if (explicit) {
      matter.reason = explicit;
      matter.ruleId = `amazonses.bounce-${subType.toLowerCase()}`;
      matter.evidence = `bounceType ${type}, bounceSubType ${subType}`;
    }
    recipients.push(matter);
  }
  return recipients;
}

function complaintRecipients(event: Json): RecipientMatter[] {
  const complaint = isObject(event.complaint) ? event.complaint : {};
  const feedbackType = (str(complaint.complaintFeedbackType) ?? 'other').toLowerCase();
  const date = str(complaint.timestamp);
  const recipients: RecipientMatter[] = [];
  for (const item of list(complaint.complainedRecipients)) {
    const address = isObject(item) ? str(item.emailAddress) : null;
    if (!address) continue;
    const matter: RecipientMatter = {
      recipient: address, reason: 'feedback', ruleId: 'amazonses.complaint',
      evidence: `notificationType Complaint, complaintFeedbackType ${feedbackType}`, feedbackType,
    };
    if (date) matter.date = date;
    recipients.push(matter);
  }
  return recipients;
}

function deliveryRecipients(event: Json): RecipientMatter[] {
  const delivery = isObject(event.delivery) ? event.delivery : {};
  const response = str(delivery.smtpResponse);
  const reportingMta = str(delivery.reportingMTA);
  const date = str(delivery.timestamp);
  const recipients: RecipientMatter[] = [];
  for (const item of list(delivery.recipients)) {
    const address = str(item);
    if (!address) continue;
    const matter: RecipientMatter = {
      recipient: address, action: 'delivered', reason: 'delivered', ruleId: 'amazonses.delivery',
      evidence: 'notificationType Delivery',
    };
    if (response) matter.diagnosticCode = response;
    if (reportingMta) matter.reportingMta = reportingMta;
    if (date) matter.date = date;
    recipients.push(matter);
  }
  return recipients;
}

function delayRecipients(event: Json): RecipientMatter[] {
  const delay = isObject(event.deliveryDelay) ? event.deliveryDelay : {};
  const delayType = str(delay.delayType) ?? '';
  const reportingMta = str(delay.reportingMTA);
  const date = str(delay.timestamp);
  const recipients: RecipientMatter[] = [];
  for (const item of list(delay.delayedRecipients)) {
    if (!isObject(item)) continue;
    const address = str(item.emailAddress);
    if (!address) continue;
    const matter: RecipientMatter = { recipient: address, action: 'delayed' };
    const status = str(item.status);
    if (status) matter.status = status;
    const diagnostic = str(item.diagnosticCode);
    if (diagnostic) matter.diagnosticCode = withoutType(diagnostic);
    if (reportingMta) matter.reportingMta = reportingMta;
    if (date) matter.date = date;
    if (delayType.toLowerCase() === 'mailboxfull') {
      matter.reason = 'mailboxfull';
      matter.ruleId = 'amazonses.delay-mailboxfull';
      matter.evidence = 'delayType MailboxFull';
    }
    recipients.push(matter);
  }
  return recipients;
}

/** A Reject event: SES accepted the message, found a virus in it and sent it to nobody. */
function rejectRecipients(event: Json): RecipientMatter[] {
  const reject = isObject(event.reject) ? event.reject : {};
  const why = str(reject.reason) ?? 'Bad content';
  const mail = isObject(event.mail) ? event.mail : {};
  const recipients: RecipientMatter[] = [];
  for (const item of list(mail.destination)) {
    const address = str(item);
    if (!address) continue;
    recipients.push({
      recipient: address, action: 'failed', diagnosticCode: why,
      reason: 'virusdetected', ruleId: 'amazonses.reject-event', evidence: `eventType Reject, reason ${why}`,
    });
  }
  return recipients;
}

/** The recipients of an SES event notification, or null when the text holds none. */
export function parseSesNotification(text: string, mta: string): NdrExtract | null {
  const event = sesEventIn(text);
  if (!event) return null;
  const type = (str(event.notificationType) ?? str(event.eventType) ?? '').toLowerCase();
  switch (type) {
    case 'bounce': {
      const recipients = bounceRecipients(event);
      return recipients.length > 0 ? { mta, kind: 'bounce', recipients } : null;
    }
    case 'complaint': {
      const recipients = complaintRecipients(event);
      return recipients.length > 0 ? { mta, kind: 'feedback', recipients } : null;
    }
    case 'delivery': {
      const recipients = deliveryRecipients(event);
      return recipients.length > 0 ? { mta, kind: 'delivered', recipients } : null;
    }
    case 'deliverydelay': {
      const recipients = delayRecipients(event);
      return recipients.length > 0 ? { mta, kind: 'delay', recipients } : null;
    }
    case 'reject': {
      const recipients = rejectRecipients(event);
      return recipients.length > 0 ? { mta, kind: 'bounce', recipients } : null;
    }
    default:
      return null;
  }
}
