/**
 * One alert value from its definition in kb/trace-alerts.json and what was found.
 * @module
 */
import { traceAlertDefinition, type TraceAlertCode } from '../trace-report-knowledge.js';
import type { TraceAlert } from '../trace-report-types.js';

export function makeTraceAlert(
  code: TraceAlertCode,
  subject: TraceAlert['subject'],
  window: TraceAlert['window'],
  message: string,
  evidence: Record<string, unknown>,
): TraceAlert {
  const definition = traceAlertDefinition(code);
  return { code, severity: definition.severity, title: definition.title, subject, window, message, evidence, advice: definition.advice, ref: definition.ref };
}

/** Consecutive hours (sorted) -> runs [first, last]. */
export function hourRuns(hours: readonly number[], step: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const hour of hours) {
    const last = runs[runs.length - 1];
    if (last && hour === last[1] + step) last[1] = hour;
    else runs.push([hour, hour]);
  }
  return runs;
}

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');
export const formatIso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z').replace(/T(\d\d:\d\d):00Z$/, 'T$1Z');

/** A time in alert evidence: ISO 8601 UTC to the second (evidence is printed as JSON as is). */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
