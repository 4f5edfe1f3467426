/**
 * The value `trace report` computes and its renderers print (text, JSON, CSV). Counts are
 * recipients (one message to three people is three), as in every message-trace export; times
 * are ms UTC in the value and ISO 8601 in the JSON.
 * @module
 */
import type { Actor } from '../../codes/types.js';
import type { Severity } from '../../core/finding.js';
import type { Reason } from '../../ndr/classify/reasons.js';
import type { TraceAlertCode } from './trace-report-knowledge.js';

/** A report's time range: whole hours, `since` inclusive, `until` exclusive. */
export interface HourRange {
  since: number;
  until: number;
}

export interface TraceTotals {
  total: number;
  delivered: number;
  failed: number;
  /** Pending and getting-status. */
  pending: number;
  /** delivered / total, null when there is nothing. */
  deliveryRate: number | null;
}

export interface StatusCount {
  status: string;
  recipients: number;
}

/** The knowledge attached to a status code or reason in the report. */
export interface FailureKnowledge {
  /** Title of the reason (kb/reasons.json). */
  reasonTitle: string | null;
  /** Title of the code's entry (Exchange Online's meaning or the registry's). */
  codeTitle: string | null;
  codeId: string | null;
  actor: Actor | null;
  /** What the admin can do (the code's steps for Exchange Online codes, else the reason's). */
  admin: string[];
}

export interface FailureByCode extends FailureKnowledge {
  /** Enhanced status code, null when the trace holds no failure text (summary-only exports). */
  statusCode: string | null;
  reason: Reason | null;
  recipients: number;
  /** Share of all failed recipients. */
  share: number;
}

export interface FailureByReason extends FailureKnowledge {
  reason: Reason | null;
  recipients: number;
  share: number;
  description: string | null;
}

export interface DomainTraffic {
  domain: string;
  total: number;
  delivered: number;
  failed: number;
  pending: number;
  failureRate: number;
}

export interface SenderTraffic {
  sender: string;
  messages: number;
  recipients: number;
  failed: number;
  failureRate: number;
}

export interface HourTraffic {
  hour: number;
  total: number;
  delivered: number;
  failed: number;
  pending: number;
}

export interface PeriodRate {
  total: number;
  failed: number;
  failureRate: number | null;
}

export type TrendDirection = 'rising' | 'falling' | 'steady' | 'new';

export interface FailingDomainTrend {
  domain: string;
  current: PeriodRate;
  /** The equal period just before the range. */
  previous: PeriodRate;
  /** Per UTC day, the last days of the range. */
  perDay: Array<{ day: number } & PeriodRate>;
  trend: TrendDirection;
  /** What the trend compares: the previous period, or the first and second half of the days shown. */
  trendBasis: 'previous-period' | 'days';
  topStatusCode: string | null;
}

export interface TraceAlert {
  code: TraceAlertCode;
  severity: Severity;
  title: string;
  subject: { kind: 'sender' | 'domain' | 'organisation'; value: string };
  /** When it happened: [from, to). */
  window: { from: number; to: number };
  /** One line with the numbers. */
  message: string;
  evidence: Record<string, unknown>;
  advice: string[];
  ref: string;
}

export interface TraceReport {
  range: HourRange & { hours: number };
  totals: TraceTotals;
  byStatus: StatusCount[];
  failuresByCode: FailureByCode[];
  failuresByReason: FailureByReason[];
  byDomain: DomainTraffic[];
  bySender: SenderTraffic[];
  byHour: HourTraffic[];
  topFailingDomains: FailingDomainTrend[];
  alerts: TraceAlert[];
}
