/**
 * m-FILTER (Digital Arts) failure notices (`X-Mailer: m-FILTER`, Subject "failure notice"), in
 * Japanese with fixed section lines:
 *
 *     このメールは「m-FILTER」が自動的に生成して送信しています。
 *     ...
 *     以下のメールアドレスへの送信に失敗しました。
 *     bob@example.org
 *
 *     -------server message
 *     550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown
 *
 *     -------SMTP command
 *     DATA
 *
 *     -------original message
 * @module
 */
import { header } from '../../mime/header-lines.js';
import { commandNamed } from './postfix-text.js';
import { addressesIn } from '../report-text.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';

const SECTION = /^-{5,}(server message|SMTP command|original message)\s*$/gim;

export function isMFilterReport(msg: BounceMessage): boolean {
  const marked = /\bm-FILTER\b/i.test(header(msg.headers, 'x-mailer') ?? '') || /「m-FILTER」/.test(msg.text);
  return marked && /^-{5,}server message\s*$/im.test(msg.text);
}

export const mFilterParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'mfilter',
  description: 'm-FILTER failure notices ("-------server message", "-------SMTP command")',
  hint: isMFilterReport,
  parse(msg) {
    if (!isMFilterReport(msg)) return null;
    const text = msg.text;
    const sections = [...text.matchAll(SECTION)].slice(0, 20);
    const first = sections[0];
    if (!first) return null;
    const body = (name: string): string => {
      const at = sections.findIndex((s) => (s[1] ?? '').toLowerCase() === name);
      const s = sections[at];
      if (!s) return '';
      const start = (s.index ?? 0) + s[0].length;
      const end = sections[at + 1]?.index ?? Math.min(text.length, start + 8_192);
      return text.slice(start, end).trim();
    };
    const reply = body('server message').replace(/\s+/g, ' ');
    const command = commandNamed(body('smtp command').split('\n')[0] ?? '');
    const recipients: RecipientMatter[] = addressesIn(text.slice(0, first.index)).slice(0, 1_000).map((address) => {
      const matter: RecipientMatter = { recipient: address, action: 'failed' };
      if (reply) matter.diagnosticCode = reply;
      if (command) matter.command = command;
      return matter;
    });
    return recipients.length > 0 ? { mta: 'mfilter', kind: 'bounce', recipients } : null;
  },
};
