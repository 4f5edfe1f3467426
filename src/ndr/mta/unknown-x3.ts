/**
 * Unknown MTA "X3" (Sisimai's X3): From "Mail Delivery System", Subject "Delivery status
 * notification", a framed text
 *
 *     This is an automatically generated Delivery Status Notification.
 *
 *     Delivery to the following recipients failed permanently:
 *        * bob@example.org
 *
 *     Technical details:
 *     SMTP:RCPT host 192.0.2.25: 553 5.3.0 <bob@example.org>... No such user here
 *
 * ("Delevery" in some versions; "was aborted after 5.0 hour(s)" when it gave up retrying), and
 * sometimes a delivery-status part whose Status field is not the server's: the status quoted in
 * the diagnostic is used.
 * @module
 */
import { findReplyAndStatus } from '../../core/smtp-status.js';
import { deliveryStatusOf, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser, RecipientMatter, SmtpCommand } from '../types.js';

const BANNER = /^\s*This is an automatically generated Delivery Status Notification\.\s*$/m;
const RECIPIENT_LINE = /^\s+\*\s+([^\s<>]{1,320}@[^\s<>]{1,255})\s*$/;
const DETAILS = /^\s*Technical details:\s*$/m;
/** `SMTP:RCPT host 192.0.2.25: 553 ...`; other labels (`Routing: ...`) are kept with the text. */
const SMTP_DETAIL = /^SMTP:([A-Z]{4})\s+(?:host\s+(\S+?):\s*)?(.+)$/;
const ABORTED = /\bwas aborted after [\d.]+ (?:second|minute|hour|day)/i;
const DELAYED = /\bto the following recipients (?:has been|is|was) delayed\b/i;

interface Detail {
  command: SmtpCommand | null;
  host: string | null;
  words: string;
}

function commandOf(word: string | undefined): SmtpCommand | null {
  if (word === 'RCPT' || word === 'MAIL' || word === 'DATA' || word === 'EHLO') return word;
  if (word === 'HELO') return 'EHLO';
  return null;
}

/** The lines under "Technical details:", up to the next frame line. */
function readDetails(text: string): Detail[] {
  const at = DETAILS.exec(text);
  if (!at) return [];
  const details: Detail[] = [];
  for (const raw of text.slice(at.index + at[0].length).split('\n', 200)) {
    const line = raw.trim();
    if (/^={10,}/.test(line)) {
      if (details.length > 0) break;
      continue;
    }
    if (!line) continue;
    const smtp = SMTP_DETAIL.exec(line);
    details.push(smtp ? { command: commandOf(smtp[1]), host: smtp[2] ?? null, words: (smtp[3] ?? '').trim() } : { command: null, host: null, words: line });
  }
  return details;
}

export function isX3Report(msg: BounceMessage): boolean {
  return /^Mail Delivery System\b/i.test(msg.from.trim().replace(/^"/, '')) && /^Delivery status notification\b/i.test(msg.subject)
    && BANNER.test(msg.text);
}

export const unknownX3Parser: MtaParser = {
  id: 'x3',
  description: 'Unknown MTA X3: "This is an automatically generated Delivery Status Notification."',
  parse(msg: BounceMessage) {
    if (!isX3Report(msg)) return null;
    const text = msg.text;
    const listed: string[] = [];
    for (const line of text.split('\n', 2_000)) {
      const address = RECIPIENT_LINE.exec(line);
      if (address?.[1] && !listed.includes(address[1])) listed.push(address[1]);
    }
    const details = readDetails(text);
    const report = deliveryStatusOf(msg);
    const action = DELAYED.test(text) ? 'delayed' : 'failed';
    let recipients: RecipientMatter[] = report ? recipientsFromDsn(report) : [];
    if (recipients.length === 0) recipients = listed.map((recipient) => ({ recipient, action }));
    recipients = recipients.filter((r) => r.recipient);
    const aborted = ABORTED.exec(text);
    for (const matter of recipients) {
      // A detail line naming the recipient is its own; otherwise the first one is everyone's.
      const detail = details.find((d) => d.words.toLowerCase().includes(matter.recipient.toLowerCase())) ?? details[0];
      if (!matter.diagnosticCode && detail?.words) matter.diagnosticCode = detail.words;
      if (detail?.command) matter.command = detail.command;
      if (!matter.remoteMta && detail?.host) matter.remoteMta = detail.host;
      const found = matter.diagnosticCode ? findReplyAndStatus(matter.diagnosticCode) : null;
      // X3 writes its own Status field; the server's status in the diagnostic is the real one.
      if (found?.status) matter.status = found.status;
      if (aborted && !found?.replyCode && !found?.status) {
        matter.reason = 'expired';
        matter.ruleId = 'x3.delivery-aborted';
        matter.evidence = aborted[0];
      }
    }
    return recipients.length > 0 ? { mta: 'x3', kind: kindFromActions(recipients), recipients } : null;
  },
};
