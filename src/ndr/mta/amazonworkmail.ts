/**
 * Amazon WorkMail bounces: a multipart/mixed notice marked `X-Mailer: Amazon WorkMail`, sent
 * through Amazon SES (From `MAILER-DAEMON@<region>.amazonses.com`), whose text part holds the
 * delivery status fields after "Technical report:" instead of a message/delivery-status part:
 *
 *     An error occurred while trying to deliver the mail to the following recipients:
 *     bob@example.org
 *
 *     Technical report:
 *
 *     Reporting-MTA: dsn; a27-80.smtp-out.us-west-2.amazonses.com
 *
 *     Action: failed
 *     Final-Recipient: rfc822; bob@example.org
 *     Diagnostic-Code: smtp; 550 5.2.2 <bob@example.org>... Mailbox Full
 *     Status: 5.2.2
 *
 * Delivery goes through SES, so SES's own words ("Message expired: ...<421 4.4.2 ...>") are read
 * as in amazonses.ts.
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { parseDeliveryStatus } from '../formats/parse-delivery-status.js';
import { deliveryStatusOf, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser, NdrExtract } from '../types.js';
import { refineSesRecipients } from './amazonses.js';

const TECHNICAL_REPORT = /^Technical report:\s*$/m;

export function isWorkMailReport(msg: BounceMessage): boolean {
  if (!/\bAmazon WorkMail\b/i.test(header(msg.headers, 'x-mailer') ?? '')) return false;
  return Boolean(msg.deliveryStatus) || TECHNICAL_REPORT.test(msg.text);
}

export const amazonWorkMailParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'amazonworkmail',
  description: 'Amazon WorkMail bounces (X-Mailer: Amazon WorkMail, "Technical report:" fields)',
  hint: isWorkMailReport,
  parse(msg) {
    if (!isWorkMailReport(msg)) return null;
    const text = msg.text;
    const at = TECHNICAL_REPORT.exec(text);
    let report = at && !msg.deliveryStatus ? parseDeliveryStatus(text.slice(at.index + at[0].length, at.index + 64 * 1024)) : null;
    if (!report || report.recipients.length === 0) report = deliveryStatusOf(msg);
    if (!report) return null;
    const recipients = recipientsFromDsn(report).filter((r) => r.recipient);
    if (recipients.length === 0) return null;
    refineSesRecipients(recipients);
    const extract: NdrExtract = { mta: 'amazonworkmail', kind: kindFromActions(recipients), recipients };
    if (report.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
    return extract;
  },
};
