/**
 * Symantec Email Security.cloud (MessageLabs) reports: From `MAILER-DAEMON@messagelabs.com`,
 * Subject "Mail Delivery Failure", a multipart/report whose text reads
 *
 *     This is the mail delivery agent at Symantec Email Security.cloud.
 *
 *     I was unable to deliver your message to the following addresses:
 *
 *     bob@example.org
 *
 *     Reason: 550 5.1.1 <bob@example.org>... User unknown
 *
 * and a delivery-status part. When the group names no Remote-MTA, the reply is the service's
 * own; its non-standard `542 <address> Rejected` refuses that recipient address (the
 * service's recipient validation), decided here. Replies of MessageLabs' inbound servers
 * to other senders are provider knowledge (kb/providers/messagelabs.json).
 * @module
 */
import { cleanAddress } from '../formats/parse-delivery-status.js';
import { rfc3464Parser } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser } from '../types.js';

const AGENT_LINE = /^This is the mail delivery agent at (?:Symantec Email Security\.cloud|MessageLabs)\b/im;
/** `542 bob@example.org Rejected` */
const OWN_REJECTION = /^542 <?([^<>\s]{1,320}@[^<>\s]{1,255})>? Rejected\.?$/i;

export function isMessageLabsReport(msg: BounceMessage): boolean {
  return AGENT_LINE.test(msg.text);
}

export const messageLabsParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'messagelabs',
  description: 'Symantec Email Security.cloud (MessageLabs) delivery failure reports',
  hint: (msg) => /@messagelabs\.com\b/i.test(msg.from) || isMessageLabsReport(msg),
  parse(msg) {
    if (!isMessageLabsReport(msg)) return null;
    const extract = rfc3464Parser.parse(msg);
    if (!extract) return null;
    for (const matter of extract.recipients) {
      const words = (matter.diagnosticCode ?? '').replace(/\s+/g, ' ').trim();
      const own = OWN_REJECTION.exec(words);
      if (matter.reason || matter.remoteMta || !own || (own[1] ?? '').toLowerCase() !== cleanAddress(matter.recipient).toLowerCase()) continue;
      matter.reason = 'userunknown';
      matter.ruleId = 'messagelabs.recipient-rejected';
      matter.evidence = words;
    }
    return { ...extract, mta: 'messagelabs' };
  },
};
