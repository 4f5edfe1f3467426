/**
 * `trace message`: one message's timeline with the NDR knowledge attached to each failure. For
 * every failed recipient (and every pending one that was deferred) the latest failure or
 * deferral text is read as `explain` reads a bounce (classify-trace-failure.ts): status code,
 * reply, reason, the code's explanation and who must act. Each event shows the status code its
 * text carries.
 * @module
 */
import { codeSummary, type CodeSummaryJson } from '../../codes/code-summary.js';
import type { Actor } from '../../codes/types.js';
import { findReplyAndStatus } from '../../core/smtp-status.js';
import { reasonInfo, type Reason } from '../../ndr/classify/reasons.js';
import type { Explanation } from '../../ndr/types.js';
import type { MessageTimelineRows, TimelineEvent, TimelineMessage, TimelineRecipient } from '../queries/query-message-timeline.js';
import { classifyTraceFailure } from '../summary/classify-trace-failure.js';
import { FAILURE_EVENTS } from '../types.js';

/** The code entry as `explain --json` shows it, without its match phrases. */
export type TraceCodeView = CodeSummaryJson;

export interface TraceFailureView {
  event: string;
  at: number;
  text: string;
  statusCode: string | null;
  replyCode: string | null;
  reason: Reason;
  reasonTitle: string;
  ruleId: string;
  evidence: string | null;
  authFailure: boolean;
  actor: Actor;
  permanent: boolean | null;
  code: TraceCodeView | null;
  explanation: Explanation;
}

export interface TraceMessageView {
  message: TimelineMessage;
  recipients: Array<TimelineRecipient & { failure: TraceFailureView | null }>;
  events: Array<TimelineEvent & { statusCode: string | null }>;
}

const FAILURE_EVENT_SET: ReadonlySet<string> = new Set(FAILURE_EVENTS);

function failureOf(recipient: TimelineRecipient, events: readonly TimelineEvent[]): TraceFailureView | null {
  if (recipient.status !== 'failed' && recipient.status !== 'pending') return null;
  let latest: TimelineEvent | null = null;
  for (const event of events) {
    if (event.recipient !== recipient.recipient || !event.detail || !FAILURE_EVENT_SET.has(event.event)) continue;
    if (!latest || event.at >= latest.at) latest = event;
  }
  if (!latest?.detail) return null;
  const c = classifyTraceFailure(latest.detail, { deferred: recipient.status === 'pending', recipient: recipient.recipient });
  return {
    event: latest.event, at: latest.at, text: latest.detail, statusCode: c.statusCode, replyCode: c.replyCode, reason: c.reason,
    reasonTitle: reasonInfo(c.reason).title, ruleId: c.ruleId, evidence: c.evidence, authFailure: c.authFailure, actor: c.actor,
    permanent: c.permanent, code: codeSummary(c.code), explanation: c.explanation,
  };
}

export function explainTraceMessage(rows: MessageTimelineRows): TraceMessageView {
  return {
    message: rows.message,
    recipients: rows.recipients.map((r) => ({ ...r, failure: failureOf(r, rows.events) })),
    events: rows.events.map((e) => ({ ...e, statusCode: e.detail ? findReplyAndStatus(e.detail.slice(0, 2000)).status : null })),
  };
}
