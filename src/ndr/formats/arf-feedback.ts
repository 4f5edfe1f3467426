/**
 * Feedback-loop reports in the Abuse Reporting Format (RFC 5965, RFC 6591 for auth-failure):
 * a complaint about a message, not a delivery failure. One entry per original recipient, with
 * the reason `feedback` and the report's Feedback-Type. Two older complaint formats are read
 * the same way: Microsoft's JMRP reports (the complained-about message attached with an
 * `X-HmXmrOriginalRecipient` header) and Apple Mail's unsubscribe messages
 * (`X-Apple-Unsubscribe: true`, an RFC 8058-style opt-out sent by the recipient's mail client).
 * @module
 */
import { firstAddress } from '../../core/email-address.js';
import { header, parseHeaderBlock, rawHeaders } from '../../mime/header-lines.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';
import { cleanAddress } from './parse-delivery-status.js';


function feedbackMatter(recipient: string, feedbackType: string, ruleId: string, evidence: string): RecipientMatter {
  return { recipient, reason: 'feedback', ruleId, evidence, feedbackType };
}

/** The first address of a header value, cleaned (`Name <a@example.com>` -> `a@example.com`). */
function addressOf(value: string | null): string | null {
  const m = value ? firstAddress(value) : null;
  return m ? cleanAddress(m) : null;
}

/** A Microsoft JMRP complaint: the original is attached and names its recipient in X-HmXmrOriginalRecipient. */
function parseJmrp(msg: BounceMessage): NdrExtract | null {
  if (!msg.originalHeaders) return null;
  const original = header(msg.originalHeaders, 'x-hmxmroriginalrecipient');
  if (original === null) return null;
  const recipient = addressOf(original) ?? '';
  const matter = feedbackMatter(recipient, 'abuse', 'arf.jmrp-complaint', 'X-HmXmrOriginalRecipient (Microsoft JMRP complaint)');
  const date = header(msg.headers, 'date');
  if (date) matter.date = date;
  return { mta: 'arf', kind: 'feedback', recipients: [matter] };
}

/** Apple Mail's unsubscribe message: the sender of the message is the recipient who opted out. */
function parseAppleUnsubscribe(msg: BounceMessage): NdrExtract | null {
  if ((header(msg.headers, 'x-apple-unsubscribe') ?? '').trim().toLowerCase() !== 'true') return null;
  const recipient = addressOf(msg.from);
  if (!recipient) return null;
  const matter = feedbackMatter(recipient, 'opt-out', 'arf.apple-unsubscribe', 'X-Apple-Unsubscribe: true');
  const date = header(msg.headers, 'date');
  if (date) matter.date = date;
  return { mta: 'arf', kind: 'feedback', recipients: [matter] };
}

export const arfParser: MtaParser = {
  id: 'arf',
  description: 'Abuse Reporting Format feedback report (RFC 5965)',
  parse(msg) {
    const isReport = msg.reportType === 'feedback-report' || msg.feedbackReport !== null;
    if (!isReport) return parseJmrp(msg) ?? parseAppleUnsubscribe(msg);
    const fields = parseHeaderBlock(msg.feedbackReport ?? '');
    const feedbackType = (header(fields, 'feedback-type') ?? 'other').trim().toLowerCase();
    const addresses = rawHeaders(fields, 'original-rcpt-to').map(cleanAddress).filter((a) => firstAddress(a) !== null);
    if (addresses.length === 0 && msg.originalHeaders) {
      const to = addressOf(header(msg.originalHeaders, 'to'));
      if (to) addresses.push(to);
    }
    const reportingMta = header(fields, 'reporting-mta');
    const date = header(fields, 'arrival-date') ?? header(fields, 'received-date');
    const base = (recipient: string): RecipientMatter => {
      const matter = feedbackMatter(recipient, feedbackType, 'arf.feedback-report', `Feedback-Type: ${feedbackType}`);
      if (reportingMta) matter.reportingMta = reportingMta.replace(/^dns;\s*/i, '');
      if (date) matter.date = date;
      return matter;
    };
    const recipients = addresses.length > 0 ? addresses.map(base) : [base('')];
    return { mta: 'arf', kind: 'feedback', recipients };
  },
};
