/**
 * Google Groups' refusal of a post: a plain-text note from Google's mail delivery subsystem,
 * written in the sender's language, saying that the group may not exist or that the sender may
 * not post to it, with a link to the Groups help centre (groups.google.com/support). The group's
 * address is in X-Failed-Recipients. No server reply is given: the format itself says that the
 * group refused the sender, so the parser decides the reason (`rejected`).
 * @module
 */
import { textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';
import { failedRecipientsHeader, isGoogleDaemon } from './google-signals.js';

const GROUPS_HELP = /\bgroups\.google\.com\/support\b/i;
/** The explanation is the first paragraph long enough to be prose (the greeting line is short). */
const MIN_EXPLANATION_CHARS = 60;

function isGroupsReport(msg: BounceMessage): boolean {
  if (!isGoogleDaemon(msg) || msg.deliveryStatus) return false;
  return GROUPS_HELP.test(textBeforeOriginal(msg.text).slice(0, 16 * 1024));
}

function explanationOf(text: string): string | null {
  for (const paragraph of text.split(/\n\s*\n/).slice(0, 6)) {
    const flat = paragraph.replace(/\s+/g, ' ').trim();
    if (flat.length >= MIN_EXPLANATION_CHARS) return flat;
  }
  return null;
}

export const googleGroupsParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'googlegroups',
  description: 'Google Groups: a post refused because the group does not exist or the sender may not post',
  hint: isGoogleDaemon,
  parse(msg) {
    if (!isGroupsReport(msg)) return null;
    const recipients = failedRecipientsHeader(msg);
    if (recipients.length === 0) return null;
    const text = textBeforeOriginal(msg.text);
    const explanation = explanationOf(text);
    const matters = recipients.map((recipient) => {
      const matter: RecipientMatter = {
        recipient,
        action: 'failed',
        reason: 'rejected',
        ruleId: 'googlegroups.cannot-post',
        evidence: explanation?.slice(0, 240) ?? 'Google Groups refused the post (groups.google.com/support)',
      };
      if (explanation) matter.diagnosticCode = explanation;
      return matter;
    });
    const extract: NdrExtract = { mta: 'googlegroups', kind: 'bounce', recipients: matters };
    return extract;
  },
};
