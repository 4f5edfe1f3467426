/**
 * fml (a Japanese mailing-list manager, fml 4.x) error notices to a poster or the list owner:
 * marked `X-MLServer: fml [fml 4.0.3 release ...]`, From `<list>-admin@...`, with the subject
 * and first line in fml's fixed words (fml 4 kern/libkern, messages.*):
 *
 *     Subject: You alice@example.jp are not member (nyaan ML)
 *     You are not a member of this mailing list <nyaan@example.org>.
 *
 *     Subject: Loop Alert: Duplicated Message-ID (nyaan ML)
 *     Duplicated Message-ID in <nyaan@example.org>.
 *
 * The "recipient" is the list the message was sent to (the address in angle brackets).
 * @module
 */
import { header } from '../../mime/header-lines.js';
import type { BounceMessage, MtaParser, Reason, RecipientMatter } from '../types.js';

interface FmlNotice {
  id: string;
  pattern: RegExp;
  reason: Reason;
}

/** fml's notices: a post from a non-member is refused; a loop stops delivery; a security check. */
const NOTICES: FmlNotice[] = [
  { id: 'fml.not-member', pattern: /\bYou are not a member of this mailing list\b|\bNOT MEMBER article from\b|^You \S+ are not member\b/im, reason: 'rejected' },
  { id: 'fml.rejected', pattern: /^(?:reject mail |Spam mail from a spammer is rejected\b)/im, reason: 'rejected' },
  { id: 'fml.loop', pattern: /^(?:Loop Alert:|Loop Back Warning:|WARNING: UNIX FROM Loop)|\bDuplicated Message-ID\b/im, reason: 'systemerror' },
  { id: 'fml.system-error', pattern: /\bfml system error message\b/i, reason: 'systemerror' },
  { id: 'fml.security-alert', pattern: /^Security Alert\b/im, reason: 'securityerror' },
];

const ANGLE_ADDRESS = /<([^<>\s]{1,320}@[^<>\s]{1,255})>/;

export function isFmlNotice(msg: BounceMessage): boolean {
  return /^fml\b/i.test(header(msg.headers, 'x-mlserver') ?? '');
}

export const fmlParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'fml',
  description: 'fml mailing-list manager error notices (X-MLServer: fml)',
  hint: isFmlNotice,
  parse(msg) {
    if (!isFmlNotice(msg)) return null;
    const text = msg.text.slice(0, 64 * 1024);
    // fml's own words come first; the returned original follows them.
    const head = text.split(/\n[ \t]*\n/, 1)[0] ?? '';
    for (const notice of NOTICES) {
      const hit = notice.pattern.exec(head);
      if (!hit && !notice.pattern.test(msg.subject)) continue;
      const lineEnd = hit ? head.indexOf('\n', hit.index) : -1;
      const line = hit ? head.slice(head.lastIndexOf('\n', hit.index) + 1, lineEnd < 0 ? head.length : lineEnd) : msg.subject;
      const recipient = ANGLE_ADDRESS.exec(line)?.[1] ?? ANGLE_ADDRESS.exec(head)?.[1];
      if (!recipient) return null;
      const matter: RecipientMatter = {
        recipient, action: 'failed', diagnosticCode: line.trim(),
        reason: notice.reason, ruleId: notice.id, evidence: (hit?.[0] ?? msg.subject).trim(),
      };
      return { mta: 'fml', kind: 'bounce', recipients: [matter] };
    }
    return null;
  },
};
