/**
 * EZweb (au by KDDI mobile mail, ezweb.ne.jp) error notices: From `Postmaster@ezweb.ne.jp`,
 * Subject "Mail System Error - Returned Mail", written by the carrier's servers
 * (`lsean.ezweb.ne.jp`, "EZweb Mail"). The notice opens with one of the carrier's fixed English
 * sentences, which is the diagnosis, then the recipients:
 *
 *     The user(s) account is disabled.
 *
 *     <bob@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO command)
 *
 * or, with a Japanese preface, "Each of the following recipients was rejected by a remote mail
 * server." and a short `>>> RCPT TO:<...>` / `<<< 550 ...` transcript per recipient.
 *
 * The fixed sentences decide the reason (the carrier's meaning, e.g. "account is disabled":
 * the subscriber's mail service is suspended, though the quoted reply says "user unknown").
 * A notice marked `X-SPASIGN: NG` was refused by the recipient's spam / designated-domain filter
 * (au's filter marks the notices of refused mail so).
 * @module
 */
import { header, rawHeaders } from '../../mime/header-lines.js';
import { deliveryStatusOf, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import { textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';

const OWN_WORDS: OwnWordsRule[] = [
  { id: 'ezweb.account-disabled', pattern: /\bThe user\(s\) account is (?:disabled|temporarily limited)\b/i, reason: 'suspend' },
  { id: 'ezweb.over-quota', pattern: /\bThe user\(s\) account is temporarily over quota\b/i, reason: 'mailboxfull' },
  { id: 'ezweb.not-delivered-within', pattern: /\bYour message was not delivered within \d/i, reason: 'expired' },
];
const REJECTED_BY_REMOTE = /Each of the following recipients was rejected by a remote\s+mail server/i;
const ADDRESS_LINE = /^\s*(?:Recipient:\s*)?<([^<>\s]{1,320}@[^<>\s]{1,255})>:?\s*(.*)$/;

export function isEzwebNotice(msg: BounceMessage): boolean {
  if (!/\bPostmaster@ezweb\.ne\.jp\b/i.test(msg.from)) return false;
  return /^Mail System Error - Returned Mail/i.test(msg.subject)
    || rawHeaders(msg.headers, 'received').slice(0, 4).some((r) => /\bezweb\.ne\.jp\b/i.test(r));
}

/** Recipients and their quoted replies from the notice text. */
function fromText(text: string): RecipientMatter[] {
  const recipients: RecipientMatter[] = [];
  let current: RecipientMatter | null = null;
  for (const raw of text.split('\n', 5_000)) {
    const line = raw.trim();
    const m = ADDRESS_LINE.exec(line);
    if (m?.[1]) {
      current = recipients.find((r) => r.recipient.toLowerCase() === (m[1] ?? '').toLowerCase()) ?? null;
      if (!current) {
        current = { recipient: m[1], action: 'failed' };
        recipients.push(current);
      }
      if (m[2]?.trim()) current.diagnosticCode = m[2].trim();
      continue;
    }
    if (!current || !line) continue;
    if (line.startsWith('<<<')) current.diagnosticCode = `${current.diagnosticCode ?? ''} ${line.slice(3).trim()}`.trim();
    else if (line.startsWith('>>>')) current.command = /^>>>\s*RCPT\b/i.test(line) ? 'RCPT' : /^>>>\s*DATA\b/i.test(line) ? 'DATA' : /^>>>\s*MAIL\b/i.test(line) ? 'MAIL' : current.command ?? 'RCPT';
  }
  return recipients;
}

export const ezwebParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'ezweb',
  description: 'EZweb (au by KDDI) "Mail System Error - Returned Mail" notices',
  hint: isEzwebNotice,
  parse(msg) {
    if (!isEzwebNotice(msg)) return null;
    const text = textBeforeOriginal(msg.text);
    const listed = fromText(text);
    const dsn = deliveryStatusOf(msg);
    const recipients = dsn ? recipientsFromDsn(dsn).filter((r) => r.recipient) : listed;
    if (recipients.length === 0) return null;
    const filtered = /^NG\b/i.test((header(msg.headers, 'x-spasign') ?? '').trim());
    for (const matter of recipients) {
      const line = listed.find((l) => l.recipient.toLowerCase() === matter.recipient.toLowerCase());
      if (line?.diagnosticCode && !matter.diagnosticCode) matter.diagnosticCode = line.diagnosticCode;
      if (line?.command && !matter.command) matter.command = line.command;
      if (matter.reason) continue;
      // The carrier's sentence is said once for all the recipients listed.
      if (applyOwnWords(matter, text, OWN_WORDS)) continue;
      if (filtered) {
        matter.reason = 'filtered';
        matter.ruleId = 'ezweb.x-spasign-ng';
        matter.evidence = 'X-SPASIGN: NG';
      } else if (!matter.diagnosticCode && REJECTED_BY_REMOTE.test(text)) {
        matter.diagnosticCode = 'Each of the following recipients was rejected by a remote mail server.';
      }
    }
    return { mta: 'ezweb', kind: 'bounce', recipients };
  },
};
