/**
 * Mailgun failures, in two layouts:
 *
 * - the event JSON Mailgun documents for its webhooks and its Events API ("Events" and
 *   "Webhooks" in Mailgun's API reference): an event with `"event": "failed"`, `severity`
 *   (`permanent`: Mailgun gave up; `temporary`: it will retry), `reason` (`bounce`, `generic`,
 *   `espblock`, `old`, `suppress-bounce`, `suppress-unsubscribe`, `suppress-complaint`, ...),
 *   `recipient`, `timestamp` (seconds since 1970) and `delivery-status` with the remote server's
 *   `code` and `message`, Mailgun's `description`, `enhanced-code` and `mx-host`. It comes as a
 *   webhook body (`{"signature": {...}, "event-data": {...}}`), as an Events API page
 *   (`{"items": [...], "paging": {...}}`) or bare, pasted or wrapped as an e-mail body;
 * - delivery status notifications written by Mailgun's servers (Reporting-MTA or sender in
 *   mailgun.net / mailgun.org), read as RFC 3464 reports.
 *
 * Decided here from the documented fields: Mailgun's suppression reasons and its own codes
 * 605 ("Not delivering to previously bounced address"), 606 (unsubscribed address) and 607
 * (address that complained) mean Mailgun did not try: `suppressed`; `old` (the message
 * outlived Mailgun's retry period) means `expired`. Other failures are the classifier's to read
 * from the remote server's words.
 * @module
 */
import { header, rawHeaders } from '../../mime/header-lines.js';
import { entityText, type MimeEntity } from '../../mime/parse-message.js';
import { deliveryStatusOf, diagnosticsFromText, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser, NdrExtract, Reason, RecipientMatter } from '../types.js';
import { objectEnd, parseJson } from './ses-notification.js';

type Json = Record<string, unknown>;

const MAILGUN_HOST = /(?:^|[\s;.@])mailgun\.(?:net|org|info)\b/i;
const MAX_EVENTS = 1_000;
const MAX_ENTITIES = 20;
const MAX_JSON_TRIES = 5;
const MAX_JSON_CHARS = 512 * 1024;
const STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;

/** Mailgun's event `reason` values that decide the reason by themselves. */
const EVENT_REASONS: Record<string, Reason> = {
  'suppress-bounce': 'suppressed',
  'suppress-unsubscribe': 'suppressed',
  'suppress-complaint': 'suppressed',
  hardfail: 'suppressed',
  old: 'expired',
};
/** Mailgun's own delivery-status codes (not SMTP replies). */
const MAILGUN_CODES: Record<number, Reason> = { 605: 'suppressed', 606: 'suppressed', 607: 'suppressed' };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** A Mailgun `failed` event: the documented marks, not just any JSON with a recipient. */
function isFailedEvent(value: unknown): boolean {
  if (!isObject(value)) return false;
  if ((str(value.event) ?? '').toLowerCase() !== 'failed') return false;
  if (!str(value.recipient)?.includes('@')) return false;
  return isObject(value['delivery-status']) || str(value.severity) !== null;
}

/** The failed events of a webhook body, an Events API page, a bare event or a list of events. */
function failedEventsOf(value: unknown): Json[] {
  if (Array.isArray(value)) return value.slice(0, MAX_EVENTS).filter(isFailedEvent) as Json[];
  if (!isObject(value)) return [];
  if (isFailedEvent(value)) return [value];
  const data = value['event-data'];
  if (isObject(data) && isFailedEvent(data)) return [data];
  if (Array.isArray(value.items)) return value.items.slice(0, MAX_EVENTS).filter(isFailedEvent) as Json[];
  return [];
}

/** The Mailgun events of one text: tries the first few `{` (and a top-level `[`) as JSON. */
function eventsInText(text: string): Json[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    const end = trimmed.lastIndexOf(']');
    if (end > 0 && end < MAX_JSON_CHARS) {
      const events = failedEventsOf(parseJson(trimmed.slice(0, end + 1)));
      if (events.length > 0) return events;
    }
  }
  let from = 0;
  for (let tries = 0; tries < MAX_JSON_TRIES; tries++) {
    const start = text.indexOf('{', from);
    if (start < 0) break;
    const end = objectEnd(text, start);
    if (end < 0) break;
    const events = failedEventsOf(parseJson(text.slice(start, end)));
    if (events.length > 0) return events;
    from = end;
  }
  return [];
}

