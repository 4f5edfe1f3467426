/**
 * Unknown MTA "X1" (an unnamed Japanese ISP mail system, Sisimai's X1): From "Mail Deliver(y)
 * System", Subject "Returned Mail: ..." or "Mail Delivery Failure", and a short text:
 *
 *     The original message was received at Thu, 29 Apr 2010 23:34:45 +0900 (JST)
 *     from alice@example.jp
 *
 *     ---The following addresses had delivery errors---
 *
 *     bob@example.org [User unknown]
 *
 * The bracketed words are the only diagnostic; there is no status code.
 * @module
 */
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';

const RECEIVED_AT = /^The original message was received at [^\n]+\n\s*from \S+/m;
const ERRORS_HEADING = /^---The following addresses had delivery errors---\s*$/m;
/** `bob@example.org [User unknown]` */
const RECIPIENT_LINE = /^\s*([^\s<>[\]]{1,320}@[^\s<>[\]]{1,255})\s+\[([^\]\n]{1,400})\]\s*$/;

export function isX1Report(msg: BounceMessage): boolean {
  const text = msg.text;
  return /\bMail Deliver(?:y)? System\b/i.test(msg.from) && ERRORS_HEADING.test(text) && RECEIVED_AT.test(text);
}

export const unknownX1Parser: MtaParser = {
  id: 'x1',
  description: 'Unknown MTA X1: "---The following addresses had delivery errors---" with bracketed reasons',
  parse(msg: BounceMessage) {
    if (!isX1Report(msg)) return null;
    const text = msg.text;
    const heading = ERRORS_HEADING.exec(text);
    const recipients: RecipientMatter[] = [];
    for (const line of text.slice(heading ? heading.index : 0).split('\n', 2_000)) {
      const m = RECIPIENT_LINE.exec(line);
      if (m?.[1] && !recipients.some((r) => r.recipient === m[1])) {
        recipients.push({ recipient: m[1], action: 'failed', diagnosticCode: (m[2] ?? '').trim() });
      }
    }
    return recipients.length > 0 ? { mta: 'x1', kind: 'bounce', recipients } : null;
  },
};
