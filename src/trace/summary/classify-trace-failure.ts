/**
 * The NDR knowledge for a failure seen in a message trace: the status code and reply read from
 * an event's detail (a FAIL or DEFER text, the EAC extended report's recipient_status), the
 * reason from the same classifier `explain` uses, and the code's explanation and who must act.
 *
 * A trace names no remote host, so the classifier gets none; whether a code is Exchange
 * Online's own (and so means what Microsoft's NDR table says) is read from the text instead,
 * as `explain` does for a Microsoft NDR: Exchange's component tokens (RESOLVER.ADR.*,
 * STOREDRV.*, QUEUE.Expired ...), a code outside the IANA registry (5.7.509, 5.1.90), or a
 * phrase of an Exchange Online entry for that code (microsoft-365-mail-facts.md section 1).
 * Otherwise the code is read with the registry's meaning (RFC 3463), as a remote server's.
 * The recipient's domain is not used for classifying, so one text always gets one reason (the
 * report classifies each distinct text once).
 * @module
 */
import { exchangeEntriesFor, isRegisteredStatus } from '../../codes/lookup-code.js';
import type { Actor, CodeEntry } from '../../codes/types.js';
import { MAX_TRACE_FAILURE_TEXT_CHARS } from '../../core/limits.js';
import { findReplyAndStatus } from '../../core/smtp-status.js';
import { classifyReason } from '../../ndr/classify/classify-reason.js';
import type { Reason } from '../../ndr/classify/reasons.js';
import { knowledgeFor } from '../../ndr/explain-fact.js';
import type { Explanation } from '../../ndr/types.js';
import { isAuthFailureStatus } from '../report/trace-report-knowledge.js';

export interface TraceFailureClass {
  statusCode: string | null;
  replyCode: string | null;
  reason: Reason;
  ruleId: string;
  evidence: string | null;
  /** Read with Exchange Online's meanings (Microsoft produced the code). */
  microsoft: boolean;
  code: CodeEntry | null;
  /** Our own SPF, DKIM or DMARC failed at the receiver. */
  authFailure: boolean;
  actor: Actor;
  permanent: boolean | null;
  explanation: Explanation;
}

/** Exchange's own component tokens (the same list as src/ndr/explain-fact.ts). */
const EXCHANGE_TOKENS = /\b(?:RESOLVER\.[A-Z]{2,4}\.|STOREDRV\.|QUEUE\.Expired|ROUTING\.[A-Z]|SMTPSEND\.)/;

function isExchangeOwnText(status: string | null, text: string): boolean {
  if (EXCHANGE_TOKENS.test(text)) return true;
  if (!status) return false;
  if (!isRegisteredStatus(status)) return exchangeEntriesFor(status).length > 0;
  const lower = text.toLowerCase();
  return exchangeEntriesFor(status, text).some((entry) => entry.signature.some((phrase) => lower.includes(phrase)));
}

/**
 * Classifies one failure or deferral text. `deferred` is true for a DEFER of a recipient still
 * pending (a delay, not a final failure); `recipient` only fills the explanation's wording.
 */
export function classifyTraceFailure(text: string, options: { deferred?: boolean; recipient?: string } = {}): TraceFailureClass {
  const diagnostic = text.slice(0, MAX_TRACE_FAILURE_TEXT_CHARS);
  const { replyCode, status } = findReplyAndStatus(diagnostic);
  const microsoft = isExchangeOwnText(status, diagnostic);
  const mta = microsoft ? 'exchange-online' : 'message-trace';
  const action = options.deferred ? 'delayed' : 'failed';
  const classification = classifyReason({ diagnosticCode: diagnostic, status, replyCode, remoteMta: null, recipient: null, command: null, mta, action });
  const knowledge = knowledgeFor({
    status, replyCode, diagnosticCode: diagnostic, remoteMta: null, mta, reason: classification.reason, action,
    recipient: options.recipient ?? '',
  });
  return {
    statusCode: status,
    replyCode,
    reason: classification.reason,
    ruleId: classification.ruleId,
    evidence: classification.evidence,
    microsoft,
    code: knowledge.code,
    authFailure: classification.reason === 'authfailure' || isAuthFailureStatus(status),
    actor: knowledge.actor,
    permanent: knowledge.permanent,
    explanation: knowledge.explanation,
  };
}
