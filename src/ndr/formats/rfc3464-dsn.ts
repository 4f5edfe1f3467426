/**
 * Plain RFC 3464 delivery status notifications from any MTA: the per-recipient fields of the
 * message/delivery-status part, with the report's text used to fill a missing diagnostic.
 * MTA-family parsers run first and may refine what this one finds.
 * @module
 */
import { addressesIn, textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MessageKind, MtaParser, NdrExtract, RecipientMatter } from '../types.js';
import { parseDeliveryStatus, type DeliveryStatusReport } from './parse-delivery-status.js';

/** An SMTP reply code or enhanced status inside a line of report text. */
const REPLY_IN_LINE = /(?:^|[\s:;'"([<#])[45][0-5]\d(?:[ -]|$)|\b[45]\.\d{1,3}\.\d{1,3}\b/;
/** DSN fields pasted into the text are not the failure's description. */
const DSN_FIELD_LINE = /^\s*(?:Final-Recipient|Original-Recipient|X-Actual-Recipient|Action|Status|Remote-MTA|Reporting-MTA|Diagnostic-Code|Content-Type):/i;
/** Lines taken after a recipient's mention when its report part gives no diagnostic. */
const MAX_TEXT_DIAGNOSTIC_LINES = 6;

/** The DSN fields of a message, from its report part, or from DSN fields pasted into its text. */
export function deliveryStatusOf(msg: BounceMessage): DeliveryStatusReport | null {
  if (msg.deliveryStatus) {
    const report = parseDeliveryStatus(msg.deliveryStatus);
    if (report.recipients.length > 0) return report;
  }
  // Some MTAs (and pasted reports) put the DSN fields inside the text part.
  const text = msg.text;
  const at = text.search(/^(?:Final|Original)-Recipient:/im);
  if (at >= 0) {
    const start = Math.max(0, text.lastIndexOf('\n\n', at));
    const report = parseDeliveryStatus(text.slice(start, start + 64 * 1024));
    if (report.recipients.length > 0) return report;
  }
  return null;
}

/**
 * The report text's words about one recipient, for DSN groups without a Diagnostic-Code: the
 * line naming the address and the lines that follow it, up to a blank line. A single recipient
 * with no mention takes the first server reply of the text.
 */
export function textDiagnosticFor(lines: readonly string[], addresses: readonly string[], onlyRecipient: boolean): string | null {
  const wanted = addresses.map((a) => a.toLowerCase()).filter((a) => a.includes('@'));
  let at = wanted.length === 0 ? -1 : lines.findIndex((line) => {
    const lower = line.toLowerCase();
    return !DSN_FIELD_LINE.test(line) && wanted.some((a) => lower.includes(a));
  });
  if (at < 0 && onlyRecipient) at = lines.findIndex((line) => REPLY_IN_LINE.test(line) && /[a-z]{3}/i.test(line));
  if (at < 0) return null;
  const block: string[] = [];
  for (let i = at; i < lines.length && block.length < MAX_TEXT_DIAGNOSTIC_LINES; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line) {
      if (block.length > 1 || REPLY_IN_LINE.test(block.join(' '))) break;
      continue;
    }
    if (DSN_FIELD_LINE.test(line)) break;
    block.push(line);
  }
  const diagnostic = block.join(' ').replace(/\s+/g, ' ').trim();
  // A bare list of addresses says nothing about the failure.
  let words = diagnostic;
  for (const address of addressesIn(diagnostic)) words = words.split(address).join(' ');
  return /[a-z]{3,}[^a-z]+[a-z]{3,}/i.test(words) ? diagnostic : null;
}

/** The kind a set of DSN actions gives: any failure makes a bounce (RFC 3464 section 2.3.3). */
export function kindFromActions(recipients: readonly RecipientMatter[]): MessageKind {
  if (recipients.some((r) => r.action === 'failed' || r.action === undefined)) return 'bounce';
  if (recipients.some((r) => r.action === 'delayed')) return 'delay';
  if (recipients.every((r) => r.action === 'delivered' || r.action === 'relayed' || r.action === 'expanded')) return 'delivered';
  return 'bounce';
}

export function recipientsFromDsn(report: DeliveryStatusReport): RecipientMatter[] {
  return report.recipients.map((r) => {
    const matter: RecipientMatter = { recipient: r.finalRecipient ?? r.originalRecipient ?? '' };
    if (r.originalRecipient) matter.originalRecipient = r.originalRecipient;
    if (r.action) matter.action = r.action;
    if (r.status) matter.status = r.status;
    if (r.diagnosticCode) matter.diagnosticCode = r.diagnosticCode;
    // `Status: 4.0.0 (example.net: host name lookup failure)`: the comment is the only description.
    else if (r.extra['status-comment']) matter.diagnosticCode = r.extra['status-comment'];
    if (r.diagnosticType) matter.diagnosticType = r.diagnosticType;
    if (r.remoteMta) matter.remoteMta = r.remoteMta;
    if (report.perMessage.reportingMta) matter.reportingMta = report.perMessage.reportingMta;
    const date = r.lastAttemptDate ?? report.perMessage.arrivalDate;
    if (date) matter.date = date;
    // A successful-delivery report (RFC 3464 section 2.3.3): not a failure, whatever the text.
    if (r.action === 'delivered' || r.action === 'relayed' || r.action === 'expanded') {
      matter.reason = 'delivered';
      matter.ruleId = 'rfc3464.action-delivered';
      matter.evidence = `Action: ${r.actionText ?? r.action}`;
    }
    return matter;
  });
}

/** Fills the missing diagnostics of DSN recipients from the report's human text. */
export function diagnosticsFromText(msg: BounceMessage, report: DeliveryStatusReport, recipients: RecipientMatter[]): void {
  if (recipients.every((r) => r.diagnosticCode || r.reason)) return;
  const lines = textBeforeOriginal(msg.text).split('\n');
  report.recipients.forEach((r, index) => {
    const matter = recipients[index];
    if (!matter || matter.diagnosticCode || matter.reason) return;
    const addresses = [r.finalRecipient, r.originalRecipient, r.extra['x-actual-recipient']].filter((a): a is string => Boolean(a));
    const diagnostic = textDiagnosticFor(lines, addresses, report.recipients.length === 1);
    if (diagnostic) matter.diagnosticCode = diagnostic;
  });
}

export const rfc3464Parser: MtaParser = {
  id: 'rfc3464',
  description: 'Standard delivery status notification (RFC 3464) from any MTA',
  parse(msg) {
    const report = deliveryStatusOf(msg);
    if (!report) return null;
    const recipients = recipientsFromDsn(report);
    if (recipients.length === 0) return null;
    diagnosticsFromText(msg, report, recipients);
    const extract: NdrExtract = { mta: 'rfc3464', kind: kindFromActions(recipients), recipients };
    if (report.perMessage.reportingMta) extract.reportingMta = report.perMessage.reportingMta;
    return extract;
  },
};
