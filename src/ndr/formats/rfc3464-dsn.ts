/**
 * Plain RFC 3464 delivery status notifications from any MTA: the per-recipient fields of the
 * message/delivery-status part, with the report's text used to fill a missing diagnostic.
 * MTA-family parsers run first and may refine what this one finds.
 * @module
 */
import type { BounceMessage, MessageKind, MtaParser, NdrExtract, RecipientMatter } from '../types.js';
import { parseDeliveryStatus, type DeliveryStatusReport } from './parse-delivery-status.js';

/** The DSN fields of a message, from its report part, or from DSN fields pasted into its text. */
export function deliveryStatusOf(msg: BounceMessage): DeliveryStatusReport | null {
  if (msg.deliveryStatus) {
    const report = parseDeliveryStatus(msg.deliveryStatus);
    if (report.recipients.length > 0) return report;
  }
  // Some MTAs (and pasted reports) put the DSN fields inside the text part.
  const at = msg.text.search(/^(?:Final|Original)-Recipient:/im);
  if (at >= 0) {
    const start = Math.max(0, msg.text.lastIndexOf('\n\n', at));
    const report = parseDeliveryStatus(msg.text.slice(start, start + 64 * 1024));
    if (report.recipients.length > 0) return report;
  }
  return null;
}

/** The kind a set of DSN actions gives: any failure makes a bounce (RFC 3464 section 2.3.3). */
export function kindFromActions(recipients: readonly RecipientMatter[]): MessageKind {
  if (recipients.some((r) => r.action === 'failed' || r.action === undefined)) return 'bounce';
  if (recipients.some((r) => r.action === 'delayed')) return 'delay';
  if (recipients.every((r) => r.action === 'delivered' || r.action === 'relayed' || r.action === 'expanded')) return 'delivered';
  return 'bounce';
}

export function recipientsFromDsn(report: DeliveryStatusReport): RecipientMatter[] {
  return report.recipients.map((r) => {
    const matter: RecipientMatter = { recipient: r.finalRecipient ?? r.originalRecipient ?? '' };
    if (r.originalRecipient) matter.originalRecipient = r.originalRecipient;
    if (r.action) matter.action = r.action;
    if (r.status) matter.status = r.status;
    if (r.diagnosticCode) matter.diagnosticCode = r.diagnosticCode;
    if (r.diagnosticType) matter.diagnosticType = r.diagnosticType;
    if (r.remoteMta) matter.remoteMta = r.remoteMta;
    if (report.perMessage.reportingMta) matter.reportingMta = report.perMessage.reportingMta;
    const date = r.lastAttemptDate ?? report.perMessage.arrivalDate;
    if (date) matter.date = date;
    return matter;
  });
}

export const rfc3464Parser: MtaParser = {
  id: 'rfc3464',
  description: 'Standard delivery status notification (RFC 3464) from any MTA',
  parse(msg) {
    const report = deliveryStatusOf(msg);
    if (!report) return null;
    const recipients = recipientsFromDsn(report);
    if (recipients.length === 0) return null;
    const extract: NdrExtract = { mta: 'rfc3464', kind: kindFromActions(recipients), recipients };
    if (report.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
    return extract;
  },
};
