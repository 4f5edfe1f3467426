/**
 * The knowledge `trace report` uses, loaded once from kb/ and checked at load: Exchange Online's
 * sending limits (from the shared reference, section 4), the status codes that mean our own
 * SPF/DKIM/DMARC failed (RFC 7372 and Exchange Online's codes), and each alert's code,
 * severity, advice and thresholds with the reason for every value. A bad file is a
 * ToolkitError('knowledge-invalid') naming the file and the entry.
 * @module
 */
import limitsData from './kb/exchange-online-limits.json' with { type: 'json' };
import authData from './kb/auth-failure-codes.json' with { type: 'json' };
import alertsData from './kb/trace-alerts.json' with { type: 'json' };
import { ToolkitError } from '../../core/errors.js';
import type { Severity } from '../../core/finding.js';
import { parseEnhancedStatus } from '../../core/smtp-status.js';

export type TraceAlertCode =
  | 'trace.sender-volume-jump'
  | 'trace.sender-near-recipient-limit'
  | 'trace.sender-near-rate-limit'
  | 'trace.domain-failing-for-everyone'
  | 'trace.auth-failure-spike'
  | 'trace.long-pending';

export const TRACE_ALERT_CODES: readonly TraceAlertCode[] = [
  'trace.sender-volume-jump', 'trace.sender-near-recipient-limit', 'trace.sender-near-rate-limit',
  'trace.domain-failing-for-everyone', 'trace.auth-failure-spike', 'trace.long-pending',
];

export type ExchangeLimitId = 'recipients-per-day' | 'messages-per-minute' | 'recipients-per-message' | 'concurrent-smtp-auth' | 'receiving-per-hour';

export interface ExchangeLimit {
  id: ExchangeLimitId;
  value: number;
  unit: string;
  whenExceeded: string;
  source: string;
}

export interface Threshold {
  value: number;
  reason: string;
}

export interface TraceAlertDefinition {
  code: TraceAlertCode;
  severity: Severity;
  title: string;
  advice: string[];
  ref: string;
  thresholds: Readonly<Record<string, Threshold>>;
}

function invalid(file: string, what: string): never {
  throw new ToolkitError('knowledge-invalid', `src/trace/report/kb/${file}: ${what}`);
}

const LIMITS = new Map<ExchangeLimitId, ExchangeLimit>();
for (const entry of (limitsData as unknown as { limits: ExchangeLimit[] }).limits) {
  if (!(entry.value > 0) || !entry.source) invalid('exchange-online-limits.json', `${entry.id} needs a positive value and a source`);
  LIMITS.set(entry.id, entry);
}

const ALERTS = new Map<TraceAlertCode, TraceAlertDefinition>();
for (const entry of (alertsData as unknown as { alerts: TraceAlertDefinition[] }).alerts) {
  if (!TRACE_ALERT_CODES.includes(entry.code)) invalid('trace-alerts.json', `unknown alert code ${entry.code}`);
  if (!['info', 'warning', 'error'].includes(entry.severity)) invalid('trace-alerts.json', `${entry.code}: severity ${entry.severity}`);
  if (entry.advice.length === 0 || !entry.ref) invalid('trace-alerts.json', `${entry.code} needs advice and a ref`);
  for (const [name, threshold] of Object.entries(entry.thresholds)) {
    if (typeof threshold.value !== 'number' || !Number.isFinite(threshold.value) || threshold.value < 0 || !threshold.reason) {
      invalid('trace-alerts.json', `${entry.code} threshold ${name} needs a value >= 0 and a reason`);
    }
  }
  ALERTS.set(entry.code, entry);
}
for (const code of TRACE_ALERT_CODES) if (!ALERTS.has(code)) invalid('trace-alerts.json', `no entry for ${code}`);

/** `X.7.23` -> matches 4.7.23 and 5.7.23; `5.7.509` matches only itself. */
const AUTH_CODES: ReadonlyArray<{ klass: number | null; subject: number; detail: number }> = (authData as { codes: Array<{ code: string; source: string }> }).codes.map((entry) => {
  const parsed = parseEnhancedStatus(entry.code.replace(/^X\./, '5.'));
  if (!parsed || !entry.source) invalid('auth-failure-codes.json', `${entry.code} is not a status code with a source`);
  return { klass: entry.code.startsWith('X.') ? null : parsed.klass, subject: parsed.subject, detail: parsed.detail };
});

export function exchangeLimit(id: ExchangeLimitId): ExchangeLimit {
  const limit = LIMITS.get(id);
  if (!limit) throw new ToolkitError('knowledge-invalid', `src/trace/report/kb/exchange-online-limits.json: no entry for ${id}`);
  return limit;
}

export function traceAlertDefinition(code: TraceAlertCode): TraceAlertDefinition {
  return ALERTS.get(code) as TraceAlertDefinition;
}

/** A threshold's value; a missing one is a knowledge error, found at the first report. */
export function alertThreshold(code: TraceAlertCode, name: string): number {
  const threshold = traceAlertDefinition(code).thresholds[name];
  if (!threshold) throw new ToolkitError('knowledge-invalid', `src/trace/report/kb/trace-alerts.json: ${code} has no threshold ${name}`);
  return threshold.value;
}

/** Whether a status code says our own SPF, DKIM or DMARC failed. */
export function isAuthFailureStatus(status: string | null): boolean {
  const parsed = status ? parseEnhancedStatus(status) : null;
  if (!parsed) return false;
  return AUTH_CODES.some((c) => (c.klass === null || c.klass === parsed.klass) && c.subject === parsed.subject && c.detail === parsed.detail);
}
