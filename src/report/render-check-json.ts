/**
 * The JSON of `maildoctor check --json`: {"target", "verdict", "checks": [{"check", "status",
 * "findings": [{"code", "severity", "message", "fix", "ref"}], "data"}], "queries"}, plus the
 * kind of check, its time and the resolver used. Renders only; computes nothing.
 * @module
 */
import type { CheckReport } from '../checks/types.js';

export function checkReportJson(report: CheckReport): Record<string, unknown> {
  return {
    target: report.target,
    verdict: report.verdict,
    kind: report.kind,
    at: report.at,
    resolver: report.resolver,
    checks: report.checks.map((c) => ({
      check: c.check,
      status: c.status,
      findings: c.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, fix: f.fix, ref: f.ref })),
      data: c.data,
    })),
    queries: report.queries.map((q) => ({
      name: q.name,
      type: q.type,
      rcode: q.rcode,
      records: q.records,
      authenticated: q.authenticated,
      ms: q.ms,
      ...(q.error ? { error: q.error } : {}),
    })),
  };
}
