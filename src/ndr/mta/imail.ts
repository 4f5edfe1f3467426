/**
 * Ipswitch (Progress) IMail Server reports, subject "Undeliverable Mail", X-Mailer "<SMTP32 v...>":
 *
 *   User mailbox exceeds allowed size: bob@example.org
 *
 * or, when a remote server refused the message:
 *
 *   undeliverable to bob@example.org
 *
 *   Body of message generated response:
 *   550 5.1.1 <bob@example.org>... User unknown
 *
 * followed by "Original message follows.". IMail's own first-line texts (its delivery agent's
 * messages) decide the reason when no remote reply is quoted.
 * @module
 */
import { header } from '../../mime/header-lines.js';
import type { Reason } from '../classify/reasons.js';
import { addressesIn } from '../report-text.js';
import type { BounceMessage, MtaParser, RecipientMatter, SmtpCommand } from '../types.js';
import { joinReplyLines } from './smtp-transcript.js';

/** IMail's own texts (the SMTP32 delivery agent). */
const OWN_TEXTS: [RegExp, Reason, string][] = [
  [/^Unknown host\b/i, 'hostunknown', 'unknown-host'],
  [/^(?:Unknown user|Invalid final delivery userid)\b/i, 'userunknown', 'unknown-user'],
  [/^User mailbox exceeds allowed size\b/i, 'mailboxfull', 'mailbox-size'],
  [/^Requested action not taken: virus detected\b/i, 'virusdetected', 'virus'],
  [/^Delivery failed \d+ attempts\b/i, 'expired', 'attempts'],
];

/** The SMTP step IMail names before the remote reply. */
const STEPS: [RegExp, SmtpCommand][] = [
  [/SMTP connection failed,|Unexpected connection response from server:/i, 'CONN'],
  [/Unexpected response to EHLO\/HELO:/i, 'EHLO'],
  [/Server response to MAIL FROM:/i, 'MAIL'],
  [/Additional RCPT TO generated following response:/i, 'RCPT'],
  [/DATA command generated response:/i, 'DATA'],
];

function isIMail(msg: BounceMessage): boolean {
  const mailer = header(msg.headers, 'x-mailer') ?? '';
  return /^<?SMTP32 v/i.test(mailer.trim()) || (/^Undeliverable Mail\s*$/i.test(msg.subject.trim()) && /^Original message follows\.|^Body of message generated response:/im.test(msg.text));
}

export const imailParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'imail',
  description: 'Ipswitch IMail Server reports ("Undeliverable Mail", X-Mailer SMTP32)',
  hint: isIMail,
  parse(msg) {
    if (!isIMail(msg)) return null;
    const end = msg.text.search(/^Original message follows\./m);
    const lines = (end >= 0 ? msg.text.slice(0, end) : msg.text).split('\n');
    const recipients: RecipientMatter[] = [];
    let current: RecipientMatter | null = null;
    let reply: string[] = [];
    let inReply = false;
    const flush = (): void => {
      if (current && reply.length > 0) {
        const text = joinReplyLines(reply);
        current.diagnosticCode = current.diagnosticCode ? `${current.diagnosticCode} ${text}` : text;
      }
      reply = [];
      inReply = false;
    };
    for (const raw of lines) {
      const line = raw.trim();
      const own = line.length < 1000 ? /^(\S.*?):\s*([^\s@]+@[^\s@]+)\s*$/.exec(line) : null;
      const undeliverable = /^undeliverable\s+to\s+(.+)$/i.exec(line);
      if ((own && !/^(?:To|CC|From)$/i.test(own[1] ?? '')) || undeliverable) {
        flush();
        const address = addressesIn(undeliverable ? undeliverable[1] ?? '' : own?.[2] ?? '')[0];
        if (!address || recipients.length >= 1000) continue;
        current = { recipient: address, action: 'failed' };
        if (own?.[1]) current.diagnosticCode = own[1].trim();
        recipients.push(current);
        continue;
      }
      if (!current) continue;
      const step = STEPS.find(([pattern]) => pattern.test(line));
      if (step || /^Body of message generated response:/i.test(line)) {
        // The remote reply follows the line that names the SMTP step (or on the same line).
        if (step) current.command = step[1];
        const rest = line.replace(step ? step[0] : /^Body of message generated response:/i, '').trim();
        if (rest) reply.push(rest);
        inReply = true;
        continue;
      }
      if (inReply && line) reply.push(line);
      else if (inReply && reply.length > 0) flush();
    }
    flush();
    for (const matter of recipients) {
      const text = matter.diagnosticCode ?? '';
      if (/\b[45]\d\d[ -]/.test(text)) continue;
      for (const [pattern, reason, id] of OWN_TEXTS) {
        const m = pattern.exec(text);
        if (m) {
          matter.reason = reason;
          matter.ruleId = `imail.${id}`;
          matter.evidence = text;
          break;
        }
      }
    }
    if (recipients.length === 0) return null;
    return { mta: 'imail', kind: 'bounce', recipients };
  },
};
