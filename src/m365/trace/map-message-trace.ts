/**
 * Graph message-trace rows (exchangeMessageTrace: id, senderAddress, recipientAddress,
 * messageId, receivedDateTime, subject, size, fromIP, toIP, status) and detail rows
 * (exchangeMessageTraceDetail: dateTime, event, action, description, data) as the trace store's
 * records, with the same vocabulary as the file importers (trace-vocabulary.ts): the same
 * message key (the trace id, which is the network message id), statuses and event names, so a
 * pulled message and an imported export of it are one message.
 * Source: microsoft-365-mail-facts.md section 3.4 ([GRAPH] resources/exchangemessagetrace.md,
 * exchangemessagetracedetail.md).
 * @module
 */
import { MAX_TRACE_FIELD_CHARS } from '../../core/limits.js';
import { directionFromIps, messageKey, normalizeAddress, normalizeEvent, statusFromEvent, statusFromText } from '../../trace/import/trace-vocabulary.js';
import type { TraceEventRecord, TraceRecord } from '../../trace/types.js';

export interface GraphMessageTrace {
  id?: string;
  senderAddress?: string;
  recipientAddress?: string;
  messageId?: string;
  receivedDateTime?: string;
  subject?: string;
  size?: number;
  fromIP?: string;
  toIP?: string;
  status?: string;
}

export interface GraphMessageTraceDetail {
  id?: string;
  messageId?: string;
  dateTime?: string;
  event?: string;
  action?: string;
  description?: string;
  data?: string;
}

function seconds(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000) * 1000;
}

function cut(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text.length > MAX_TRACE_FIELD_CHARS ? text.slice(0, MAX_TRACE_FIELD_CHARS) : text;
}

/** One row as a record, or null when it has no recipient or no usable id (counted as skipped). */
export function mapMessageTrace(row: GraphMessageTrace, line: number): TraceRecord | null {
  const recipient = row.recipientAddress ? normalizeAddress(row.recipientAddress) : '';
  const key = messageKey(row.id ?? '', row.messageId ?? '');
  if (!recipient || !key) return null;
  const receivedAt = seconds(row.receivedDateTime);
  const status = row.status ? statusFromText(row.status) : undefined;
  const direction = directionFromIps(row.fromIP ?? '', row.toIP ?? '');
  return {
    line,
    message: {
      key,
      ...(row.id ? { messageTraceId: row.id.toLowerCase() } : {}),
      ...(row.messageId ? { messageId: row.messageId } : {}),
      ...(row.senderAddress ? { sender: normalizeAddress(row.senderAddress) } : {}),
      ...(row.subject ? { subject: cut(row.subject) } : {}),
      ...(typeof row.size === 'number' ? { size: row.size } : {}),
      ...(direction ? { direction } : {}),
      ...(row.fromIP ? { fromIp: row.fromIP } : {}),
      ...(row.toIP ? { toIp: row.toIP } : {}),
      ...(receivedAt !== undefined ? { receivedAt } : {}),
    },
    recipient,
    ...(status && receivedAt !== undefined ? { status: { value: status, at: receivedAt } } : {}),
    events: [],
  };
}

/** The events of one message for one recipient as one record (their status: that of the last event that sets one). */
export function mapMessageTraceDetails(traceId: string, recipientAddress: string, rows: readonly GraphMessageTraceDetail[]): TraceRecord | null {
  const key = messageKey(traceId, rows.find((r) => r.messageId)?.messageId ?? '');
  const recipient = normalizeAddress(recipientAddress);
  if (!key || !recipient) return null;
  const events: TraceEventRecord[] = [];
  for (const row of rows) {
    const at = seconds(row.dateTime);
    if (!row.event || at === undefined) continue;
    events.push({ event: normalizeEvent(row.event), at, ...(row.action ? { action: cut(row.action) } : {}), ...(row.description ? { detail: cut(row.description) } : {}), ...(row.data ? { data: cut(row.data) } : {}) });
  }
  events.sort((a, b) => a.at - b.at);
  let status: TraceRecord['status'];
  for (const e of events) {
    const value = statusFromEvent(e.event);
    if (value) status = { value, at: e.at };
  }
  return { line: 1, message: { key, messageTraceId: guidOrUndefined(traceId) }, recipient, ...(status ? { status } : {}), events };
}

function guidOrUndefined(id: string): string | undefined {
  return /^[0-9a-f-]{36}$/i.test(id) ? id.toLowerCase() : undefined;
}
