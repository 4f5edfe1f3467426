/**
 * The result of every check: a value, never an exception. `status` speaks the vocabulary of
 * the authentication RFCs (RFC 8601 result names plus warn/fail for configuration quality);
 * `findings` carry stable dotted codes from kb/findings.json; `queries` are the DNS questions
 * the check asked, with their answers.
 * @module
 */
import type { Finding } from '../core/finding.js';
import type { DnsQueryLog } from '../io/dns/query-log.js';
import type findingsData from './kb/findings.json';

export const CHECK_NAMES = ['resolver', 'mx', 'spf', 'dmarc', 'dkim', 'ptr', 'dnsbl', 'dnsbl-domain', 'mtasts', 'tlsrpt', 'smtp', 'dane', 'alignment'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'none', 'temperror', 'permerror'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Every code documented in kb/findings.json. */
export type FindingCode = keyof (typeof findingsData)['findings'];

export interface CheckFinding extends Finding {
  code: FindingCode;
  /** What to do about it, in plain words. */
  fix: string;
  /** The RFC section or vendor document behind it. */
  ref: string;
}

/** What a check body returns; runCheck adds the name, target and queries. */
export interface CheckOutcome<T> {
  status: CheckStatus;
  findings: CheckFinding[];
  data: T;
}

export interface CheckResult<T = unknown> extends CheckOutcome<T> {
  check: CheckName;
  /** The domain, IP or name the check looked at. */
  target: string;
  queries: DnsQueryLog[];
}

/** The overall answer, shown first: fail > inconclusive > warn > pass. */
export type Verdict = 'pass' | 'warn' | 'fail' | 'inconclusive';

export interface CheckReport {
  /** `domain`, `ip` or `path`. */
  kind: string;
  target: string;
  /** When the checks ran (the recorded time in a replay). */
  at: string;
  verdict: Verdict;
  /** Where the DNS answers came from. */
  resolver: string;
  checks: CheckResult[];
  /** Every DNS question of the run, once per name and type. */
  queries: DnsQueryLog[];
}
