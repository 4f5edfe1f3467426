/**
 * MailMarshal (Trustwave/Marshal SMTP) non-delivery notices, Subject `Undeliverable Mail:
 * "<subject>"`, sent by MailMarshal's sender service (Received `from MailMarshal.Sender`):
 *
 *     Your message:
 *        From:    alice@example.com
 *        Subject: Hello
 *
 *     Could not be delivered because of
 *
 *     550 5.1.1 User unknown
 *
 *     The following recipients were affected:
 *         bob@example.org
 *
 *     Additional Information
 *     ======================
 *     Remote-MTA:         <192.0.2.2>
 *     Reporting-MTA:      <mx.example.com>
 * @module
 */
import { rawHeaders } from '../../mime/header-lines.js';
import { addressesIn } from '../report-text.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';

const BECAUSE = /^Could not be delivered because of\s*$/m;
const AFFECTED = /^The following recipients were affected:?\s*$/m;
const ADDITIONAL = /^Additional Information\s*$/m;

export function isMailMarshalReport(msg: BounceMessage): boolean {
  const text = msg.text;
  if (!BECAUSE.test(text) || !AFFECTED.test(text)) return false;
  return /^Undeliverable Mail: /i.test(msg.subject) || rawHeaders(msg.headers, 'received').some((r) => /\bMailMarshal\b/i.test(r));
}

function field(text: string, name: string): string | null {
  const m = new RegExp(`^${name}:\\s*<([^>\\n]{1,255})>`, 'im').exec(text);
  return m?.[1]?.trim() ?? null;
}

export const mailMarshalParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'mailmarshal',
  description: 'MailMarshal notices ("Could not be delivered because of", "The following recipients were affected")',
  hint: isMailMarshalReport,
  parse(msg) {
    if (!isMailMarshalReport(msg)) return null;
    const text = msg.text;
    const because = BECAUSE.exec(text);
    const affected = AFFECTED.exec(text);
    if (!because || !affected || affected.index < because.index) return null;
    const reason = text.slice(because.index + because[0].length, affected.index).replace(/\s+/g, ' ').trim();
    const additional = ADDITIONAL.exec(text);
    const listEnd = additional && additional.index > affected.index ? additional.index : affected.index + 64 * 1024;
    const remoteMta = field(text, 'Remote-MTA');
    const reportingMta = field(text, 'Reporting-MTA');
    const recipients: RecipientMatter[] = addressesIn(text.slice(affected.index + affected[0].length, listEnd)).slice(0, 1_000).map((address) => {
      const matter: RecipientMatter = { recipient: address, action: 'failed' };
      if (reason) matter.diagnosticCode = reason;
      if (remoteMta) matter.remoteMta = remoteMta;
      if (reportingMta) matter.reportingMta = reportingMta;
      return matter;
    });
    return recipients.length > 0 ? { mta: 'mailmarshal', kind: 'bounce', recipients } : null;
  },
};
