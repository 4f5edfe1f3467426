/**
 * Exchange 2000/2003 NDRs: "Your message ... did not reach the following recipient(s):", one
 * "<address> on <date>" line per recipient, then an optional description ("The recipient name
 * is not recognized") and an MSEXCH line with Exchange's hexadecimal error code.
 * Error codes: Microsoft KB 284204 ("Delivery status notifications in Exchange Server").
 * @module
 */
import { header } from '../../mime/header-lines.js';
import type { Reason } from '../classify/reasons.js';
import { textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';

/** MSEXCH diagnostic codes (the value in parentheses) that decide the reason by themselves. */
const MSEXCH_CODES: Record<string, Reason> = {
  '000C05A6': 'userunknown', // Unknown Recipient
  '000C0595': 'userunknown', // Ambiguous recipient / unresolvable
  '000B099C': 'hostunknown', // Host unknown
  '000B09AA': 'norelaying', // Unable to relay
  '000B09B6': 'onhold', // Error messages reported by the remote MTA (the text follows)
  '000C0524': 'emailtoolarge', // Message exceeds size limit
};

const RECIPIENT_LINE = /^\s*(\S+@\S+?)\s+on\s+\S.*$/;
const START = /did not reach the following recipient\(s\)|did not reach some or all of the intended recipients|could not be reached:/i;

function isExchange2003(msg: BounceMessage): boolean {
  return START.test(msg.text) || /MSEXCH:/.test(msg.text) || /Microsoft Exchange V6/i.test(header(msg.headers, 'x-mimeole') ?? '');
}

export const exchange2003Parser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'exchange-2003',
  description: 'Exchange 2000/2003 NDRs ("did not reach the following recipient(s)")',
  hint: isExchange2003,
  parse(msg) {
    const text = textBeforeOriginal(msg.text);
    const start = text.search(START);
    if (start < 0) return null;
    const lines = text.slice(start).split('\n').slice(1);
    const recipients: RecipientMatter[] = [];
    let current: RecipientMatter | null = null;
    const describe: string[][] = [];
    for (const line of lines) {
      const m = RECIPIENT_LINE.exec(line);
      if (m?.[1] && /@/.test(m[1])) {
        current = { recipient: m[1].replace(/^<|>$/g, ''), action: 'failed' };
        recipients.push(current);
        describe.push([]);
        continue;
      }
      if (current && line.trim() && !/^\s*;l=|MTS-ID|^\s*c=|^\s*;p=/i.test(line)) describe[describe.length - 1]?.push(line.trim());
    }
    recipients.forEach((matter, index) => {
      const lines = describe[index] ?? [];
      const text = lines.join(' ').replace(/\s+/g, ' ').trim();
      if (text) matter.diagnosticCode = text;
      const code = /\(([0-9A-F]{8})\)/.exec(text)?.[1];
      const reason = code ? MSEXCH_CODES[code] : undefined;
      if (reason && reason !== 'onhold') {
        matter.reason = reason;
        matter.ruleId = `exchange-2003.msexch-${code}`;
        matter.evidence = text;
      } else if (!/\b[45]\d\d\b|[45]\.\d\.\d/.test(text) && !/[a-z]{4}/i.test(text.replace(/MSEXCH:\S*|\([0-9A-F]{8}\)/g, ''))) {
        // The layout lists recipients that Exchange could not resolve; with no description at
        // all, that is its unknown-recipient report.
        matter.reason = 'userunknown';
        matter.ruleId = 'exchange-2003.recipient-not-reached';
        matter.evidence = 'did not reach the following recipient(s)';
      }
    });
    if (recipients.length === 0) return null;
    return { mta: 'exchange-2003', kind: 'bounce', recipients };
  },
};
