/**
 * The three analyses a diagnosis makes without the network, as results like the live checks':
 * the recipient address's syntax (parse-address-syntax.ts), the typo check of its domain
 * (detect-typo-domain.ts; told by the MX check whether the domain receives mail), and the
 * original's size against the smallest SIZE limit the recipient's MX hosts advertise
 * (RFC 1870). Pure: the live results come in.
 * @module
 */
import type { SmtpData } from '../checks/smtp/evaluate-smtp.js';
import { entryKey, type CheckEntry } from './check-entries.js';
import { detectTypoDomain } from './detect-typo-domain.js';
import { diagnoseFinding } from './diagnose-knowledge.js';
import type { MessageSize } from './find-message-size.js';
import { MX_STATE_TEXT, mxState } from './mx-state.js';
import { parseAddressSyntax } from './parse-address-syntax.js';
import type { DiagnoseFinding, RecipientPlan } from './types.js';

export interface SizeLimit {
  host: string;
  limit: number;
}

/** The smallest SIZE limit the MX hosts of a domain advertised, or null. */
export function smallestSizeLimit(smtp: CheckEntry | undefined): SizeLimit | null {
  const probes = (smtp?.data as SmtpData | null | undefined)?.probes ?? [];
  let best: SizeLimit | null = null;
  for (const p of probes) if (p.sizeLimit !== null && (!best || p.sizeLimit < best.limit)) best = { host: p.host, limit: p.sizeLimit };
  return best;
}

function addressEntry(address: string): CheckEntry {
  const syntax = parseAddressSyntax(address);
  const findings: DiagnoseFinding[] = syntax.valid
    ? [diagnoseFinding('address.valid', { address: syntax.address })]
    : [diagnoseFinding('address.invalid', { address: syntax.address, problem: syntax.problems.map((p) => p.message).join('; ') })];
  if (syntax.smtputf8) findings.push(diagnoseFinding('address.needs-smtputf8', { address: syntax.address }));
  return { check: 'address-syntax', target: address, status: syntax.valid ? 'pass' : 'fail', findings, data: syntax, queries: 0 };
}

function typoEntry(domain: string, mx: CheckEntry | undefined): CheckEntry {
  const state = mxState(mx);
  const typo = detectTypoDomain(domain, { receivesMail: state === 'receives-mail' });
  if (typo.kind === 'provider') return { check: 'typo', target: domain, status: 'pass', findings: [diagnoseFinding('typo.known-provider', { domain, provider: typo.provider })], data: typo, queries: 0 };
  if (typo.kind === 'none') return { check: 'typo', target: domain, status: 'pass', findings: [diagnoseFinding('typo.none', { domain })], data: typo, queries: 0 };
  const s = typo.suggestion;
  const finding = diagnoseFinding('typo.suggestion', { domain, suggestion: s.suggestion, provider: s.provider, distance: s.distance, domainState: MX_STATE_TEXT[state] });
  return { check: 'typo', target: domain, status: state === 'receives-mail' ? 'warn' : 'fail', findings: [finding], data: { ...typo, domainState: state }, queries: 0 };
}

function sizeEntry(domain: string, size: MessageSize, smtp: CheckEntry | undefined): CheckEntry {
  const base = { check: 'message-size' as const, target: domain, queries: 0 };
  const limit = smallestSizeLimit(smtp);
  const data = { ...size, limit: limit?.limit ?? null, host: limit?.host ?? null };
  if (size.size === null) return { ...base, status: 'none', findings: [diagnoseFinding('message-size.unknown')], data };
  if (!limit) return { ...base, status: 'none', findings: [diagnoseFinding('message-size.no-limit', { domain })], data };
  const vars = { size: size.size, sizeSource: size.source, limit: limit.limit, host: limit.host };
  if (size.size > limit.limit) return { ...base, status: 'fail', findings: [diagnoseFinding('message-size.over-limit', vars)], data };
  return { ...base, status: 'pass', findings: [diagnoseFinding('message-size.within-limit', vars)], data };
}

/** Adds the local analyses the plans ask for to the live results. */
export function evaluateLocalChecks(plans: readonly RecipientPlan[], live: ReadonlyMap<string, CheckEntry>, size: MessageSize): Map<string, CheckEntry> {
  const entries = new Map(live);
  for (const plan of plans) {
    for (const r of plan.run) {
      const key = entryKey(r.check, r.target);
      if (entries.has(key)) continue;
      if (r.check === 'address-syntax') entries.set(key, addressEntry(r.target));
      else if (r.check === 'typo') entries.set(key, typoEntry(r.target, entries.get(entryKey('mx', r.target))));
      else if (r.check === 'message-size') entries.set(key, sizeEntry(r.target, size, entries.get(entryKey('smtp', r.target))));
    }
  }
  return entries;
}
