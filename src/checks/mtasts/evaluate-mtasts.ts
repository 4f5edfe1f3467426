/**
 * Judges an MTA-STS set-up (pure): the record, the policy fetch and its certificate, the
 * policy's syntax, mode and max_age, and whether every real MX host matches an mx pattern
 * (RFC 8461 sections 3 and 4.1). The MX hosts come from the MX check.
 * @module
 */
import { isLookupFailure } from '../../io/dns/resolver.js';
import type { HttpsCertificate } from '../../io/http/fetch-text.js';
import { finding } from '../kb/findings.js';
import { lookupFailed } from '../lookup-failure.js';
import type { MxData } from '../mx/evaluate-mx.js';
import type { CheckFinding, CheckOutcome, CheckStatus } from '../types.js';
import { matchesMxPattern, parseMtaStsPolicy, type ParsedMtaStsPolicy } from './parse-mtasts-policy.js';
import { parseMtaStsRecord, type ParsedMtaStsRecord } from './parse-mtasts-record.js';
import type { MtaStsAnswers } from './query-mtasts.js';

/** A max_age below this in enforce mode is short (RFC 8461 section 3.2: "weeks or greater"). */
export const MIN_ENFORCE_MAX_AGE = 604_800;
/** A max_age below this in testing mode is short (one day). */
export const MIN_TESTING_MAX_AGE = 86_400;

export interface MtaStsMxMatch {
  host: string;
  /** The first pattern it matches, or null. */
  pattern: string | null;
}

export interface MtaStsData {
  domain: string;
  recordName: string;
  /** TXT records at recordName that start with v=STSv1. */
  records: string[];
  record: ParsedMtaStsRecord | null;
  policyHost: string;
  policyUrl: string;
  address: string | null;
  fetch: { ok: boolean; status: number | null; contentType: string | null; location: string | null; failure: string | null; ms: number } | null;
  certificate: HttpsCertificate | null;
  /** The policy as served (at most what the fetch read). */
  policyText: string | null;
  policy: ParsedMtaStsPolicy | null;
  /** Each MX host of the domain and the pattern it matches; empty when not compared. */
  mx: MtaStsMxMatch[];
  /** Why the MX hosts were not compared (no MX data, no policy, mode none), or null. */
  mxNotCompared: string | null;
}

const EXPIRY_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function statusOf(findings: CheckFinding[], temp: boolean): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (temp) return 'temperror';
  return findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
}