/** The texts that may hold the JSON: text and JSON leaves, decoded, uncut (a JSON line may be long). */
function candidateTexts(msg: BounceMessage): string[] {
  const texts: string[] = [];
  // Text parts are in msg.text already (long lines cut): decode them again only when it shows an event.
  const inText = msg.text.includes('"failed"');
  const stack: MimeEntity[] = [msg.parsed.root];
  while (stack.length > 0 && texts.length < MAX_ENTITIES) {
    const entity = stack.shift();
    if (!entity) break;
    if (entity.contentType.startsWith('multipart/')) {
      stack.push(...entity.children.slice(0, MAX_ENTITIES));
      continue;
    }
    const type = entity.contentType;
    const isJson = type === 'application/json' || type === 'text/json';
    if (isJson || (inText && (type === 'text/plain' || type === 'text'))) {
      const text = entityText(entity);
      if (text.includes('"failed"')) texts.push(text.slice(0, MAX_JSON_CHARS));
    }
  }
  if (texts.length === 0 && inText) texts.push(msg.text);
  return texts;
}

function dateOf(timestamp: unknown): string | null {
  const seconds = typeof timestamp === 'number' ? timestamp : typeof timestamp === 'string' ? Number(timestamp) : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 1e11) return null;
  return new Date(Math.round(seconds * 1000)).toISOString();
}

function matterOf(event: Json): RecipientMatter {
  const recipient = str(event.recipient) ?? '';
  const severity = (str(event.severity) ?? '').toLowerCase();
  const status: Json = isObject(event['delivery-status']) ? event['delivery-status'] : {};
  const matter: RecipientMatter = { recipient, action: severity === 'temporary' ? 'delayed' : 'failed' };
  const code = typeof status.code === 'number' ? status.code : Number(str(status.code) ?? NaN);
  // An SMTP reply code (RFC 5321 section 4.2: 2xx-5xx, second digit 0-5); Mailgun's own codes are not.
  const smtpCode = Number.isInteger(code) && /^[2-5][0-5]\d$/.test(String(code)) ? String(code) : null;
  const message = str(status.message);
  const description = str(status.description);
  let words = message ?? description;
  if (words && smtpCode && !/^[2-5]\d\d\b/.test(words)) words = `${smtpCode} ${words}`;
  if (words) matter.diagnosticCode = words;
  if (smtpCode) matter.replyCode = smtpCode;
  const enhanced = str(status['enhanced-code']);
  if (enhanced && STATUS.test(enhanced)) matter.status = enhanced;
  const mxHost = str(status['mx-host']);
  if (mxHost) matter.remoteMta = mxHost;
  const date = dateOf(event.timestamp);
  if (date) matter.date = date;
  const why = (str(event.reason) ?? '').toLowerCase();
  const byReason = EVENT_REASONS[why];
  const byCode = Number.isInteger(code) ? MAILGUN_CODES[code] : undefined;
  if (byReason) {
    matter.reason = byReason;
    matter.ruleId = `mailgun.reason-${why}`;
    matter.evidence = `reason ${why}${description ? `: ${description}` : ''}`;
  } else if (byCode) {
    matter.reason = byCode;
    matter.ruleId = `mailgun.code-${code}`;
    matter.evidence = `delivery-status code ${code}${description ? `: ${description}` : ''}`;
  }
  return matter;
}

function fromEvents(msg: BounceMessage): NdrExtract | null {
  for (const text of candidateTexts(msg)) {
    const events = eventsInText(text);
    if (events.length === 0) continue;
    const recipients = events.map(matterOf);
    return { mta: 'mailgun', kind: kindFromActions(recipients), recipients };
  }
  return null;
}

/** A delivery status notification that Mailgun's own servers wrote. */
function isMailgunDsn(msg: BounceMessage): boolean {
  if (!msg.deliveryStatus) return false;
  const reporting = /^Reporting-MTA:[^\n]*$/im.exec(msg.deliveryStatus)?.[0] ?? '';
  if (MAILGUN_HOST.test(reporting)) return true;
  return /\bmailer-daemon@/i.test(msg.from) && MAILGUN_HOST.test(msg.from);
}

function fromDsn(msg: BounceMessage): NdrExtract | null {
  const report = deliveryStatusOf(msg);
  if (!report) return null;
  const recipients = recipientsFromDsn(report);
  diagnosticsFromText(msg, report, recipients);
  const kept = recipients.filter((r) => r.recipient);
  if (kept.length === 0) return null;
  const extract: NdrExtract = { mta: 'mailgun', kind: kindFromActions(kept), recipients: kept };
  if (report.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
  return extract;
}

export const mailgunParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'mailgun',
  description: 'Mailgun "failed" events (webhook and Events API JSON) and Mailgun delivery status notifications',
  hint: (msg) => MAILGUN_HOST.test(msg.from) || MAILGUN_HOST.test(header(msg.headers, 'sender') ?? '')
    || rawHeaders(msg.headers, 'received').slice(0, 2).some((r) => /\bby [\w.-]{0,100}mailgun\.(?:net|org)\b/i.test(r)),
  parse(msg) {
    if (isMailgunDsn(msg)) return fromDsn(msg);
    // Only a report-less message can be an event: a DSN or feedback report is another format.
    if (msg.deliveryStatus || msg.feedbackReport) return null;
    return fromEvents(msg);
  },
};
