/**
 * Shared extraction for Microsoft-produced NDRs: the RFC 3464 part when present (authoritative
 * for recipients, actions and statuses), completed from the human text (remote host, the remote
 * server's reply, retry histories), and the text alone for reports without a DSN part and for
 * text pasted from Outlook.
 * @module
 */
import { findReplyAndStatus, normalizeStatus } from '../../core/smtp-status.js';
import { deliveryStatusOf, kindFromActions, recipientsFromDsn } from '../formats/rfc3464-dsn.js';
import { textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, NdrExtract, RecipientMatter } from '../types.js';
import { readExchangeText, readNewLayout, type ExchangeTextRecipient } from './exchange-text.js';

/** Exchange's generic expiry: the message timed out in the queue; the cause is the attempt before. */
const EXPIRY_STATUS = new Set(['4.4.7', '5.4.7']);

function applyText(matter: RecipientMatter, text: ExchangeTextRecipient | undefined, fallbackHost: string | null): void {
  if (text?.diagnostic) {
    const dsnDiagnostic = matter.diagnosticCode ?? '';
    // The text quotes the whole reply; a DSN Diagnostic-Code is sometimes cut or generic.
    if (!dsnDiagnostic || text.diagnostic.length > dsnDiagnostic.length) matter.diagnosticCode = text.diagnostic;
  }
  if (!matter.remoteMta && text?.remoteMta) matter.remoteMta = text.remoteMta;
  if (!matter.remoteMta && fallbackHost) matter.remoteMta = fallbackHost;
  const final = matter.diagnosticCode ? findReplyAndStatus(matter.diagnosticCode) : null;
  const finalStatus = normalizeStatus(matter.status ?? final?.status ?? null);
  if (text && text.history.length > 0 && finalStatus && EXPIRY_STATUS.has(finalStatus)) {
    // A retry history ending in QUEUE.Expired: report the earlier attempt's status, which names
    // why every attempt failed, and decide `expired` from the format.
    const cause = text.history.map((h) => ({ h, s: findReplyAndStatus(h).status })).find((x) => x.s && !EXPIRY_STATUS.has(x.s));
    if (cause?.s) {
      // The cause comes first, so its status is the one reported.
      matter.status = cause.s;
      if (final?.replyCode) matter.replyCode = final.replyCode;
      matter.diagnosticCode = `${cause.h} (then the message expired: ${matter.diagnosticCode})`;
    }
    matter.reason = 'expired';
    matter.ruleId = 'microsoft.retry-history-expired';
    matter.evidence = text.diagnostic ?? finalStatus;
  }
}

export function extractMicrosoftReport(msg: BounceMessage, mta: string): NdrExtract | null {
  const reportText = textBeforeOriginal(msg.text);
  const textual = readExchangeText(reportText);
  const newLayout = readNewLayout(reportText);
  const rejectingHost = newLayout.remoteServer ?? textual.rejectingHost;
  const dsn = deliveryStatusOf(msg);
  let recipients: RecipientMatter[] = [];
  if (dsn) {
    recipients = recipientsFromDsn(dsn);
    for (const matter of recipients) {
      const text = textual.recipients.find((r) => r.recipient.toLowerCase() === matter.recipient.toLowerCase())
        ?? (recipients.length === 1 && textual.recipients.length === 1 ? textual.recipients[0] : undefined);
      applyText(matter, text, rejectingHost);
    }
  } else {
    for (const text of textual.recipients) {
      const matter: RecipientMatter = { recipient: text.recipient, action: 'failed' };
      applyText(matter, text, rejectingHost);
      if (!matter.diagnosticCode && newLayout.reportedError) matter.diagnosticCode = newLayout.reportedError;
      if (!matter.diagnosticCode && textual.remoteError) matter.diagnosticCode = textual.remoteError;
      recipients.push(matter);
    }
    if (recipients.length === 0 && newLayout.recipient) {
      const matter: RecipientMatter = { recipient: newLayout.recipient, action: 'failed' };
      const diagnostic = newLayout.reportedError ?? newLayout.statusCode;
      if (diagnostic) matter.diagnosticCode = diagnostic;
      if (rejectingHost) matter.remoteMta = rejectingHost;
      recipients.push(matter);
    }
  }
  recipients = recipients.filter((r) => r.recipient);
  if (recipients.length === 0) return null;
  const reportingMta = dsn?.perMessage.reportingMta ?? textual.generatingServer ?? newLayout.dsnGeneratedBy ?? undefined;
  for (const matter of recipients) if (!matter.reportingMta && reportingMta) matter.reportingMta = reportingMta;
  const extract: NdrExtract = { mta, kind: kindFromActions(recipients), recipients };
  if (reportingMta) extract.reportingMta = reportingMta;
  return extract;
}
