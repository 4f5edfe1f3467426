/**
 * Kysely types of the report summary tables (migrations/0002-report-summaries.sql), added to
 * the store's own tables with `withTables`, so the question files stay typed on both dialects.
 * @module
 */
import type { Kysely } from 'kysely';
import type { TraceDatabase } from '../store/trace-store.js';

export interface TraceFailureTextsTable {
  text_key: string;
  status_code: string;
  reply_code: string;
  reason: string;
  rule_id: string;
  code_id: string;
  auth_failure: number;
}

export interface TraceHourSendersTable {
  hour_at: number;
  direction: string;
  /** '' when unknown. */
  sender: string;
  messages: number;
  recipients: number;
  failed: number;
}

export interface TraceHourOutcomesTable {
  hour_at: number;
  /** `inbound`, `outbound`, `internal`, or '' when the export did not say. */
  direction: string;
  recipient_domain: string;
  /** A DeliveryStatus, or '' when none is known. */
  status: string;
  /** For failed and pending recipients with a failure text; else ''. */
  status_code: string;
  reason: string;
  code_id: string;
  auth_failure: number;
  recipients: number;
}

export interface TraceSummaryStateTable {
  name: string;
  value: string;
}

// A type alias, not an interface: Kysely's withTables needs an index-signature-compatible type.
export type TraceSummaryTables = {
  trace_failure_texts: TraceFailureTextsTable;
  trace_hour_senders: TraceHourSendersTable;
  trace_hour_outcomes: TraceHourOutcomesTable;
  trace_summary_state: TraceSummaryStateTable;
};

export type TraceSummaryDatabase = TraceDatabase & TraceSummaryTables;

export function withSummaryTables(db: Kysely<TraceDatabase>): Kysely<TraceSummaryDatabase> {
  return db.withTables<TraceSummaryTables>();
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Start of the hour holding `ms` (UTC). */
export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** Counts from either driver (PostgreSQL may give numeric strings) as numbers. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value !== '') return Number(value);
  return 0;
}
