/**
 * McAfee Email (and Web) Security Appliance reports (`X-NAI-Header: Modified by McAfee ...`,
 * Subject "Delivery Status"): a multipart/mixed with a text part named deliveryproblems.txt,
 *
 *         --- The following addresses had delivery problems ---
 *
 *     <bob@example.org>   (5.1.1 <bob@example.org>... User unknown)
 *
 * and a message/delivery-status part named deliverystatus.txt whose groups name the recipient
 * with `Original-Recipient: <bob@example.org>` only and give the remote reply as Diagnostic-Code.
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { rfc3464Parser } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';

const PROBLEMS_HEADING = /^\s*--- The following addresses had delivery problems ---\s*$/m;
/** `<bob@example.org>   (reply)` */
const PROBLEM_LINE = /^<([^<>\s]{1,320}@[^<>\s]{1,255})>\s+\((.{1,2000})\)\s*$/;

export function isMcAfeeReport(msg: BounceMessage): boolean {
  return /\bMcAfee\b/i.test(header(msg.headers, 'x-nai-header') ?? '') && (msg.deliveryStatus !== null || PROBLEMS_HEADING.test(msg.text));
}

function fromText(text: string): RecipientMatter[] {
  const at = PROBLEMS_HEADING.exec(text);
  if (!at) return [];
  const recipients: RecipientMatter[] = [];
  for (const line of text.slice(at.index + at[0].length).split('\n', 2_000)) {
    const m = PROBLEM_LINE.exec(line.trim());
    if (m?.[1]) recipients.push({ recipient: m[1], action: 'failed', diagnosticCode: (m[2] ?? '').trim() });
  }
  return recipients;
}

export const mcAfeeParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'mcafee',
  description: 'McAfee Email Security Appliance reports (X-NAI-Header, deliveryproblems.txt)',
  hint: isMcAfeeReport,
  parse(msg) {
    if (!isMcAfeeReport(msg)) return null;
    const dsn = rfc3464Parser.parse(msg);
    if (dsn) return { ...dsn, mta: 'mcafee' };
    const recipients = fromText(msg.text);
    const extract: NdrExtract = { mta: 'mcafee', kind: 'bounce', recipients };
    return recipients.length > 0 ? extract : null;
  },
};
