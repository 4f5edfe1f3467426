/**
 * Amazon SES (Simple Email Service) bounces, in three layouts:
 *
 * - the delivery status notification SES mails to the envelope sender (From
 *   `MAILER-DAEMON@...amazonses.com`, Reporting-MTA `*.smtp-out.*.amazonses.com`, text "An error
 *   occurred while trying to deliver the mail to the following recipients:");
 * - the 2011 layout of the same notice ("The following message to <bob@example.org> was
 *   undeliverable. The reason for the problem:"), whose Diagnostic-Code wraps the remote reply
 *   in SES's own words: `5.3.0 - Other mail system problem 550-'Unknown user bob@example.org'
 *   (delivery attempts: 0)`;
 * - the JSON event notifications SES publishes through Amazon SNS (Bounce, Complaint, Delivery,
 *   DeliveryDelay, Reject), e-mailed by an SNS e-mail subscription (ses-notification.ts).
 *
 * SES's own words are read here: "Message expired: unable to deliver in N minutes.<421 4.4.2
 * ...>" (SES stopped retrying; the bracketed reply is the last attempt's), and the suppression
 * notices ("Amazon SES has suppressed sending to this address ...", "... did not send the message
 * to this address because it is on the suppression list for your account").
 * Amazon WorkMail and SES receiving send notices through the same servers and have their own
 * parsers (amazonworkmail.ts, receivingses.ts).
 * @module
 */
import { header, rawHeaders } from '../../mime/header-lines.js';
import { deliveryStatusOf, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';
import { parseSesNotification } from './ses-notification.js';

const SES_HOST = /(?:^|[.@])amazonses\.com\b/i;
const SNS_SENDER = /@sns\.amazonaws\.com\b/i;
const RECEIVING_MTA = /\binbound-smtp\.[\w-]{1,40}\.amazonaws\.com\b/i;
const SES_TEXT = /^(?:An error occurred while trying to deliver the mail to the following recipients:|The following message to <[^>\n]{1,320}> was undeliverable\.)/m;
/** `5.3.0 - Other mail system problem 550-'Unknown user bob@example.org'` (2011 layout). */
const WRAPPED_REPLY = /^([245]\.\d{1,3}\.\d{1,3}) - ([^'\n]{0,200}?) ?([2-5]\d\d)[ -]'([^\n]{0,4000})'$/;
const ATTEMPTS = /\s*\(delivery attempts: \d{1,6}\)\s*$/i;
/** `554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>` */
const EXPIRED = /Message expired:[^<\n]{0,200}<([2-5]\d\d)[ -]((?:[245]\.\d{1,3}\.\d{1,3})?)\s*([^<>\n]{0,1000})>/;
const ENHANCED_AT_START = /^([245]\.\d{1,3}\.\d{1,3})\b/;

/** SES's own statements (Amazon SES Developer Guide, "Using the Amazon SES suppression list"). */
const OWN_WORDS: OwnWordsRule[] = [
  {
    id: 'amazonses.suppression-list',
    pattern: /\bAmazon SES (?:has suppressed sending to this address|did not send the message to this address because it is on the suppression list)/i,
    reason: 'suppressed',
  },
];

export function isSesNotificationMail(msg: BounceMessage): boolean {
  if (header(msg.headers, 'x-amz-sns-message-id') !== null) return true;
  if (SNS_SENDER.test(msg.from)) return true;
  return header(msg.headers, 'x-ses-outgoing') !== null && /"(?:notificationType|eventType)"\s*:/.test(msg.text);
}

function isWorkMail(msg: BounceMessage): boolean {
  return /\bAmazon WorkMail\b/i.test(header(msg.headers, 'x-mailer') ?? '');
}

export function isSesDsn(msg: BounceMessage): boolean {
  if (isWorkMail(msg)) return false;
  const reporting = /^Reporting-MTA:[^\n]*$/im.exec(msg.deliveryStatus ?? msg.text)?.[0] ?? '';
  if (RECEIVING_MTA.test(reporting)) return false;
  if (SES_HOST.test(reporting)) return true;
  const fromSes = /^MAILER-DAEMON@/i.test(msg.from.replace(/^.*</, '')) && SES_HOST.test(msg.from);
  const sesHeader = header(msg.headers, 'x-ses-outgoing') !== null || header(msg.headers, 'x-aws-outgoing') !== null;
  return (fromSes || sesHeader) && SES_TEXT.test(msg.text);
}

/** Unwraps the 2011 layout's Diagnostic-Code into the remote reply, its code and its status. */
function unwrapReply(matter: RecipientMatter): void {
  const diagnostic = (matter.diagnosticCode ?? '').replace(/\s+/g, ' ').trim().replace(ATTEMPTS, '');
  if (!diagnostic) return;
  matter.diagnosticCode = diagnostic;
  const m = WRAPPED_REPLY.exec(diagnostic);
  if (!m) return;
  const [, sesStatus = '', , code = '', inner = ''] = m;
  const remoteStatus = ENHANCED_AT_START.exec(inner)?.[1];
  matter.replyCode = code;
  matter.status = remoteStatus ?? sesStatus;
  matter.diagnosticCode = `${code} ${inner}`.trim();
}

/** "Message expired": SES gave up; the bracketed reply is the last attempt's (the remote's words). */
function readExpired(matter: RecipientMatter): void {
  const diagnostic = matter.diagnosticCode ?? '';
  const m = EXPIRED.exec(diagnostic);
  if (!m) return;
  const [whole, code = '', status = '', words = ''] = m;
  matter.reason = 'expired';
  matter.ruleId = 'amazonses.message-expired';
  matter.evidence = whole;
  matter.replyCode = code;
  if (status) matter.status = status;
  matter.diagnosticCode = [code, status, words.trim()].filter(Boolean).join(' ');
}

/** Completes DSN recipients with what SES writes inside its Diagnostic-Code. */
export function refineSesRecipients(recipients: RecipientMatter[]): void {
  for (const matter of recipients) {
    if (matter.reason) continue;
    unwrapReply(matter);
    readExpired(matter);
    if (!matter.reason && matter.diagnosticCode) applyOwnWords(matter, matter.diagnosticCode, OWN_WORDS);
  }
}

function parseSesDsn(msg: BounceMessage): NdrExtract | null {
  const report = deliveryStatusOf(msg);
  if (!report) return null;
  const recipients = recipientsFromDsn(report).filter((r) => r.recipient);
  if (recipients.length === 0) return null;
  refineSesRecipients(recipients);
  const extract: NdrExtract = { mta: 'amazonses', kind: kindFromActions(recipients), recipients };
  if (report.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
  return extract;
}

export const amazonSesParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'amazonses',
  description: 'Amazon SES bounces: delivery status notifications and SNS event notifications (JSON)',
  hint: (msg) => isSesNotificationMail(msg) || (!isWorkMail(msg) && (SES_HOST.test(msg.from)
    || (rawHeaders(msg.headers, 'x-ses-outgoing').length > 0 && /^Delivery Status Notification/i.test(msg.subject)))),
  parse(msg) {
    if (isSesNotificationMail(msg)) {
      const extract = parseSesNotification(msg.text, 'amazonses');
      if (extract) return extract;
    }
    if (!isSesDsn(msg)) return null;
    return parseSesDsn(msg);
  },
};
