/**
 * Feedback-loop reports in the Abuse Reporting Format (RFC 5965, RFC 6591 for auth-failure):
 * a complaint about a message, not a delivery failure. One entry per original recipient, with
 * the reason `feedback` and the report's Feedback-Type.
 * @module
 */
import { header, parseHeaderBlock, rawHeaders } from '../../mime/header-lines.js';
import type { MtaParser, RecipientMatter } from '../types.js';
import { cleanAddress } from './parse-delivery-status.js';

const ADDRESS = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[A-Za-z0-9-]+/;

export const arfParser: MtaParser = {
  id: 'arf',
  description: 'Abuse Reporting Format feedback report (RFC 5965)',
  parse(msg) {
    const isReport = msg.reportType === 'feedback-report' || msg.feedbackReport !== null;
    if (!isReport) return null;
    const fields = parseHeaderBlock(msg.feedbackReport ?? '');
    const feedbackType = (header(fields, 'feedback-type') ?? 'other').trim().toLowerCase();
    const addresses = rawHeaders(fields, 'original-rcpt-to').map(cleanAddress).filter((a) => ADDRESS.test(a));
    if (addresses.length === 0 && msg.originalHeaders) {
      const to = header(msg.originalHeaders, 'to');
      const m = to ? ADDRESS.exec(to) : null;
      if (m) addresses.push(cleanAddress(m[0]));
    }
    const reportingMta = header(fields, 'reporting-mta');
    const date = header(fields, 'arrival-date') ?? header(fields, 'received-date');
    const base = (recipient: string): RecipientMatter => {
      const matter: RecipientMatter = {
        recipient, reason: 'feedback', ruleId: 'arf.feedback-report', evidence: `Feedback-Type: ${feedbackType}`, feedbackType,
      };
      if (reportingMta) matter.reportingMta = reportingMta.replace(/^dns;\s*/i, '');
      if (date) matter.date = date;
      return matter;
    };
    const recipients = addresses.length > 0 ? addresses.map(base) : [base('')];
    return { mta: 'arf', kind: 'feedback', recipients };
  },
};
