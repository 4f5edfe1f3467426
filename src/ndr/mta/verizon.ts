/**
 * Verizon Wireless' reports about messages to its text and picture-message gateways. The SMS
 * gateway (post_master@vtext.com) writes "Error: Invalid user address", then "Error message
 * below:" with the reply ("550 - Requested action not taken: no such user here") and "Message
 * details:" with "RCPT TO: <recipient>". The MMS gateway (MMSC NDR Administrator at vzwpix.com)
 * writes "Message could not be delivered to mobile.", "Error: ..." and the original's "To:" line.
 * @module
 */
import { addressesIn } from '../report-text.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';

const SMS_SENDER = /@(?:[a-z0-9-]+\.)*vtext\.com\b/i;
const MMS_SENDER = /@(?:[a-z0-9-]+\.)*vzwpix\.com\b/i;
const REPLY_LINE = /^\s*([245]\d\d)\s*-\s+\S/;
const ERROR_LINE = /^\s*Error:\s*(\S.*)$/;
const MAX_LINES = 200;

function isVerizonSender(msg: BounceMessage): boolean {
  return SMS_SENDER.test(msg.from) || MMS_SENDER.test(msg.from);
}

function lineAfter(lines: readonly string[], pattern: RegExp): RegExpExecArray | null {
  for (const line of lines) {
    const m = pattern.exec(line);
    if (m) return m;
  }
  return null;
}

function smsReport(lines: readonly string[]): RecipientMatter[] {
  const error = lineAfter(lines, ERROR_LINE)?.[1]?.trim();
  if (!error) return [];
  const recipients = lines.flatMap((line) => (/^\s*RCPT TO:/i.test(line) ? addressesIn(line) : []));
  const reply = lines.find((line) => REPLY_LINE.test(line))?.trim();
  return recipients.map((recipient) => {
    const matter: RecipientMatter = { recipient, action: 'failed' };
    const code = reply ? REPLY_LINE.exec(reply)?.[1] : undefined;
    if (code) matter.replyCode = code;
    const diagnostic = reply ?? error;
    if (diagnostic) matter.diagnosticCode = diagnostic;
    // The gateway's own label says the RCPT TO address was refused ("Invalid user address").
    if (/\b(?:user address|recipient)\b/i.test(error)) matter.command = 'RCPT';
    return matter;
  });
}

function mmsReport(lines: readonly string[]): RecipientMatter[] {
  if (!lines.some((line) => /Message could not be delivered to mobile/i.test(line))) return [];
  const to = lines.find((line) => /^\s*To:/i.test(line));
  const error = lineAfter(lines, ERROR_LINE)?.[1]?.trim();
  return (to ? addressesIn(to) : []).map((recipient) => {
    const matter: RecipientMatter = { recipient, action: 'failed' };
    if (error) matter.diagnosticCode = error;
    return matter;
  });
}

export const verizonParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'verizon',
  description: 'Verizon Wireless SMS (vtext.com) and MMS (vzwpix.com) gateway reports',
  hint: isVerizonSender,
  parse(msg) {
    if (!isVerizonSender(msg)) return null;
    const lines = msg.text.split('\n').slice(0, MAX_LINES);
    const recipients = SMS_SENDER.test(msg.from) ? smsReport(lines) : mmsReport(lines);
    if (recipients.length === 0) return null;
    const extract: NdrExtract = { mta: 'verizon', kind: 'bounce', recipients };
    return extract;
  },
};
