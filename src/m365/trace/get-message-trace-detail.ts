/**
 * `m365 trace detail`: the events of one message for one recipient
 * (`GET /v1.0/admin/exchange/tracing/messageTraces/{id}/getDetailsByRecipient(recipientAddress='...')`),
 * kept in the trace store as that recipient's events (idempotent), so `trace message` shows them.
 * Source: microsoft-365-mail-facts.md section 3.4 ([GRAPH] exchangemessagetrace-getdetailsbyrecipient.md).
 * @module
 */
import type { TraceStore } from '../../trace/store/trace-store.js';
import type { ImportCounts } from '../../trace/types.js';
import type { GraphClient, GraphFailure } from '../graph/graph-client.js';
import { MESSAGE_TRACE_BUDGET, RequestBudget, realWaiter, type Waiter } from '../graph/request-budget.js';
import { mapMessageTraceDetails, type GraphMessageTraceDetail } from './map-message-trace.js';

export function messageTraceDetailPath(traceId: string, recipient: string): string {
  return `/v1.0/admin/exchange/tracing/messageTraces/${encodeURIComponent(traceId)}/getDetailsByRecipient(recipientAddress=${encodeURIComponent(`'${recipient.replace(/'/g, "''")}'`)})`;
}

export interface TraceDetailResult {
  events: GraphMessageTraceDetail[];
  counts: ImportCounts | null;
}

export async function getMessageTraceDetail(graph: GraphClient, store: TraceStore | null, traceId: string, recipient: string, waiter: Waiter = realWaiter): Promise<{ ok: true; result: TraceDetailResult } | { ok: false; failure: GraphFailure }> {
  const budget = new RequestBudget(MESSAGE_TRACE_BUDGET.max, MESSAGE_TRACE_BUDGET.windowMs, waiter);
  const res = await graph.getAll<GraphMessageTraceDetail>(messageTraceDetailPath(traceId, recipient), { budget });
  if (!res.ok) return res;
  const events = [...res.value].sort((a, b) => (a.dateTime ?? '').localeCompare(b.dateTime ?? ''));
  let counts: ImportCounts | null = null;
  const record = mapMessageTraceDetails(traceId, recipient, events);
  if (store && record && record.events.length > 0) {
    const session = await store.beginImport();
    try {
      await session.beginFile();
      counts = await session.add([record]);
      await session.endFile(true);
      await session.commit();
    } catch (error) {
      await session.rollback();
      throw error;
    }
  }
  return { ok: true, result: { events, counts } };
}
