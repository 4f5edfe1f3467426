/**
 * The JSON the pages receive, typed from the server's own types (type imports only: the web
 * app runs no code of src/, it talks to the HTTP API). Where a route prints times as ISO 8601
 * strings (`trace report --json`, `trace message --json`), the time fields are restated here.
 * @module
 */
import type { Actor, CodeEntry } from '../../../src/codes/types.js';
import type { CheckName, CheckStatus } from '../../../src/checks/types.js';
import type { DiagnosisJson, RecipientJson, VerdictJson } from '../../../src/diagnose/diagnosis-json.js';
import type { DiagnosisCheck, DiagnosisNotes, Evidence, RuledOut } from '../../../src/diagnose/types.js';
import type { HeaderReport } from '../../../src/headers/types.js';
import type { BounceFactJson, ExplainResultJson } from '../../../src/report/explain-json.js';
import type { TimelineEvent, TimelineMessage, TimelineRecipient } from '../../../src/trace/queries/query-message-timeline.js';
import type { TraceFailureView } from '../../../src/trace/report/explain-trace-message.js';
import type {
  FailingDomainTrend, FailureByCode, FailureByReason, DomainTraffic, HourTraffic, SenderTraffic, StatusCount, TraceAlert, TraceTotals,
} from '../../../src/trace/report/trace-report-types.js';

export type { Actor, BounceFactJson, CheckName, CheckStatus, DiagnosisCheck, DiagnosisJson, DiagnosisNotes, Evidence, ExplainResultJson, HeaderReport, RecipientJson, RuledOut, VerdictJson };

/** `GET /api/codes`: one meaning of a code. */
export type CodeEntryJson = Omit<CodeEntry, 'signature'>;

/** `POST /api/headers`. */
export type HeadersResultJson = HeaderReport & { file: string };

export interface CheckFindingJson {
  code: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
  fix: string;
  ref: string;
}

export interface CheckJson {
  check: CheckName;
  status: CheckStatus;
  findings: CheckFindingJson[];
  data: unknown;
}

export interface DnsQueryJson {
  name: string;
  type: string;
  rcode: string;
  records: unknown[];
  authenticated: boolean | null;
  ms: number;
  error?: string;
}

/** `POST /api/check/{domain,path,ip}`: as `check ... --json` prints it. */
export interface CheckReportJson {
  target: string;
  verdict: 'pass' | 'warn' | 'fail' | 'inconclusive';
  kind: string;
  at: string;
  resolver: string;
  checks: CheckJson[];
  queries: DnsQueryJson[];
}

/** `POST /api/trace/import`. */
export interface TraceImportResultJson {
  file: string;
  format: string | null;
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  skipped: number;
  skippedRows: { line: number; reason: string }[];
}

export interface TraceRowJson {
  receivedAt: string | null;
  sender: string | null;
  recipient: string;
  subject: string | null;
  status: string | null;
  statusAt: string | null;
  direction: string | null;
  messageId: string | null;
  messageKey: string;
  fromIp: string | null;
  toIp: string | null;
  size: number | null;
}

/** `GET /api/trace/query`. */
export interface TraceQueryResultJson {
  rows: TraceRowJson[];
  count: number;
  limit: number;
  more: boolean;
}

type Iso<T, K extends keyof T> = Omit<T, K> & { [P in K]: string };

/** `GET /api/trace/report`: `trace report --json` (src/report/render-trace-report.ts). */
export interface TraceReportJson {
  range: { since: string; until: string; hours: number };
  totals: TraceTotals;
  byStatus: StatusCount[];
  failuresByCode: FailureByCode[];
  failuresByReason: FailureByReason[];
  byDomain: DomainTraffic[];
  bySender: SenderTraffic[];
  byHour: Iso<HourTraffic, 'hour'>[];
  topFailingDomains: Array<Omit<FailingDomainTrend, 'perDay'> & { perDay: Array<Iso<FailingDomainTrend['perDay'][number], 'day'>> }>;
  alerts: Array<Omit<TraceAlert, 'window'> & { window: { from: string; to: string } }>;
}

export interface TraceMessageViewJson {
  message: Omit<TimelineMessage, 'receivedAt'> & { receivedAt: string | null };
  recipients: Array<Omit<TimelineRecipient, 'statusAt'> & { statusAt: string | null; failure: (Omit<TraceFailureView, 'at'> & { at: string | null }) | null }>;
  events: Array<Omit<TimelineEvent, 'at'> & { at: string | null; statusCode: string | null }>;
}

/** `GET /api/trace/message`: `trace message --json`. */
export interface TraceMessageJson {
  query: string;
  messages: TraceMessageViewJson[];
}
