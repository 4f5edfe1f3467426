/**
 * Unknown MTA "X5" (Sisimai's X5): a notification addressed to "NotificationRecipients" from
 * "Mail Delivery Subsystem" (MIME-encoded) that says only "The following addresses had permanent
 * delivery errors" and attaches the real report, a sendmail-style DSN of the mail store that
 * refused the message, as message/rfc822. The recipients come from that attached report.
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { entityText, walkEntities, type MimeEntity } from '../../mime/parse-message.js';
import { parseDeliveryStatus } from '../formats/parse-delivery-status.js';
import { kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser } from '../types.js';

const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

function attachedStatus(original: MimeEntity | null): string | null {
  if (!original) return null;
  let seen = 0;
  for (const entity of walkEntities(original)) {
    if (++seen > 50) break;
    if (DSN_TYPES.has(entity.contentType)) return entityText(entity);
  }
  return null;
}

export function isX5Report(msg: BounceMessage): boolean {
  const to = header(msg.headers, 'to') ?? '';
  return /\bNotificationRecipients\b/.test(to) && /\bMail Delivery Subsystem\b/i.test(msg.from)
    && /following addresses had permanent delivery errors/i.test(msg.text) && attachedStatus(msg.originalEntity) !== null;
}

export const unknownX5Parser: MtaParser = {
  id: 'x5',
  description: 'Unknown MTA X5: notification to "NotificationRecipients" carrying the real DSN as an attachment',
  parse(msg: BounceMessage) {
    if (!isX5Report(msg)) return null;
    const body = attachedStatus(msg.originalEntity);
    if (!body) return null;
    const report = parseDeliveryStatus(body);
    const recipients = recipientsFromDsn(report).filter((r) => r.recipient);
    if (recipients.length === 0) return null;
    return { mta: 'x5', kind: kindFromActions(recipients), recipients, ...(report.perMessage.reportingMta ? { reportingMta: report.perMessage.reportingMta } : {}) };
  },
};
