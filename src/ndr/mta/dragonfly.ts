/**
 * DragonFly Mail Agent (dma) bounces (dma's mail.c `bounce()`): Subject "Mail delivery failed",
 * one message per recipient, no delivery-status part:
 *
 *     This is the DragonFly Mail Agent v0.13 at mail.example.com.
 *
 *     There was an error delivering your mail to <bob@example.org>.
 *
 *     mx.example.org [192.0.2.25] did not like our RCPT TO:
 *     550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown
 *
 *     Message headers follow.
 *
 * "did not like our <command>:" (net.c) introduces the remote reply; other texts are dma's own
 * (dns.c, dma.c), read with the table below.
 * @module
 */
import type { BounceMessage, MtaParser, RecipientMatter, SmtpCommand } from '../types.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';

const BANNER = /^This is the DragonFly Mail Agent\b[^\n]*? at ([^\s]+?)\.?\s*$/m;
const ERROR_FOR = /^There was an error delivering your mail to <([^<>\s]{1,320})>\.?\s*$/m;
const HEADERS_FOLLOW = /^Message headers follow\.?\s*$/m;
/** `mx.example.org [192.0.2.25] did not like our final DATA:` (net.c, READ_REMOTE_CHECK). */
const DID_NOT_LIKE = /^(\S+)\s+\[([^\]]*)\]\s+did not like our ([A-Za-z ]{3,20}?):\s*([\s\S]*)$/;

/** dma's own failure messages (dns.c, dma.c). */
const OWN_WORDS: OwnWordsRule[] = [
  { id: 'dragonfly.host-not-found', pattern: /\bDNS lookup failure: host \S+ not found\b/i, reason: 'hostunknown' },
  { id: 'dragonfly.gave-up', pattern: /\bCould not deliver for the last \d+ seconds\. Giving up\b/i, reason: 'expired' },
];

function commandOf(words: string): SmtpCommand | null {
  const w = words.trim().toUpperCase();
  if (w.startsWith('RCPT')) return 'RCPT';
  if (w.startsWith('MAIL')) return 'MAIL';
  if (w.endsWith('DATA')) return 'DATA';
  if (w === 'EHLO' || w === 'HELO') return 'EHLO';
  if (w.startsWith('STARTTLS')) return 'STARTTLS';
  if (w.startsWith('AUTH')) return 'AUTH';
  return null;
}

export function isDragonFlyReport(msg: BounceMessage): boolean {
  const text = msg.text;
  return BANNER.test(text) && ERROR_FOR.test(text);
}

export const dragonFlyParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'dragonfly',
  description: 'DragonFly Mail Agent (dma) bounces',
  hint: (msg) => msg.headers.some((h) => h.name === 'received' && h.value.includes('(DragonFly Mail Agent')),
  parse(msg) {
    if (!isDragonFlyReport(msg)) return null;
    const text = msg.text;
    const at = ERROR_FOR.exec(text);
    if (!at?.[1]) return null;
    const after = text.slice(at.index + at[0].length);
    const end = after.search(HEADERS_FOLLOW);
    const words = (end >= 0 ? after.slice(0, end) : after.slice(0, 4_096)).trim().replace(/\s+/g, ' ');
    const matter: RecipientMatter = { recipient: at[1], action: 'failed' };
    const remote = DID_NOT_LIKE.exec(words);
    if (remote) {
      if (remote[1]) matter.remoteMta = remote[1];
      const command = commandOf(remote[3] ?? '');
      if (command) matter.command = command;
      matter.diagnosticCode = (remote[4] ?? '').trim() || words;
    } else if (words) {
      matter.diagnosticCode = words;
      applyOwnWords(matter, words, OWN_WORDS);
    }
    const reportingMta = BANNER.exec(text)?.[1];
    if (reportingMta) matter.reportingMta = reportingMta;
    return { mta: 'dragonfly', kind: 'bounce', recipients: [matter], ...(reportingMta ? { reportingMta } : {}) };
  },
};
