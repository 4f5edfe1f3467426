/**
 * Barracuda Spam & Virus Firewall reports: a multipart/report with the text "Your message to:
 * <address> was blocked by our Spam & Virus Firewall. The email you sent with the following
 * subject has NOT BEEN DELIVERED:" (Subject "**Message you sent blocked by our bulk email
 * filter**" and similar), and a delivery-status part whose Diagnostic-Code gives the verdict
 * ("550 5.7.1 Message content rejected, UBE, id=...").
 * @module
 */
import { rfc3464Parser } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser } from '../types.js';

const BARRACUDA_TEXT = /\bwas blocked by our Spam (?:&|and) Virus Firewall\b|\bBarracuda (?:Spam|Email Security|Networks)\b/i;
const BARRACUDA_SUBJECT = /^\*\*Message you sent blocked by our (?:bulk email|spam) filter\*\*/i;

export function isBarracudaReport(msg: BounceMessage): boolean {
  return BARRACUDA_TEXT.test(msg.text) || (BARRACUDA_SUBJECT.test(msg.subject) && msg.deliveryStatus !== null);
}

export const barracudaParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'barracuda',
  description: 'Barracuda Spam & Virus Firewall reports',
  hint: (msg) => BARRACUDA_SUBJECT.test(msg.subject),
  parse(msg) {
    if (!isBarracudaReport(msg)) return null;
    const extract = rfc3464Parser.parse(msg);
    return extract ? { ...extract, mta: 'barracuda' } : null;
  },
};
