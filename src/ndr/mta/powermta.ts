/**
 * PowerMTA (Port25/SparkPost) delivery reports: a multipart/report whose delivery-status part
 * carries PowerMTA's own fields, `X-PowerMTA-VirtualMTA` per message and
 * `X-PowerMTA-BounceCategory` per recipient, after the text "Hello, this is the mail server on
 * <host>. I am sending you this message to inform you on the delivery status of a message you
 * previously sent."
 *
 * The bounce category is PowerMTA's own classification of the remote reply (the bounce-category
 * table of the PowerMTA User's Guide, "bounce-category-patterns"). The remote reply itself is the
 * better evidence, so the category decides only for recipients whose group quotes no reply.
 * @module
 */
import { rfc3464Parser } from '../formats/rfc3464-dsn.js';
import type { BounceMessage, MtaParser, Reason } from '../types.js';

const POWERMTA_FIELD = /^X-PowerMTA-(?:VirtualMTA|BounceCategory):/im;
const CATEGORY_FIELD = /^X-PowerMTA-BounceCategory:\s*([\w-]{1,40})/gim;

/** PowerMTA bounce categories whose meaning is one reason of ours. */
const CATEGORIES: Record<string, Reason> = {
  'bad-mailbox': 'userunknown',
  'bad-domain': 'hostunknown',
  'inactive-mailbox': 'suspend',
  'quota-issues': 'mailboxfull',
  'message-expired': 'expired',
  'spam-related': 'spamdetected',
  'virus-related': 'virusdetected',
  'relaying-issues': 'norelaying',
  'invalid-sender': 'rejected',
  'policy-related': 'policyviolation',
  'content-related': 'contenterror',
  'no-answer-from-host': 'networkerror',
  'bad-connection': 'networkerror',
  'routing-errors': 'systemerror',
  'protocol-errors': 'syntaxerror',
};

export function isPowerMtaReport(msg: BounceMessage): boolean {
  return POWERMTA_FIELD.test(msg.deliveryStatus ?? '');
}

export const powerMtaParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'powermta',
  description: 'PowerMTA delivery reports (X-PowerMTA-VirtualMTA, X-PowerMTA-BounceCategory)',
  hint: isPowerMtaReport,
  parse(msg) {
    if (!isPowerMtaReport(msg)) return null;
    const extract = rfc3464Parser.parse(msg);
    if (!extract) return null;
    const categories = [...(msg.deliveryStatus ?? '').matchAll(CATEGORY_FIELD)].map((m) => (m[1] ?? '').toLowerCase());
    extract.recipients.forEach((matter, index) => {
      const category = categories.length === extract.recipients.length ? categories[index] : categories.length === 1 ? categories[0] : undefined;
      const reason = category ? CATEGORIES[category] : undefined;
      if (!reason || matter.reason || matter.diagnosticCode) return;
      matter.reason = reason;
      matter.ruleId = `powermta.category-${category ?? ''}`;
      matter.evidence = `X-PowerMTA-BounceCategory: ${category ?? ''}`;
    });
    return { ...extract, mta: 'powermta' };
  },
};
