/**
 * Trend Micro InterScan Messaging Security Suite (and InterScan VirusWall) notices: From
 * `postmaster@... ("InterScan Notification")`, Subject "Mail could not be delivered", MIME
 * boundary "InterScan_NT_MIME_Boundary", and a text such as
 *
 *     ****** Message from InterScan Messaging Security Suite ******
 *     The following mail could not be delivered.
 *     Reason:  Unable to deliver message to <bob@example.org> (and other recipients in the same domain).
 *
 * InterScan writes this notice when the next server refused the recipient addresses of one
 * domain; its default text (and sites' variants) asks to check the address ("Please check if
 * address is correct."), so the notice is read as an unknown recipient unless the text quotes a
 * more specific reply.
 * @module
 */
import { header } from '../../mime/header-lines.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';

const INTERSCAN_TEXT = /\bMessage from InterScan (?:Messaging Security Suite|E-Mail VirusWall)\b/i;
const UNABLE = /Unable to deliver message to <([^<>\s]{1,320}@[^<>\s]{1,255})>[^\n]{0,300}/g;

const OWN_WORDS: OwnWordsRule[] = [
  {
    id: 'trendmicro.unable-to-deliver',
    pattern: /Unable to deliver message to <[^>\n]{1,320}> \(and other recipients in the same domain\)|Please check if (?:the )?address is correct/i,
    reason: 'userunknown',
    unless: /\b[45]\d\d[ -]/,
  },
];

export function isTrendMicroReport(msg: BounceMessage): boolean {
  const boundary = /InterScan_NT_MIME_Boundary/i.test(header(msg.headers, 'content-type') ?? '');
  return (boundary || /\bInterScan\b/i.test(msg.from) || INTERSCAN_TEXT.test(msg.text)) && /Unable to deliver message to </.test(msg.text);
}

export const trendMicroParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'trendmicro',
  description: 'Trend Micro InterScan notices ("Unable to deliver message to <...>")',
  hint: isTrendMicroReport,
  parse(msg) {
    if (!isTrendMicroReport(msg)) return null;
    const text = msg.text;
    const recipients: RecipientMatter[] = [];
    for (const m of text.matchAll(UNABLE)) {
      if (!m[1] || recipients.some((r) => r.recipient === m[1])) continue;
      // The sentence and the site's words after it, up to the notice's closing line.
      const after = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 400).split(/\n\s*\n|\*{5,}/)[0] ?? '';
      const matter: RecipientMatter = { recipient: m[1], action: 'failed', diagnosticCode: `${m[0]} ${after}`.replace(/\s+/g, ' ').trim() };
      applyOwnWords(matter, matter.diagnosticCode ?? '', OWN_WORDS);
      recipients.push(matter);
    }
    return recipients.length > 0 ? { mta: 'trendmicro', kind: 'bounce', recipients } : null;
  },
};
