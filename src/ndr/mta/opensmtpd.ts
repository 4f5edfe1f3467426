/**
 * OpenSMTPD bounces (smtpd/bounce.c): Subject "Delivery status notification: <error|failed|
 * delayed|...>", From "Mailer Daemon <MAILER-DAEMON@host>", an indented notice
 *
 *     Hi!
 *
 *     This is the MAILER-DAEMON, please DO NOT REPLY to this email.
 *
 *     An error has occurred while attempting to deliver a message for
 *     the following list of recipients:
 *
 *     bob@example.org: 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown
 *
 *     Below is a copy of the original message:
 *
 * and, in newer versions, a delivery-status part without Diagnostic-Code (the text line is the
 * only diagnostic). A line without an SMTP reply is OpenSMTPD's own message (smtpd/mta.c,
 * smtpd/dns.c), read with the table below.
 * @module
 */
import { deliveryStatusOf, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, DsnAction, MtaParser, NdrExtract, RecipientMatter } from '../types.js';
import { unwrapJoinedReply } from './smtp-transcript.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';

const INTRO = /^[ \t]*This is the MAILER-DAEMON, please DO NOT REPLY to this e-?mail\./m;
const DELAYED = /^[ \t]*A message is delayed for more than .{1,40} for the following/m;
const SUCCESS = /^[ \t]*Your message was (?:successfully delivered|relayed) to these recipients/m;
const COPY_FOLLOWS = /^[ \t]*Below is a copy of the original message:?/m;
/** `bob@example.org: <reason>` at the start of a line (bounce.c writes "%s: %s"). */
const RECIPIENT_LINE = /^([^\s:<>@]{1,256}@[^\s:<>]{1,255}):\s+(\S.*)$/;

/** OpenSMTPD's own failure messages (smtpd/mta.c, mta_session.c, dns.c). */
const OWN_WORDS: OwnWordsRule[] = [
  { id: 'opensmtpd.envelope-expired', pattern: /\bEnvelope expired\b/, reason: 'expired' },
  { id: 'opensmtpd.domain-not-found', pattern: /\b(?:Domain does not exist|Invalid domain name)\b/, reason: 'hostunknown' },
  // No MX for the domain or a null MX (RFC 7505): the destination takes no mail.
  { id: 'opensmtpd.no-mx', pattern: /\b(?:No MX found for (?:domain|destination)|Destination seem to reject all mails)\b/, reason: 'notaccept' },
  {
    id: 'opensmtpd.routing',
    pattern: /\b(?:Address family mismatch on destination MXs|All routes to destination blocked|bad DNS lookup error code|Could not retrieve source address|Loop detected|Network error on destination MXs|No valid route to (?:remote MX|destination)|Temporary failure in MX lookup)\b/,
    reason: 'networkerror',
  },
  { id: 'opensmtpd.credentials', pattern: /\bCould not retrieve credentials\b/, reason: 'securityerror' },
];

export function isOpenSmtpdReport(msg: BounceMessage): boolean {
  const text = msg.text;
  if (!INTRO.test(text)) return false;
  return /^Delivery status notification\b/i.test(msg.subject) || /\bMailer Daemon\b/i.test(msg.from)
    || msg.headers.some((h) => h.name === 'received' && h.value.includes('(OpenSMTPD)'));
}

function textLines(msg: BounceMessage): Map<string, { recipient: string; words: string }> {
  const text = msg.text;
  const start = text.search(INTRO);
  const rest = text.slice(Math.max(0, start));
  const end = rest.search(COPY_FOLLOWS);
  const found = new Map<string, { recipient: string; words: string }>();
  for (const line of (end >= 0 ? rest.slice(0, end) : rest).split('\n', 2_000)) {
    const m = RECIPIENT_LINE.exec(line.trim());
    if (m?.[1] && m[2] && !found.has(m[1].toLowerCase())) found.set(m[1].toLowerCase(), { recipient: m[1], words: m[2].trim() });
  }
  return found;
}

function complete(matter: RecipientMatter, words: string | undefined): void {
  if (words && !matter.diagnosticCode) matter.diagnosticCode = unwrapJoinedReply(words);
  const diagnostic = matter.diagnosticCode ?? '';
  // A line without an SMTP reply is OpenSMTPD's own message.
  if (diagnostic && !/^[2-5]\d\d[ -]/.test(diagnostic)) applyOwnWords(matter, diagnostic, OWN_WORDS);
}

export const openSmtpdParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'opensmtpd',
  description: 'OpenSMTPD delivery status notifications',
  hint: (msg) => /^Delivery status notification:/i.test(msg.subject) && INTRO.test(msg.text),
  parse(msg) {
    if (!isOpenSmtpdReport(msg)) return null;
    const text = msg.text;
    const lines = textLines(msg);
    const action: DsnAction = DELAYED.test(text) ? 'delayed' : SUCCESS.test(text) ? 'delivered' : 'failed';
    const report = deliveryStatusOf(msg);
    let recipients: RecipientMatter[] = report ? recipientsFromDsn(report) : [];
    if (recipients.length === 0) {
      recipients = [...lines.values()].map(({ recipient }) => ({ recipient, action }));
    }
    recipients = recipients.filter((r) => r.recipient);
    if (recipients.length === 0) return null;
    for (const matter of recipients) {
      if (matter.reason === 'delivered') continue;
      const line = lines.get(matter.recipient.toLowerCase()) ?? (recipients.length === 1 && lines.size === 1 ? [...lines.values()][0] : undefined);
      complete(matter, line?.words);
    }
    const extract: NdrExtract = { mta: 'opensmtpd', kind: kindFromActions(recipients), recipients };
    if (report?.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
    return extract;
  },
};
