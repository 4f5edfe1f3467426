/**
 * KDDI (au one net, dion.ne.jp) mail error notices: From `no-reply@<...>.dion.ne.jp`, Reply-To
 * `no-reply@app.auone-net.jp`, sent from `*.auone-net.jp`, Subject "メールエラー通知" (or a
 * site's own), a Japanese sentence and the server's English words:
 *
 *     Your mail sent on: Thu, 29 Apr 2013 23:45:22 +0900
 *          Could not be delivered to: <bob@example.dion.ne.jp>
 *          As their mailbox is full.
 *
 * The English sentence after the address is the only diagnostic; a table of the server's
 * sentences decides the reason (the Japanese text above it says the same).
 * @module
 */
import { header, rawHeaders } from '../../mime/header-lines.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';

const COULD_NOT = /Could not be delivered to:\s*<([^<>\s]{1,320}@[^<>\s]{1,255})>/g;

const OWN_WORDS: OwnWordsRule[] = [
  { id: 'kddi.mailbox-full', pattern: /\bAs their mailbox is full\b/i, reason: 'mailboxfull' },
  { id: 'kddi.domain-does-not-exist', pattern: /\bAs the remote domain does ?n[o']?t exist\b/i, reason: 'hostunknown' },
  { id: 'kddi.relay-error', pattern: /\bDue to the following SMTP relay error\b/i, reason: 'norelaying' },
];

export function isKddiNotice(msg: BounceMessage): boolean {
  const fromAu = /@[\w.-]{0,100}\bdion\.ne\.jp\b/i.test(msg.from) || /\bauone-net\.jp\b/i.test(header(msg.headers, 'reply-to') ?? '')
    || rawHeaders(msg.headers, 'received').slice(0, 3).some((r) => /\bauone-net\.jp\b/i.test(r));
  return fromAu && /Could not be delivered to:\s*</.test(msg.text);
}

export const kddiParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'kddi',
  description: 'KDDI au one net mail error notices ("Could not be delivered to: <...>")',
  hint: isKddiNotice,
  parse(msg) {
    if (!isKddiNotice(msg)) return null;
    const text = msg.text;
    const recipients: RecipientMatter[] = [];
    for (const m of text.matchAll(COULD_NOT)) {
      if (!m[1] || recipients.length >= 1_000) continue;
      // The sentence after the address, up to a blank line.
      const after = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 400).split(/\n[ \t]*\n/)[0] ?? '';
      const words = after.replace(/\s+/g, ' ').trim();
      const matter: RecipientMatter = { recipient: m[1], action: 'failed', diagnosticCode: `Could not be delivered to: <${m[1]}> ${words}`.trim() };
      applyOwnWords(matter, words, OWN_WORDS);
      recipients.push(matter);
    }
    return recipients.length > 0 ? { mta: 'kddi', kind: 'bounce', recipients } : null;
  },
};
