/**
 * GMX, WEB.DE and mail.com reports (United Internet's "Nemesis" mail servers): From
 * `MAILER-DAEMON@mail.gmx.com` (gmx.net, gmx.de, web.de, ...), Subject "Mail delivery failed:
 * returning message to sender", headers `X-GMX-Antispam` / `X-GMX-Antivirus`, a plain-text body
 * that reuses Exim's opening ("This message was created automatically by mail delivery
 * software.") and ends with "--- The header of the original message is following. ---".
 * Each failed address is on a line of its own, quoted or bracketed, and the lines below it say
 * what happened:
 *
 *     "bob@example.org":
 *     SMTP error from remote server after RCPT command:
 *     host: mx.example.org
 *     5.1.1 <bob@example.org>... User Unknown
 *
 * or, when GMX gave up retrying,
 *
 *     <bob@example.org>
 *     Reason:
 *     delivery retry timeout exceeded
 *
 * The newer layout shared with 1&1 writes `bob@example.org:` and one line "SMTP error from remote
 * server for RCPT TO command, host: mx.example.org (192.0.2.1) reason: 550 5.1.1 ...". GMX's own
 * fixed sentences (no remote reply) are decided here; remote replies go to the classifier.
 * 1&1's own reports (kundenserver.de, "Mail Delivery System") have their parser (einsundeins.ts).
 * @module
 */
import { header } from '../../mime/header-lines.js';
import type { BounceMessage, MtaParser, RecipientMatter, SmtpCommand } from '../types.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';

const OPENING = 'This message was created automatically by mail delivery software';
const HEADER_MARK = /^---\s*The header of the original message is following\.?\s*---/im;
const FAILED_SENTENCE = /following\s+address(?:\(es\)|es)?\s+failed:?/i;
/** United Internet's mail domains (GMX, WEB.DE, mail.com). */
const GMX_SENDER = /@(?:[a-z0-9-]+\.)*(?:gmx\.(?:net|com|de|at|ch|fr|es|co\.uk|us)|web\.de|mail\.com)\b/i;
/** `"bob@example.org":`, `<bob@example.org>`, `bob@example.org:` alone on a line. */
const ADDRESS_LINE = /^(?:"([^"\s]{1,320}@[^"\s]{1,255})":?|<([^<>\s]{1,320}@[^<>\s]{1,255})>:?|([^\s"<>:]{1,320}@[^\s"<>:]{1,255}):)$/;
const SMTP_ERROR = /^SMTP error from remote (?:mail )?server (?:after|for) ([A-Za-z ]{2,20}?)(?: command)?(?::|,)\s*(.*)$/i;
const HOST_LINE = /^host:\s*([A-Za-z0-9][A-Za-z0-9.-]{0,253})/i;
const HOST_REASON = /^host:\s*([A-Za-z0-9][A-Za-z0-9.-]{0,253})(?:\s*\([^)]{0,60}\))?\s*reason:\s*(.*)$/i;
const MAX_LINES = 2_000;
const MAX_DETAIL_LINES = 12;
const MAX_ADDRESS_LINE_CHARS = 600;

function addressOf(line: string): string | undefined {
  if (line.length > MAX_ADDRESS_LINE_CHARS || !line.includes('@')) return undefined;
  const m = ADDRESS_LINE.exec(line);
  return m?.[1] ?? m?.[2] ?? m?.[3];
}

/** GMX's own statements, when no remote server replied. */
const OWN_WORDS: OwnWordsRule[] = [
  { id: 'gmx.retry-timeout', pattern: /\bdelivery retry timeout exceeded\b/i, reason: 'expired' },
  { id: 'gmx.mailbox-quota', pattern: /\b(?:mailbox quota exceeded|quota exceeded|mailbox (?:is )?full|over quota)\b/i, reason: 'mailboxfull', unless: /\b(?:send(?:ing)?|rate|outgoing|messages per)\b/i },
];

