/**
 * Bigfoot (bigfoot.com e-mail forwarding) reports. Its LiteMail relays write Sendmail's layout
 * ("----- The following addresses had permanent fatal errors -----", transcript, DSN part) and
 * return the original as message/partial; only the sender tells them apart.
 * @module
 */
import { rawHeaders } from '../../mime/header-lines.js';
import type { BounceMessage, MtaParser } from '../types.js';
import { parseSendmailReport } from './sendmail.js';

function isBigfoot(msg: BounceMessage): boolean {
  if (/@bigfoot\.com\b/i.test(msg.from)) return true;
  return rawHeaders(msg.headers, 'received').slice(0, 2).some((r) => /\bby\s+\S*\.bigfoot\.com\b/i.test(r));
}

export const bigfootParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'bigfoot',
  description: 'Bigfoot forwarding service reports (Sendmail-like layout)',
  hint: isBigfoot,
  parse(msg) {
    if (!isBigfoot(msg)) return null;
    return parseSendmailReport(msg, 'bigfoot');
  },
};
