/**
 * DMARC for one path (pure): whether a message from the From domain can get an aligned pass
 * (RFC 7489 sections 3.1 and 4.2). SPF counts when the envelope (SPF) domain is aligned with
 * the From domain per aspf and SPF gives pass for the sending IP (or, without an IP, for some
 * range its record allows); DKIM counts when a signing domain (d=) is aligned per adkim and a
 * usable key is published for its selector. Relaxed alignment compares organisational domains
 * (the public suffix list, core/domain-name.ts; the rating itself is core/identifier-alignment.ts,
 * shared with the header analysis). Without an aligned pass, the DMARC policy of the From
 * domain decides what receivers do.
 * @module
 */
import { organizationalDomain } from '../../core/domain-name.js';
import { identifierAlignment, isAligned, type IdentifierAlignment } from '../../core/identifier-alignment.js';
import type { DkimSelectorStatus } from '../dkim/evaluate-dkim.js';
import { finding } from '../kb/findings.js';
import type { SpfResult } from '../spf/evaluate-spf.js';
import type { CheckFinding, CheckOutcome, CheckStatus } from '../types.js';
import type { DmarcData } from './evaluate-dmarc.js';

export interface DkimCandidate {
  domain: string;
  selector: string;
  /** From a DKIM-Signature (--dkim-signature-from), or a key published at a checked selector of the From domain. */
  source: 'signature' | 'published';
  key: DkimSelectorStatus;
}

export interface AlignmentInput {
  from: string;
  to: string;
  fromDomain: string;
  /** The envelope sender (MAIL FROM) domain, whose SPF is checked. */
  spfDomain: string;
  ip: string | null;
  /** SPF result for `ip`; null without an IP or when SPF could not be evaluated. */
  spfResult: SpfResult | null;
  /** Without an IP: the allowed ranges that get SPF pass. */
  passingRanges: string[];
  dkim: DkimCandidate[];
  /** The DMARC check's data; null when the check could not run. */
  dmarc: DmarcData | null;
  /** The DMARC lookup failed (the DMARC check's temperror): the policy is unknown, not "no record". */
  dmarcLookupFailed?: boolean;
}

export type PathDmarcResult = 'pass' | 'pass-with-dkim' | 'fail';

export interface AlignmentData {
  from: string;
  to: string;
  fromDomain: string;
  orgDomain: string;
  policy: string | null;
  /** The DMARC lookup failed (temperror): `policy` is null because it is unknown, not absent. */
  policyUnknown: boolean;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  spf: { domain: string; ip: string | null; result: SpfResult | null; passingRanges: string[]; alignment: IdentifierAlignment; aligned: boolean; pass: boolean };
  dkim: (DkimCandidate & { alignment: IdentifierAlignment; aligned: boolean; usable: boolean })[];
  /** pass: an aligned SPF pass; pass-with-dkim: only an aligned DKIM signature can pass; fail: no aligned pass is possible. */
  result: PathDmarcResult;
}

const EFFECT: Record<string, string> = {
  reject: 'receivers that honour it reject the message',
  quarantine: 'receivers that honour it put the message in spam or quarantine',
};

function spfReason(data: AlignmentData['spf'], fromDomain: string, aspf: 'r' | 's'): string {
  if (data.pass && !data.aligned) return `SPF passes for ${data.domain}, which is not aligned with ${fromDomain} (aspf=${aspf})`;
  if (data.ip) return `SPF gives ${data.result ?? 'no result'} for ${data.ip}`;
  return 'no range the SPF record allows gets SPF pass';
}

function dkimReason(candidates: AlignmentData['dkim'], fromDomain: string, adkim: 'r' | 's'): string {
  const unaligned = candidates.filter((c) => !c.aligned).map((c) => `d=${c.domain}`);
  const unusable = candidates.filter((c) => c.aligned && !c.usable).map((c) => `${c.selector}._domainkey.${c.domain} (${c.key})`);
  const parts = [`no valid DKIM key for a signing domain aligned with ${fromDomain} (adkim=${adkim})`];
  if (unaligned.length > 0) parts.push(`not aligned: ${unaligned.join(', ')}`);
  if (unusable.length > 0) parts.push(`no usable key: ${unusable.join(', ')}`);
  return parts.join('; ');
}

export function evaluateAlignment(input: AlignmentInput): CheckOutcome<AlignmentData> {
  const { fromDomain } = input;
  const adkim = input.dmarc?.adkim ?? 'r';
  const aspf = input.dmarc?.aspf ?? 'r';
  const policy = input.dmarc?.policy ?? null;
  const policyUnknown = input.dmarcLookupFailed === true && policy === null;
  const spfAlignment = identifierAlignment(fromDomain, input.spfDomain);
  const spf = {
    domain: input.spfDomain,
    ip: input.ip,
    result: input.spfResult,
    passingRanges: input.passingRanges,
    alignment: spfAlignment,
    aligned: isAligned(spfAlignment, aspf),
    pass: input.ip ? input.spfResult === 'pass' : input.passingRanges.length > 0,
  };
  const dkim = input.dkim.map((c) => {
    const alignment = identifierAlignment(fromDomain, c.domain);
    const aligned = isAligned(alignment, adkim);
    return { ...c, alignment, aligned, usable: aligned && c.key === 'valid' };
  });
  const viaSpf = spf.aligned && spf.pass;
  const viaDkim = dkim.filter((c) => c.usable);
  const result: PathDmarcResult = viaSpf ? 'pass' : viaDkim.length > 0 ? 'pass-with-dkim' : 'fail';
  const data: AlignmentData = { from: input.from, to: input.to, fromDomain, orgDomain: organizationalDomain(fromDomain), policy, policyUnknown, adkim, aspf, spf, dkim, result };
  const findings: CheckFinding[] = [];
  let status: CheckStatus;
  const policyText = policy ?? (policyUnknown ? 'unknown (temperror: the DMARC lookup failed)' : 'none (no DMARC record)');
  if (result === 'pass') {
    const via = [`SPF pass for ${spf.ip ?? spf.passingRanges.join(', ')} (${input.spfDomain}, ${spfAlignment} alignment)`, ...viaDkim.map((c) => `DKIM d=${c.domain} s=${c.selector}`)];
    findings.push(finding('dmarc.aligned-pass', { from: input.from, via: via.join('; ') }));
    status = 'pass';
  } else if (result === 'pass-with-dkim') {
    findings.push(finding('dmarc.dkim-only', { from: input.from, spf: spfReason(spf, fromDomain, aspf), signers: viaDkim.map((c) => `d=${c.domain} s=${c.selector}`), policy: policyText }));
    status = 'warn';
  } else {
    const reasons = [spfReason(spf, fromDomain, aspf), dkimReason(dkim, fromDomain, adkim)];
    const enforced = policy === 'reject' || policy === 'quarantine';
    const vars = { from: input.from, to: input.to, domain: fromDomain, reasons: reasons.join('; '), policy: policyText, effect: EFFECT[policy ?? ''] ?? '' };
    if (policyUnknown) {
      // Without the policy, what receivers do with the failing message cannot be told.
      findings.push(finding('dmarc.unaligned-policy-unknown', vars));
      status = 'temperror';
    } else {
      findings.push(finding(enforced ? 'dmarc.unaligned' : 'dmarc.unaligned-not-enforced', vars));
      status = enforced ? 'fail' : 'warn';
    }
  }
  return { status, findings, data };
}