function mediaType(contentType: string | null): string | null {
  return contentType === null ? null : (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function certificateFindings(cert: HttpsCertificate, host: string, now: Date): CheckFinding[] {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  // Expiry is judged at the run's clock (the recorded time in a replay), not by OpenSSL's clock.
  const outOfDate = Number.isNaN(from) || Number.isNaN(to) ? EXPIRY_CODES.has(cert.error ?? '') : now.getTime() > to || now.getTime() < from;
  if (outOfDate) return [finding('mtasts.certificate-expired', { host, validFrom: cert.validFrom, validTo: cert.validTo })];
  if (!cert.trusted && !EXPIRY_CODES.has(cert.error ?? '')) return [finding('mtasts.certificate-untrusted', { host, error: cert.error ?? 'untrusted' })];
  return [];
}

function unreachableReason(answers: MtaStsAnswers): string | null {
  const f = answers.fetch;
  if (!f) return `${answers.policyHost} has no A or AAAA record`;
  if (!f.ok) return `${f.code}: ${f.error}`;
  if (f.status >= 300 && f.status < 400) return `HTTP ${f.status} redirect${f.headers['location'] ? ` to ${f.headers['location']}` : ''} (senders do not follow redirects)`;
  if (f.status !== 200) return `HTTP ${f.status}`;
  return null;
}

export function evaluateMtaSts(answers: MtaStsAnswers, mx: MxData | null, now: Date): CheckOutcome<MtaStsData> {
  const { domain, recordName, policyHost, policyUrl } = answers;
  const f = answers.fetch;
  const data: MtaStsData = {
    domain,
    recordName,
    records: answers.records,
    record: null,
    policyHost,
    policyUrl,
    address: answers.address,
    fetch: f
      ? { ok: f.ok, status: f.ok ? f.status : null, contentType: f.ok ? (f.headers['content-type'] ?? null) : null, location: f.ok ? (f.headers['location'] ?? null) : null, failure: f.ok ? null : `${f.code}: ${f.error}`, ms: f.ms }
      : null,
    certificate: f?.certificate ?? null,
    policyText: f?.ok && f.status === 200 ? f.body : null,
    policy: null,
    mx: [],
    mxNotCompared: 'no policy',
  };
  if (isLookupFailure(answers.txt.rcode)) return { status: 'temperror', findings: [lookupFailed(answers.txt)], data };
  if (answers.records.length === 0) return { status: 'none', findings: [finding('mtasts.none', { domain, name: recordName })], data };

  const findings: CheckFinding[] = [];
  if (answers.records.length > 1) {
    findings.push(finding('mtasts.multiple-records', { domain, name: recordName, count: answers.records.length }));
  } else {
    data.record = parseMtaStsRecord(answers.records[0]!);
    if (!data.record.valid) findings.push(finding('mtasts.record-invalid', { domain, name: recordName, problems: data.record.problems }));
  }

  let temp = false;
  const addressFailures = [answers.a, answers.aaaa].filter((a) => a && isLookupFailure(a.rcode));
  if (!answers.address && addressFailures.length > 0) {
    temp = true;
    findings.push(...addressFailures.map((a) => lookupFailed(a!)));
    return { status: statusOf(findings, temp), findings, data };
  }
  if (f?.certificate) findings.push(...certificateFindings(f.certificate, policyHost, now));
  const reason = unreachableReason(answers);
  if (reason || !f?.ok) {
    if (f && !f.ok && f.code === 'timeout') temp = true;
    findings.push(finding('mtasts.policy-unreachable', { domain, url: policyUrl, host: policyHost, reason }));
    return { status: statusOf(findings, temp), findings, data };
  }

  const type = mediaType(f.headers['content-type'] ?? null);
  if (type !== 'text/plain') findings.push(finding('mtasts.policy-content-type', { url: policyUrl, contentType: type ?? 'no Content-Type' }));
  const policy = parseMtaStsPolicy(f.body);
  data.policy = policy;
  if (!policy.valid) findings.push(finding('mtasts.policy-invalid', { url: policyUrl, problems: policy.problems }));
  if (policy.mode === 'testing') findings.push(finding('mtasts.mode-testing', { domain }));
  if (policy.mode === 'none') findings.push(finding('mtasts.mode-none', { domain }));
  const minimum = policy.mode === 'enforce' ? MIN_ENFORCE_MAX_AGE : policy.mode === 'testing' ? MIN_TESTING_MAX_AGE : 0;
  if (policy.maxAge !== null && policy.maxAge < minimum) findings.push(finding('mtasts.max-age-short', { domain, maxAge: policy.maxAge, minimum }));

  const hosts = (mx?.hosts ?? []).filter((h) => !h.ipLiteral).map((h) => h.exchange);
  if (policy.mode === 'none') data.mxNotCompared = 'mode none';
  else if (policy.mx.length === 0) data.mxNotCompared = 'no mx pattern';
  else if (hosts.length === 0) data.mxNotCompared = 'no MX hosts from the MX check';
  else {
    data.mxNotCompared = null;
    data.mx = hosts.map((host) => ({ host, pattern: policy.mx.find((p) => matchesMxPattern(host, p)) ?? null }));
    const unmatched = data.mx.filter((m) => m.pattern === null).map((m) => m.host);
    if (unmatched.length > 0) findings.push(finding('mtasts.mx-mismatch', { domain, name: recordName, hosts: unmatched, patterns: policy.mx }));
  }
  return { status: statusOf(findings, temp), findings, data };
}
