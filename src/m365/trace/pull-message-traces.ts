/**
 * `m365 trace pull`: message-trace rows from the Graph message-trace API
 * (`GET /v1.0/admin/exchange/tracing/messageTraces` with a receivedDateTime range and optional
 * senderAddress / recipientAddress / status filters, `$top` 5000, every page) into the trace
 * store, through the same import session as `trace import`, one savepoint per 10-day window,
 * so an interrupted pull keeps the finished windows and a repeated pull adds nothing twice.
 * Every request goes through the 100-per-5-minutes budget. Needs ExchangeMessageTrace.Read.All.
 * Source: microsoft-365-mail-facts.md section 3.4.
 * @module
 */
import type { TraceStore } from '../../trace/store/trace-store.js';
import { keepSummaries } from '../../trace/summary/update-trace-summaries.js';
import type { ImportCounts, TraceRecord } from '../../trace/types.js';
import type { GraphClient, GraphFailure } from '../graph/graph-client.js';
import { MESSAGE_TRACE_BUDGET, RequestBudget, realWaiter, type Waiter } from '../graph/request-budget.js';
import { mapMessageTrace, type GraphMessageTrace } from './map-message-trace.js';
import { planTraceWindows, type TraceWindow } from './plan-trace-windows.js';

/** Graph's status enum (exchangeMessageTrace.status). */
export const GRAPH_TRACE_STATUSES = ['gettingStatus', 'pending', 'failed', 'delivered', 'expanded', 'quarantined', 'filteredAsSpam'] as const;
export type GraphTraceStatus = (typeof GRAPH_TRACE_STATUSES)[number];

/** Rows per page: the API's maximum $top (section 3.4). */
export const TRACE_PAGE_SIZE = 5000;

export interface TracePullFilter {
  since: Date;
  until: Date;
  sender?: string;
  recipient?: string;
  status?: GraphTraceStatus;
}

export interface TracePullProgress {
  window(index: number, total: number, window: TraceWindow): void;
  page(rows: number): void;
}

export interface TracePullResult {
  windows: { start: string; end: string; rows: number }[];
  /** The span reached back beyond 90 days and was cut. */
  clipped: boolean;
  rows: number;
  /** Rows without a recipient or an id. */
  skipped: number;
  counts: ImportCounts;
  requests: number;
  retries: number;
  waitedMs: number;
  /** Set when the pull stopped early; the windows before it are kept. */
  failure: GraphFailure | null;
}

function odataString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The $filter of one window (receivedDateTime ge/le both required; the other properties support eq). */
export function traceFilter(window: TraceWindow, filter: TracePullFilter): string {
  const parts = [`receivedDateTime ge ${window.start.toISOString()}`, `receivedDateTime le ${window.end.toISOString()}`];
  if (filter.sender) parts.push(`senderAddress eq ${odataString(filter.sender)}`);
  if (filter.recipient) parts.push(`recipientAddress eq ${odataString(filter.recipient)}`);
  if (filter.status) parts.push(`status eq ${odataString(filter.status)}`);
  return parts.join(' and ');
}

export function messageTracesPath(window: TraceWindow, filter: TracePullFilter): string {
  return `/v1.0/admin/exchange/tracing/messageTraces?$filter=${encodeURIComponent(traceFilter(window, filter))}&$top=${TRACE_PAGE_SIZE}`;
}

export async function pullMessageTraces(graph: GraphClient, store: TraceStore, filter: TracePullFilter, now: Date, progress: TracePullProgress | null = null, waiter: Waiter = realWaiter): Promise<{ ok: true; result: TracePullResult } | { ok: false; problem: string }> {
  const plan = planTraceWindows(filter.since, filter.until, now);
  if (!plan.ok) return plan;
  const budget = new RequestBudget(MESSAGE_TRACE_BUDGET.max, MESSAGE_TRACE_BUDGET.windowMs, waiter);
  const result: TracePullResult = { windows: [], clipped: plan.clipped, rows: 0, skipped: 0, counts: { imported: 0, updated: 0, unchanged: 0 }, requests: 0, retries: 0, waitedMs: 0, failure: null };
  const before = { ...graph.stats };
  const session = await store.beginImport();
  // The report summaries follow the rows, as in `trace import` (summary/update-trace-summaries.ts).
  const summaries = keepSummaries(session, store.dialect);
  try {
    for (const [index, window] of plan.windows.entries()) {
      progress?.window(index, plan.windows.length, window);
      await summaries.beginFile();
      let rows = 0;
      const res = await graph.getAll<GraphMessageTrace>(messageTracesPath(window, filter), {
        budget,
        onPage: async (items) => {
          const records: TraceRecord[] = [];
          for (const item of items) {
            const record = mapMessageTrace(item, result.rows + rows + records.length + 1);
            if (record) records.push(record);
            else result.skipped++;
          }
          rows += items.length;
          const counts = await summaries.add(records);
          result.counts.imported += counts.imported;
          result.counts.updated += counts.updated;
          result.counts.unchanged += counts.unchanged;
          progress?.page(items.length);
        },
      });
      if (!res.ok) {
        await summaries.endFile(false);
        result.failure = res.failure;
        break;
      }
      await summaries.endFile(true);
      result.rows += rows;
      result.windows.push({ start: window.start.toISOString(), end: window.end.toISOString(), rows });
    }
    await summaries.finish();
    await session.commit();
  } catch (error) {
    await session.rollback();
    throw error;
  }
  result.requests = graph.stats.requests - before.requests;
  result.retries = graph.stats.retries - before.retries;
  result.waitedMs = graph.stats.waitedMs - before.waitedMs;
  return { ok: true, result };
}
