/**
 * Public entry of the bounce analysis: raw message in, one BounceReport out. Never throws on
 * any input: a message that is not a bounce is an answer (`not-bounce`), and trouble with the
 * input becomes notes on the report.
 * @module
 */
import type { Finding } from '../core/finding.js';
import { MAX_MESSAGE_BYTES, MAX_RECIPIENTS } from '../core/limits.js';
import { msgToMime } from '../io/msg/msg-to-mime.js';
import { isOutlookMsg, readOutlookMsg } from '../io/msg/read-outlook-msg.js';
import { header } from '../mime/header-lines.js';
import { parseMessage } from '../mime/parse-message.js';
import { buildBounceMessage } from './bounce-message.js';
import { classifyReason } from './classify/classify-reason.js';
import { isHardBounceReason } from './classify/reasons.js';
import { knowledgeFor } from './explain-fact.js';
import { kindFromActions } from './formats/rfc3464-dsn.js';
import { normalizeMatter } from './normalize.js';
import { analyzeHeaders } from '../headers/analyze-headers.js';
import type { HeaderReport } from '../headers/types.js';
import { originalFromHeaders, originalFromText, originalHeadersInText } from './original-message.js';
import { selectParsers } from './select-parsers.js';
import type { BounceFact, BounceMessage, BounceReport, MessageKind, NdrExtract, RecipientMatter } from './types.js';

export interface AnalyzeBounceOptions {
  /** Largest input analysed, in bytes (default MAX_MESSAGE_BYTES). */
  maxBytes?: number;
  /** Also analyse the returned original's headers (route, authentication, filter verdicts). */
  headers?: boolean;
}

function runParsers(msg: BounceMessage, notes: Finding[]): NdrExtract | null {
  for (const parser of selectParsers(msg)) {
    let extract: NdrExtract | null = null;
    try {
      extract = parser.parse(msg);
    } catch (error) {
      // A parser bug must not cost the user the answer; the next parser still gets its turn.
      notes.push({ code: 'analysis.parser-error', severity: 'warning', message: `parser ${parser.id} failed: ${(error as Error).message}` });
      continue;
    }
    if (extract && extract.recipients.length > 0) return extract;
  }
  return null;
}

function toFact(matter: RecipientMatter, extract: NdrExtract): BounceFact {
  const n = normalizeMatter(matter);
  const classification = classifyReason({
    diagnosticCode: n.diagnosticCode,
    status: n.status,
    replyCode: n.replyCode,
    remoteMta: n.remoteMta,
    recipient: n.recipient,
    command: n.command,
    mta: extract.mta,
    action: matter.action ?? null,
    parserReason: matter.reason ?? null,
    parserRuleId: matter.ruleId ?? null,
    parserEvidence: matter.evidence ?? null,
  });
  const action = matter.action ?? (extract.kind === 'delay' ? 'delayed' : extract.kind === 'delivered' ? 'delivered' : extract.kind === 'bounce' || extract.kind === undefined ? 'failed' : null);
  const knowledge = knowledgeFor({
    status: n.status, replyCode: n.replyCode, diagnosticCode: n.diagnosticCode, remoteMta: n.remoteMta,
    mta: extract.mta, reason: classification.reason, action, recipient: n.recipient,
  });
  return {
    recipient: n.recipient,
    originalRecipient: n.originalRecipient,
    action,
    status: n.status,
    replyCode: n.replyCode,
    diagnosticCode: n.diagnosticCode,
    diagnosticType: matter.diagnosticType ?? null,
    remoteMta: n.remoteMta,
    reportingMta: n.reportingMta ?? extract.reportingMta ?? null,
    command: n.command,
    date: matter.date ?? null,
    reason: classification.reason,
    hardBounce: isHardBounceReason(classification.reason),
    permanent: knowledge.permanent,
    actor: knowledge.actor,
    mta: extract.mta,
    ruleId: classification.ruleId,
    evidence: classification.evidence,
    feedbackType: matter.feedbackType ?? null,
    code: knowledge.code,
    explanation: knowledge.explanation,
  };
}