function fromGmx(msg: BounceMessage): boolean {
  if (msg.headers.some((h) => h.name === 'x-gmx-antispam' || h.name === 'x-gmx-antivirus')) return true;
  return /\bmailer-daemon@/i.test(msg.from) && GMX_SENDER.test(msg.from);
}

export function isGmxReport(msg: BounceMessage): boolean {
  if (!fromGmx(msg)) return false;
  const text = msg.text.slice(0, 32 * 1024);
  return text.includes(OPENING) && (HEADER_MARK.test(text) || FAILED_SENTENCE.test(text));
}

function commandOf(words: string): SmtpCommand | undefined {
  const w = words.toUpperCase().trim();
  if (w.startsWith('RCPT')) return 'RCPT';
  if (w.startsWith('MAIL')) return 'MAIL';
  if (w === 'DATA' || w === 'TEXT' || w.startsWith('END OF')) return 'DATA';
  if (w === 'EHLO' || w === 'HELO') return 'EHLO';
  return undefined;
}

/** Reads the lines under one address: the command, the host and the server's or GMX's words. */
function matterOf(recipient: string, lines: readonly string[]): RecipientMatter {
  const matter: RecipientMatter = { recipient, action: 'failed' };
  const words: string[] = [];
  for (const line of lines) {
    const error = SMTP_ERROR.exec(line);
    if (error) {
      const command = commandOf(error[1] ?? '');
      if (command) matter.command = command;
      const rest = (error[2] ?? '').trim();
      const hostReason = HOST_REASON.exec(rest);
      if (hostReason) {
        matter.remoteMta = hostReason[1] ?? '';
        if (hostReason[2]?.trim()) words.push(hostReason[2].trim());
      }
      continue;
    }
    const host = HOST_LINE.exec(line);
    if (host && !matter.remoteMta) {
      matter.remoteMta = host[1] ?? '';
      const reason = HOST_REASON.exec(line)?.[2]?.trim();
      if (reason) words.push(reason);
      continue;
    }
    if (/^(?:Reason|For the following reason):?$/i.test(line)) continue;
    words.push(line);
  }
  const said = words.join(' ').replace(/\s+/g, ' ').trim();
  if (said) matter.diagnosticCode = said;
  // GMX's own words only: a remote reply (it has a code) is the classifier's to read.
  if (said && !/^(?:[2-5]\d\d[ -]|[245]\.\d{1,3}\.\d{1,3}\b)/.test(said)) applyOwnWords(matter, said, OWN_WORDS);
  return matter;
}

export const gmxParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'gmx',
  description: 'GMX / WEB.DE / mail.com "Mail delivery failed: returning message to sender" reports',
  hint: (msg) => header(msg.headers, 'x-gmx-antispam') !== null || (/\bmailer-daemon@/i.test(msg.from) && GMX_SENDER.test(msg.from)),
  parse(msg) {
    if (!isGmxReport(msg)) return null;
    const text = msg.text;
    const start = text.indexOf(OPENING);
    const endMark = HEADER_MARK.exec(text);
    const end = endMark && endMark.index > start ? endMark.index : text.length;
    const lines = text.slice(start, end).split('\n', MAX_LINES).map((l) => l.trim());
    const recipients: RecipientMatter[] = [];
    for (let i = 0; i < lines.length; i++) {
      const address = addressOf(lines[i] ?? '');
      if (!address) continue;
      const block: string[] = [];
      let j = i + 1;
      for (; j < lines.length && block.length < MAX_DETAIL_LINES; j++) {
        const line = lines[j] ?? '';
        if (addressOf(line)) break;
        if (!line) {
          if (block.length > 0) break;
          continue;
        }
        block.push(line);
      }
      i = j - 1;
      if (recipients.length >= 1_000) break;
      if (recipients.some((r) => r.recipient.toLowerCase() === address.toLowerCase())) continue;
      recipients.push(matterOf(address, block));
    }
    if (recipients.length === 0) return null;
    return { mta: 'gmx', kind: 'bounce', recipients };
  },
};
