/**
 * Unknown MTA "X2" (a qmail-derived system of a large webmail provider, Sisimai's X2): From
 * `MAILER-DAEMON@...`, Subject "Delivery failure", "failure delivery", "failed delivery" or
 * "Permanent Delivery Failure", and the text
 *
 *     Message from example.com.
 *     Unable to deliver message to the following address(es).
 *
 *     <bob@example.com>:
 *     Sorry, your message to bob@example.com cannot be delivered.  This account is over quota.
 *
 *     --- Original message follows.
 *
 * qmail-send's "I'm not going to try again; this message has been in the queue too long." ends
 * the words of a message that was retried until its queue lifetime ran out.
 * @module
 */
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';
import { applyOwnWords, type OwnWordsRule } from './own-words.js';
import { readRecipientBlocks } from './recipient-blocks.js';

const INTRO = /^Message from\s+\S+?\.?\s*\n\s*Unable to deliver message to the following address\(es\)\.?/m;
const SUBJECT = /^(?:Delivery failure|fail(?:ure|ed) delivery|Permanent Delivery Failure)\b/i;
const ORIGINAL = /^--- Original message follows\.?/;

const OWN_WORDS: OwnWordsRule[] = [
  { id: 'x2.queue-too-long', pattern: /\bthis message has been in the queue too long\b/i, reason: 'expired' },
];

export function isX2Report(msg: BounceMessage): boolean {
  return /\bMAILER-DAEMON@/i.test(msg.from) && SUBJECT.test(msg.subject) && INTRO.test(msg.text);
}

export const unknownX2Parser: MtaParser = {
  id: 'x2',
  description: 'Unknown MTA X2: "Unable to deliver message to the following address(es)."',
  parse(msg: BounceMessage) {
    if (!isX2Report(msg)) return null;
    const text = msg.text;
    const intro = INTRO.exec(text);
    const blocks = readRecipientBlocks(text.slice(intro ? intro.index : 0), ORIGINAL);
    const recipients: RecipientMatter[] = blocks.map((block) => {
      const matter: RecipientMatter = { recipient: block.recipient, action: 'failed' };
      if (block.text) {
        matter.diagnosticCode = block.text;
        applyOwnWords(matter, block.text, OWN_WORDS);
      }
      return matter;
    });
    return recipients.length > 0 ? { mta: 'x2', kind: 'bounce', recipients } : null;
  },
};