/** The header analysis of `maildoctor headers`, applied to the returned original. */
function analyzeOriginalHeaders(msg: BounceMessage): HeaderReport | null {
  const fields = msg.originalHeaders ?? originalHeadersInText(msg.text);
  return fields && fields.length > 0 ? analyzeHeaders(fields) : null;
}

function notBounceReason(msg: BounceMessage): string {
  if (msg.reportType === 'disposition-notification') return 'a read receipt or other message disposition notification (RFC 8098), not a delivery failure';
  if (!msg.text.trim() && !msg.deliveryStatus) return 'the message has no readable text';
  return 'no delivery-status report, no known bounce format and no failed recipient with a server reply were found';
}

/** An Outlook .msg file: converted to the MIME message it stands for, then analysed as one. */
function analyzeOutlookMsg(bytes: Uint8Array, options: AnalyzeBounceOptions): BounceReport {
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  const msg = bytes.byteLength > maxBytes ? null : readOutlookMsg(bytes);
  if (!msg) {
    const why = bytes.byteLength > maxBytes ? `it is larger than ${maxBytes} bytes (MAX_MESSAGE_BYTES)` : 'it is damaged or not an Outlook message';
    const note: Finding = { code: 'input.msg-unreadable', severity: 'warning', message: `the Outlook .msg file could not be read: ${why}` };
    return { kind: 'not-bounce', notBounceReason: note.message, mta: null, subject: null, from: null, date: null, bounces: [], original: null, originalHeaders: null, notes: [note] };
  }
  const report = analyzeBounce(msgToMime(msg), options);
  const cuts: Finding[] = msg.cuts.map((cut) => ({ code: 'input.msg-truncated', severity: 'warning', message: cut }));
  report.notes.unshift({ code: 'input.outlook-msg', severity: 'info', message: 'read from an Outlook .msg file' }, ...cuts);
  return report;
}

/** Analyses one message (bytes, or text such as a pasted report). */
export function analyzeBounce(input: Uint8Array | string, options: AnalyzeBounceOptions = {}): BounceReport {
  if (typeof input !== 'string' && isOutlookMsg(input)) return analyzeOutlookMsg(input, options);
  const parsed = parseMessage(input, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  const notes: Finding[] = [...parsed.notes];
  const msg = buildBounceMessage(parsed);
  if (msg.pasted) {
    notes.push({ code: 'input.pasted-text', severity: 'info', message: 'the input has no mail headers (pasted text); it was analysed on a best-effort basis' });
  }
  const base = {
    subject: msg.subject || null,
    from: msg.from || null,
    date: header(msg.headers, 'date'),
    original: originalFromHeaders(msg.originalHeaders) ?? originalFromText(msg.text),
    originalHeaders: options.headers ? analyzeOriginalHeaders(msg) : null,
    notes,
  };
  const extract = msg.reportType === 'disposition-notification' ? null : runParsers(msg, notes);
  if (!extract) {
    return { kind: 'not-bounce', notBounceReason: notBounceReason(msg), mta: null, bounces: [], ...base };
  }
  let recipients = extract.recipients;
  if (recipients.length > MAX_RECIPIENTS) {
    notes.push({ code: 'input.too-many-recipients', severity: 'warning', message: `only the first ${MAX_RECIPIENTS} recipients are reported (MAX_RECIPIENTS)` });
    recipients = recipients.slice(0, MAX_RECIPIENTS);
  }
  const kind: MessageKind = extract.kind ?? kindFromActions(recipients);
  const bounces = recipients.map((matter) => toFact(matter, extract));
  if (extract.notes) notes.push(...extract.notes);
  return { kind, notBounceReason: null, mta: extract.mta, bounces, ...base };
}
