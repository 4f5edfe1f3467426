/**
 * Amazon SES email receiving: the delivery status notification that SES's inbound servers
 * (Reporting-MTA `inbound-smtp.<region>.amazonaws.com`) send when a receipt rule refuses a
 * message or its action fails ("This message could not be delivered."). SES sends it from the
 * recipient domain's postmaster through its outgoing servers (X-SES-Outgoing).
 *
 * SES receiving answers at once and keeps no retry queue, so a transient status on such a notice
 * says that the receipt rule's action failed for the moment, not that a retry period ran out:
 * when the words name no cause ("Temporary failure", "Please try again later") the cause is left
 * open (onhold) instead of the classifier's "the sender gave up retrying" (expired).
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { deliveryStatusOf, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import { classifyReason } from '../classify/classify-reason.js';
import { normalizeMatter } from '../normalize.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';

const RECEIVING_MTA = /^Reporting-MTA:\s*(?:dns;\s*)?inbound-smtp\.[\w-]{1,40}\.amazonaws\.com\b/im;

export function isReceivingSesReport(msg: BounceMessage): boolean {
  if (!RECEIVING_MTA.test(msg.deliveryStatus ?? msg.text)) return false;
  return header(msg.headers, 'x-ses-outgoing') !== null || /\bamazonses\.com\b/i.test(header(msg.headers, 'feedback-id') ?? '')
    || /^This message could not be delivered\.\s*$/m.test(msg.text);
}

/** A transient failure whose words name no cause: not an expiry, since SES receiving does not retry. */
function leaveOpenWithoutRetries(matter: RecipientMatter): void {
  const n = normalizeMatter(matter);
  const found = classifyReason({
    diagnosticCode: n.diagnosticCode, status: n.status, replyCode: n.replyCode, remoteMta: n.remoteMta,
    recipient: n.recipient, command: n.command, mta: 'receivingses', action: matter.action ?? null,
  });
  if (found.reason !== 'expired' || (found.stage !== 'status-class' && found.stage !== 'fallback')) return;
  matter.reason = 'onhold';
  matter.ruleId = 'receivingses.no-retry-queue';
  matter.evidence = n.diagnosticCode ?? n.status ?? '';
}

export const receivingSesParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'receivingses',
  description: 'Amazon SES email receiving: notices of inbound-smtp.<region>.amazonaws.com',
  hint: (msg) => header(msg.headers, 'x-ses-outgoing') !== null && isReceivingSesReport(msg),
  parse(msg) {
    if (!isReceivingSesReport(msg)) return null;
    const report = deliveryStatusOf(msg);
    if (!report) return null;
    const recipients = recipientsFromDsn(report).filter((r) => r.recipient);
    if (recipients.length === 0) return null;
    for (const matter of recipients) {
      if (!matter.reason && (matter.status ?? '').startsWith('4.')) leaveOpenWithoutRetries(matter);
    }
    const extract: NdrExtract = { mta: 'receivingses', kind: kindFromActions(recipients), recipients };
    if (report.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
    return extract;
  },
};
