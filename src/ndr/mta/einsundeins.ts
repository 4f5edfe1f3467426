/**
 * 1&1 / IONOS (mail servers "kundenserver.de", "Nemesis") reports. They reuse Exim's wording
 * but not its layout: the address starts the line, the reason follows "For the following
 * reason:" or is given as one line "SMTP error from remote server for TEXT command, host:
 * mx.example.org (192.0.2.1) reason: 550 5.7.1 ...", and the original's header follows
 * "--- The header of the original message is following. ---".
 * @module
 */
import type { Reason } from '../classify/reasons.js';
import type { BounceMessage, MtaParser, RecipientMatter, SmtpCommand } from '../types.js';

const HEADER_MARK = /^---\s*The header of the original message is following\.?\s*---/im;
const LIST_START = /following\s+address(?:\(es\)|es)?\s+failed:?/i;
const REMOTE_ERROR = /SMTP error from remote server (?:for|after) (\S+)(?: command)?,?\s*host:\s*(\S+)(?:\s*\([^)]*\))?\s*reason:\s*(.*)$/i;

/** 1&1's own refusal texts (http://postmaster.1and1.com/en/error-messages). */
const OWN_TEXTS: [RegExp, Reason, string][] = [
  [/^Mail size limit exceeded/i, 'emailtoolarge', 'size-limit'],
];

function isEinsUndEins(msg: BounceMessage): boolean {
  return HEADER_MARK.test(msg.text) && LIST_START.test(msg.text) && /Mail Delivery System/i.test(msg.from);
}

function commandOf(word: string): SmtpCommand | undefined {
  const w = word.toUpperCase();
  if (w === 'TEXT' || w === 'DATA') return 'DATA';
  if (w.startsWith('RCPT')) return 'RCPT';
  if (w.startsWith('MAIL')) return 'MAIL';
  return undefined;
}

export const einsUndEinsParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'einsundeins',
  description: '1&1 / IONOS delivery failure reports',
  hint: isEinsUndEins,
  parse(msg) {
    if (!isEinsUndEins(msg)) return null;
    const start = LIST_START.exec(msg.text);
    const end = msg.text.search(HEADER_MARK);
    if (!start || end <= start.index) return null;
    const lines = msg.text.slice(start.index + start[0].length, end).split('\n');
    const recipients: RecipientMatter[] = [];
    const details: string[][] = [];
    for (const raw of lines) {
      const line = raw.trim();
      const address = /^([^\s@<>:]+@[^\s@<>:]+?):?$/.exec(line)?.[1];
      if (address && /^\S/.test(raw)) {
        if (recipients.length >= 1000) break;
        recipients.push({ recipient: address, action: 'failed' });
        details.push([]);
        continue;
      }
      if (line && !/^For the following reason:?$/i.test(line)) details[details.length - 1]?.push(line);
    }
    recipients.forEach((matter, index) => {
      const text = (details[index] ?? []).join(' ').replace(/\s+/g, ' ').trim();
      const remote = REMOTE_ERROR.exec(text);
      if (remote) {
        const command = commandOf(remote[1] ?? '');
        if (command) matter.command = command;
        if (remote[2]) matter.remoteMta = remote[2];
        matter.diagnosticCode = (remote[3] ?? '').trim();
      } else if (text) {
        matter.diagnosticCode = text;
        for (const [pattern, reason, id] of OWN_TEXTS) {
          const m = pattern.exec(text);
          if (!m) continue;
          matter.reason = reason;
          matter.ruleId = `einsundeins.${id}`;
          matter.evidence = m[0];
          break;
        }
      }
    });
    if (recipients.length === 0) return null;
    return { mta: 'einsundeins', kind: 'bounce', recipients };
  },
};
