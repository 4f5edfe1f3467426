/**
 * Judges the DKIM keys found (pure): per selector whether a usable key is published, its type
 * and size, revocation and testing flags, and the Microsoft 365 CNAME form.
 * @module
 */
import { isLookupFailure, txtText, type DnsRcode } from '../../io/dns/resolver.js';
import { finding } from '../kb/findings.js';
import { lookupFailed } from '../lookup-failure.js';
import type { CheckFinding, CheckOutcome, CheckStatus } from '../types.js';
import { isDkimKeyRecord, parseDkimKey } from './parse-dkim-key.js';
import type { DkimSelectorAnswers, DkimSelectorOrigin } from './query-dkim.js';

export type DkimSelectorStatus = 'valid' | 'revoked' | 'invalid' | 'missing' | 'temperror';

export interface DkimSelectorData {
  selector: string;
  origin: DkimSelectorOrigin;
  provider: string | null;
  name: string;
  /** Where the name points when it is a CNAME. */
  cname: string | null;
  /** The CNAME points to Microsoft 365 (onmicrosoft.com or dkim.mail.microsoft). */
  microsoft365: boolean;
  status: DkimSelectorStatus;
  rcode: DnsRcode;
  record: string | null;
  keyType: string | null;
  bits: number | null;
  testing: boolean;
}

export interface DkimData {
  domain: string;
  /** Selectors with a published key (valid, revoked or unreadable). */
  found: string[];
  selectors: DkimSelectorData[];
}

/**
 * Microsoft 365 DKIM CNAME targets: selectorN-<domain>._domainkey.<tenant>.onmicrosoft.com,
 * or the newer ...dkim.mail.microsoft (microsoft-365-mail-facts.md 7.1).
 */
export function isMicrosoft365DkimTarget(target: string): boolean {
  return /^selector[12]-[a-z0-9-]+\._domainkey\./.test(target) && (/\.onmicrosoft\.com$/.test(target) || /\.dkim\.mail\.microsoft$/.test(target));
}

function statusOf(findings: CheckFinding[]): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  return findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
}

export function evaluateDkim(domain: string, answers: readonly DkimSelectorAnswers[]): CheckOutcome<DkimData> {
  const findings: CheckFinding[] = [];
  const selectors: DkimSelectorData[] = [];
  let failures = 0;
  for (const a of answers) {
    const cname = a.cnameAnswer?.records[0] ?? null;
    const microsoft365 = cname !== null && isMicrosoft365DkimTarget(cname);
    const data: DkimSelectorData = {
      selector: a.selector,
      origin: a.origin,
      provider: microsoft365 ? 'Microsoft 365' : a.provider,
      name: a.name,
      cname,
      microsoft365,
      status: 'missing',
      rcode: a.txt.rcode,
      record: null,
      keyType: null,
      bits: null,
      testing: false,
    };
    selectors.push(data);
    if (isLookupFailure(a.txt.rcode)) {
      failures++;
      data.status = 'temperror';
      if (a.origin === 'user') findings.push(lookupFailed(a.txt));
      continue;
    }
    const record = a.txt.records.map(txtText).find(isDkimKeyRecord);
    if (!record) {
      if (a.origin === 'user' && !microsoft365) findings.push(finding('dkim.key-missing', { name: a.name, selector: a.selector, rcode: a.txt.rcode }));
      if (microsoft365) findings.push(finding('dkim.microsoft-365-key-missing', { name: a.name, target: cname, rcode: a.txt.rcode, domain }));
      continue;
    }
    const key = parseDkimKey(record, a.name, a.selector);
    data.record = record;
    data.keyType = key.keyType;
    data.bits = key.bits;
    data.testing = key.testing;
    findings.push(...key.problems.map((p) => finding(p.code, p.vars)));
    if (key.revoked) {
      data.status = 'revoked';
      findings.push(finding('dkim.key-revoked', { name: a.name, selector: a.selector }));
    } else {
      data.status = key.problems.some((p) => ['dkim.key-invalid', 'dkim.syntax-error', 'dkim.key-type-unknown', 'dkim.key-too-short'].includes(p.code)) ? 'invalid' : 'valid';
    }
    if (key.testing) findings.push(finding('dkim.testing', { name: a.name }));
    if (microsoft365) findings.push(finding('dkim.microsoft-365', { name: a.name, target: cname }));
  }
  const found = selectors.filter((s) => s.status !== 'missing' && s.status !== 'temperror').map((s) => s.selector);
  const data: DkimData = { domain, found, selectors };
  const userAsked = answers.some((a) => a.origin === 'user');
  if (found.length === 0 && !userAsked && !selectors.some((s) => s.microsoft365)) {
    if (failures > 0 && failures === answers.length) return { status: 'temperror', findings: answers.slice(0, 1).map((a) => lookupFailed(a.txt)), data };
    return { status: 'none', findings: [finding('dkim.none-found', { domain, selectors: answers.map((a) => a.selector) })], data };
  }
  return { status: statusOf(findings), findings, data };
}
