/**
 * The delivery reports of Gmail and Google Workspace in their current layout: a multipart/report
 * whose text starts with a heading between asterisks ("** Address not found **", "** Message not
 * delivered **", "** Message blocked **", "** Delivery incomplete **"), Google's explanation, a
 * "Learn more" link to a help topic, and the other server's reply after "The response was:" (or
 * "The response from the remote server was:"). The message/delivery-status part is used when it
 * lists recipients; some of these reports leave it empty, and then the text and the
 * X-Failed-Recipients header are all there is.
 * @module
 */
import { deliveryStatusOf, diagnosticsFromText, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import { addressesIn, textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';
import { failedRecipientsHeader, isGoogleDaemon } from './google-signals.js';

/** The heading line, in any language: "** Address not found **". */
const HEADING = /^\s*\*\* \S[^*\n]{1,80} \*\*\s*$/m;
const RESPONSE = /^\s*The response (?:from the remote server )?was:\s*(.*)$/i;
const MAX_RESPONSE_LINES = 12;

/**
 * Google's help topic for a sender whose "Send mail as" address is set up to go out through
 * another server that refused it: the fault is the sender's configuration, not the recipient.
 */
const SEND_MAIL_AS = /\?p=CustomFromDenied\b|'Send mail as'/i;

function isWorkspaceReport(msg: BounceMessage): boolean {
  if (!isGoogleDaemon(msg)) return false;
  const head = msg.text.slice(0, 8 * 1024);
  return HEADING.test(head) && !/^\s*Technical details of (?:permanent|temporary) failure/im.test(head);
}

/** The other server's reply quoted after "The response was:", up to the end of its paragraph. */
function quotedResponse(lines: readonly string[]): string | null {
  const at = lines.findIndex((line) => RESPONSE.test(line));
  if (at < 0) return null;
  const first = RESPONSE.exec(lines[at] ?? '')?.[1]?.trim() ?? '';
  const block = first ? [first] : [];
  for (let i = at + 1; i < lines.length && i <= at + MAX_RESPONSE_LINES; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line) {
      if (block.length > 0) break;
      continue;
    }
    block.push(line);
  }
  const response = block.join(' ').replace(/\s+/g, ' ').trim();
  return response || null;
}

/** Recipients named by the text ("Your message wasn't delivered to bob@example.org because ..."). */
function recipientsOfText(msg: BounceMessage, lines: readonly string[]): string[] {
  const fromHeader = failedRecipientsHeader(msg);
  if (fromHeader.length > 0) return fromHeader;
  const headingAt = lines.findIndex((line) => HEADING.test(line));
  for (let i = Math.max(0, headingAt); i < lines.length && i < headingAt + 8; i++) {
    const found = addressesIn(lines[i] ?? '');
    if (found.length > 0) return found;
  }
  return [];
}

export const googleWorkspaceParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'googleworkspace',
  description: 'Gmail and Google Workspace delivery reports ("** Address not found **" layout)',
  hint: isGoogleDaemon,
  parse(msg) {
    if (!isWorkspaceReport(msg)) return null;
    const text = msg.text;
    const lines = textBeforeOriginal(text).split('\n');
    const response = quotedResponse(lines);
    const sendMailAs = SEND_MAIL_AS.test(text.slice(0, 8 * 1024));
    const report = deliveryStatusOf(msg);
    let recipients: RecipientMatter[] = report ? recipientsFromDsn(report) : [];
    if (report && recipients.length > 0) {
      for (const matter of recipients) if (!matter.diagnosticCode && !matter.reason && response) matter.diagnosticCode = response;
      diagnosticsFromText(msg, report, recipients);
    } else {
      recipients = recipientsOfText(msg, lines).map((recipient) => {
        const matter: RecipientMatter = { recipient, action: 'failed' };
        if (response) matter.diagnosticCode = response;
        return matter;
      });
    }
    if (recipients.length === 0) return null;
    if (sendMailAs) {
      for (const matter of recipients) {
        if (matter.reason) continue;
        matter.reason = 'rejected';
        matter.ruleId = 'googleworkspace.send-mail-as';
        matter.evidence = "the 'Send mail as' address of the sender is misconfigured (help topic CustomFromDenied)";
      }
    }
    const extract: NdrExtract = { mta: 'googleworkspace', kind: kindFromActions(recipients), recipients };
    if (report?.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
    return extract;
  },
};
