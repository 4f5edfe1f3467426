/**
 * The generic path: when no format or MTA parser recognises a report, find the failed
 * recipients and the remote server's reply in any text that looks like a bounce. Results say
 * that the generic path decided (mta `generic`), so users can weigh them.
 * @module
 */
import { header, rawHeaders } from '../../mime/header-lines.js';
import { addressesIn, looksLikeReport, nonRecipientAddresses, textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, RecipientMatter } from '../types.js';

/** An SMTP reply or enhanced status somewhere in a line (RFC 5321 section 4.2, RFC 3463). */
const REPLY_IN_LINE = /(?:^|[\s:;'"([<#])[45][0-5]\d(?:[ -]|$)|\b[45]\.\d{1,3}\.\d{1,3}\b/;
const MAX_BLOCK_LINES = 12;

/** The lines that follow a recipient's mention, up to the next recipient or a blank gap. */
function diagnosticAfter(lines: readonly string[], index: number, recipients: ReadonlySet<string>): string {
  const block: string[] = [];
  const sameLine = lines[index] ?? '';
  block.push(sameLine);
  let blanks = 0;
  for (let i = index + 1; i < lines.length && block.length < MAX_BLOCK_LINES; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      blanks++;
      if (blanks > 1 || block.length > 1 && REPLY_IN_LINE.test(block.join(' '))) break;
      continue;
    }
    if (addressesIn(line).some((a) => recipients.has(a.toLowerCase())) && !REPLY_IN_LINE.test(line)) break;
    block.push(line);
  }
  return block.join(' ').replace(/\s+/g, ' ').trim();
}

export function scanTextForFailures(msg: BounceMessage, text: string): RecipientMatter[] {
  const lines = text.split('\n');
  const excluded = nonRecipientAddresses(msg);
  const failed = rawHeaders(msg.headers, 'x-failed-recipients').flatMap((v) => addressesIn(v));
  const candidates = new Map<string, number>();
  lines.forEach((line, index) => {
    for (const address of addressesIn(line)) {
      const key = address.toLowerCase();
      if (excluded.has(key) || /^(?:mailer-daemon|postmaster|root|abuse)@/i.test(address)) continue;
      if (!candidates.has(key)) candidates.set(key, index);
    }
  });
  let recipients = failed.length > 0 ? failed : [...candidates.keys()];
  if (recipients.length === 0 && msg.originalHeaders) {
    recipients = addressesIn(header(msg.originalHeaders, 'to') ?? '').slice(0, 1);
  }
  const recipientSet = new Set(recipients.map((r) => r.toLowerCase()));
  const firstReply = lines.find((l) => REPLY_IN_LINE.test(l) && /[a-z]{3}/i.test(l));
  return recipients.slice(0, 50).map((recipient) => {
    const at = candidates.get(recipient.toLowerCase());
    let diagnostic = at !== undefined ? diagnosticAfter(lines, at, recipientSet) : '';
    if (!REPLY_IN_LINE.test(diagnostic) && firstReply) diagnostic = `${diagnostic} ${firstReply}`.trim();
    const matter: RecipientMatter = { recipient };
    if (diagnostic) matter.diagnosticCode = diagnostic;
    return matter;
  });
}

/** Headings under which a report lists the addresses that failed (Smail, MMDF, old gateways). */
const FAILED_LIST_HEADING = /failed addresses follow|did not reach the following recipient|the following addresses? had (?:permanent )?(?:fatal )?errors|could not be delivered to the following (?:recipient|address)|delivery to the following recipients? (?:failed|has failed)/i;
const MAX_LISTED_LINES = 20;

/** Addresses listed under a failure heading, each with the rest of its line as the diagnostic. */
function listedFailures(msg: BounceMessage, text: string): RecipientMatter[] | null {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => FAILED_LIST_HEADING.test(line));
  if (start < 0) return null;
  const excluded = nonRecipientAddresses(msg);
  const found: RecipientMatter[] = [];
  for (const line of lines.slice(start, start + MAX_LISTED_LINES)) {
    for (const address of addressesIn(line)) {
      if (excluded.has(address.toLowerCase()) || found.some((f) => f.recipient === address)) continue;
      // The words after the address say why ("... unknown host"); else the heading line itself.
      const rest = line.slice(line.indexOf(address) + address.length).replace(/^[\s.:>-]+/, '').trim();
      found.push({ recipient: address, diagnosticCode: rest || line.trim() });
    }
    if (found.length > 0 && line.trim() === '') break;
  }
  return found.length > 0 ? found : null;
}

export const genericTextParser: MtaParser = {
  id: 'generic',
  description: 'Generic path: recipient and reply found in any bounce-like text',
  parse(msg: BounceMessage) {
    if (!looksLikeReport(msg)) return null;
    const text = textBeforeOriginal(msg.text);
    // Without any SMTP reply or status, only a report that lists its failed addresses under an
    // explicit heading can be read; anything else is a notice, not a report.
    const listed = REPLY_IN_LINE.test(text) ? null : listedFailures(msg, text);
    if (!REPLY_IN_LINE.test(text) && header(msg.headers, 'x-failed-recipients') === null && !listed) return null;
    const recipients = (listed ?? scanTextForFailures(msg, text)).filter((r) => r.recipient);
    if (recipients.length === 0) return null;
    return { mta: 'generic', recipients };
  },
};
