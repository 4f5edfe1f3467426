/**
 * Mimecast delivery failure notices (Subject "[Postmaster] Email Delivery Failure", header
 * fields X-MC-System and X-Mimecast-Originator), text only or as a multipart/report:
 *
 *     An email that you attempted to send to the following address could not be delivered:
 *     -- bob@example.org
 *     The problem appears to be :
 *     -- Recipient email address is possibly incorrect
 *     Additional information follows :
 *     -- 5.4.1 Recipient address rejected: Access denied. [...]
 *
 * The "problem" line is Mimecast's rough guess; "Additional information" quotes the remote
 * server's reply, and the delivery-status part (written `Field : value`, recipients typed
 * `rfc/822;`) gives it with its reply code.
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { cleanAddress } from '../formats/parse-delivery-status.js';
import { deliveryStatusOf } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';

const ADDRESS_INTRO = /(?:following address could not be delivered:|addressed to email address :|could not be delivered to the following address(?:es)?:)\s*$/i;
const ADDITIONAL_INTRO = /^Additional information follows\s*:\s*$/i;
const ADDITIONAL_LINE = /^Additional information follows\s*:\s*$/im;
const DASH_LINE = /^--\s+(.+)$/;
const ADDRESS = /^<?([^<>\s]{1,320}@[^<>\s]{1,255})>?$/;

export function isMimecastReport(msg: BounceMessage): boolean {
  if (header(msg.headers, 'x-mc-system') === null && header(msg.headers, 'x-mimecast-originator') === null) return false;
  return /^\[Postmaster\] Email Delivery Failure/i.test(msg.subject) || ADDITIONAL_LINE.test(msg.text);
}

/** The recipients and the "Additional information" lines of the notice text. */
function readNotice(text: string): { recipients: string[]; additional: string } {
  const lines = text.split('\n', 5_000).map((l) => l.trim());
  const recipients: string[] = [];
  const additional: string[] = [];
  let mode: 'none' | 'address' | 'additional' = 'none';
  for (const line of lines) {
    if (ADDRESS_INTRO.test(line)) { mode = 'address'; continue; }
    if (ADDITIONAL_INTRO.test(line)) { mode = 'additional'; continue; }
    if (!line) { if (mode === 'additional' && additional.length > 0) mode = 'none'; continue; }
    const dash = DASH_LINE.exec(line)?.[1]?.trim();
    if (mode === 'address') {
      const address = dash ? ADDRESS.exec(dash)?.[1] : undefined;
      if (address) recipients.push(address);
      else mode = 'none';
    } else if (mode === 'additional') {
      if (/^This condition occurred after/i.test(line)) { mode = 'none'; continue; }
      additional.push(dash ?? line);
    }
  }
  return { recipients, additional: additional.join(' ').replace(/\s+/g, ' ').trim() };
}

export const mimecastParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'mimecast',
  description: 'Mimecast "[Postmaster] Email Delivery Failure" notices',
  hint: isMimecastReport,
  parse(msg) {
    if (!isMimecastReport(msg)) return null;
    const notice = readNotice(msg.text);
    const dsn = deliveryStatusOf(msg);
    const groups = dsn?.recipients ?? [];
    const addresses = notice.recipients.length > 0 ? notice.recipients
      : groups.map((g) => cleanAddress((g.finalRecipient ?? g.originalRecipient ?? '').replace(/^rfc\/822;/i, ''))).filter(Boolean);
    const recipients: RecipientMatter[] = addresses.map((address, index) => {
      const group = groups.find((g) => (g.finalRecipient ?? g.originalRecipient ?? '').toLowerCase().endsWith(address.toLowerCase())) ?? (groups.length === addresses.length ? groups[index] : undefined);
      const matter: RecipientMatter = { recipient: address, action: 'failed' };
      const diagnostic = group?.diagnosticCode ?? (notice.additional || undefined);
      if (diagnostic) matter.diagnosticCode = diagnostic.replace(/^smtp\s*;\s*/i, '');
      if (group?.status) matter.status = group.status;
      if (group?.remoteMta) matter.remoteMta = group.remoteMta;
      if (dsn?.perMessage.reportingMta) matter.reportingMta = dsn.perMessage.reportingMta;
      if (group?.lastAttemptDate) matter.date = group.lastAttemptDate;
      return matter;
    });
    return recipients.length > 0 ? { mta: 'mimecast', kind: 'bounce', recipients } : null;
  },
};
