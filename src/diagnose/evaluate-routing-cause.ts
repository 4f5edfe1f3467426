/**
 * Routing, expiry and connection failures (4.4.7, 5.4.316, 5.4.1, networkerror, expired,
 * norelaying, failedstarttls): the recipient domain's MX, then every MX host's reachability
 * and STARTTLS (with its certificate), the MTA-STS and DANE policies, and, only with
 * --probe-rcpt, whether the MX takes mail for the domain at RCPT TO. What the bounce blames
 * (TLS, MTA-STS, DANE, relaying, or just the connection) decides which failure confirms it;
 * servers that all work now lower it to "probably temporary".
 * @module
 */
import type { SmtpData } from '../checks/smtp/evaluate-smtp.js';
import type { BounceFact } from '../ndr/types.js';
import { findingEvidence, findingOf, ruledOutBy, type CheckEntry } from './check-entries.js';
import { entryFor, noteEvidence, planned, replyOf, type Conclusion, type EvaluationInput } from './conclusion.js';
import { diagnoseFinding } from './diagnose-knowledge.js';
import { statusInPattern } from './match-bounce-rule.js';
import { mxState } from './mx-state.js';
import { domainOf } from './plan-checks.js';
import type { Evidence, RuledOut } from './types.js';

type Claim = 'tls' | 'mtasts' | 'dane' | 'relay' | 'connection';

/** What the bounce blames. */
export function routingClaim(fact: BounceFact): Claim {
  const status = fact.status ?? '';
  const text = (fact.diagnosticCode ?? '').toLowerCase();
  if (['4.4.8', '5.4.8'].includes(status) || /mta-sts/.test(text)) return 'mtasts';
  if (['4.7.323', '5.7.323', '4.7.324', '5.7.324'].includes(status) || /\btlsa\b|\bdane\b/.test(text)) return 'dane';
  if (fact.reason === 'norelaying' || /relay(?:ing)? (?:access )?denied|unable to relay|not permitted to relay/.test(text)) return 'relay';
  if (fact.reason === 'failedstarttls' || ['4.7.5', '5.7.5', '4.4.317', '4.7.321-4.7.325', '5.7.321-5.7.325'].some((p) => statusInPattern(status, p)) || /starttls|\btls\b|certificate|untrustedroot/.test(text)) return 'tls';
  return 'connection';
}

const CERTIFICATE_PROBLEMS: Record<string, string> = {
  'tls.certificate-expired': 'expired',
  'tls.certificate-not-yet-valid': 'not valid yet',
  'tls.certificate-name-mismatch': 'issued for another name',
  'tls.certificate-untrusted': 'not signed by a trusted authority (or sent without its intermediate certificates)',
  'smtp.starttls-failed': 'refused in the TLS handshake',
};

function unreachableHosts(smtp: CheckEntry): { all: boolean; hosts: string[]; port: number } {
  const data = smtp.data as SmtpData | null;
  const hosts = [...new Set((data?.probes ?? []).map((p) => p.host))];
  const down = smtp.findings.filter((f) => f.code === 'smtp.unreachable' || f.code === 'smtp.banner-error').map((f) => String((f.data as { host?: string } | undefined)?.host ?? ''));
  const unique = [...new Set(down)].filter(Boolean);
  return { all: hosts.length > 0 && unique.length === hosts.length, hosts: unique, port: data?.port ?? 25 };
}

export function evaluateRoutingCause(input: EvaluationInput): Conclusion {
  const { fact } = input;
  const domain = domainOf(fact.recipient);
  const mx = entryFor(input, 'mx');
  const smtp = entryFor(input, 'smtp');
  const mtasts = entryFor(input, 'mtasts');
  const dane = entryFor(input, 'dane');
  const claim = routingClaim(fact);
  const vars: Record<string, unknown> = { recipient: fact.recipient, domain, sender: input.ids.from, reply: replyOf(fact), status: fact.status };
  const evidence: Evidence[] = [];
  const ruledOut: RuledOut[] = [];
  const state = mxState(mx);

  if (mx && state !== 'receives-mail' && state !== 'unknown') {
    const causeId = state === 'nxdomain' ? 'domain-not-found' : state === 'null-mx' ? 'null-mx' : 'no-mail-server';
    return { causeId, support: 'confirmed', vars, evidence: findingEvidence(mx, ['mx.domain-not-found', 'mx.null', 'mx.none', 'mx.all-targets-unresolvable']), ruledOut };
  }
  if (mx && state === 'receives-mail') ruledOut.push(ruledOutBy(mx, `${domain} has MX hosts with addresses`));

  if (!smtp) {
    if (claim === 'relay') {
      const note = diagnoseFinding('diagnose.rcpt-not-checked', { domain });
      return { causeId: 'relay-denied-unchecked', support: 'bounce', vars, evidence: [noteEvidence('rcpt', domain, note.code, note.message)], ruledOut };
    }
    return { causeId: 'routing-unchecked', support: 'bounce', vars, evidence, ruledOut };
  }

  const down = unreachableHosts(smtp);
  if (down.all) {
    return { causeId: 'mx-unreachable', support: 'confirmed', vars: { ...vars, hosts: down.hosts.join(', '), port: down.port }, evidence: findingEvidence(smtp, ['smtp.unreachable', 'smtp.banner-error']), ruledOut };
  }

  // Relaying: the MX's answer to RCPT TO postmaster@domain, when asked.
  if (claim === 'relay') {
    const rejected = findingOf(smtp, 'smtp.postmaster-rejected');
    if (rejected) {
      const rcptReply = (rejected.data as { code?: number; text?: string } | undefined);
      return { causeId: 'relay-denied', support: 'confirmed', vars: { ...vars, rcptReply: `${rcptReply?.code ?? ''} ${rcptReply?.text ?? ''}`.trim() }, evidence: findingEvidence(smtp, ['smtp.postmaster-rejected']), ruledOut };
    }
    if (!planned(input, 'rcpt')) {
      const note = diagnoseFinding('diagnose.rcpt-not-checked', { domain });
      return { causeId: 'relay-denied-unchecked', support: 'bounce', vars, evidence: [noteEvidence('rcpt', domain, note.code, note.message)], ruledOut };
    }
    ruledOut.push({ check: 'rcpt', target: domain ?? '', status: 'pass', code: null, message: `the MX hosts of ${domain} accept mail for it at RCPT TO` });
  }

  const tlsFindings = smtp.findings.filter((f) => f.code === 'smtp.no-starttls' || f.code in CERTIFICATE_PROBLEMS);
  if (claim === 'tls' || claim === 'dane' || claim === 'mtasts') {
    const noTls = findingOf(smtp, 'smtp.no-starttls');
    if (noTls && claim === 'tls') {
      const host = (noTls.data as { host?: string } | undefined)?.host;
      return { causeId: 'no-starttls', support: 'confirmed', vars: { ...vars, host }, evidence: [noteEvidence(null, domain, 'diagnose.tls-required', diagnoseFinding('diagnose.tls-required', { domain }).message), ...findingEvidence(smtp, ['smtp.no-starttls'])], ruledOut };
    }
    const cert = smtp.findings.find((f) => f.code in CERTIFICATE_PROBLEMS);
    if (cert && claim !== 'dane') {
      const host = (cert.data as { host?: string } | undefined)?.host;
      return { causeId: 'tls-certificate', support: 'confirmed', vars: { ...vars, host, certProblem: CERTIFICATE_PROBLEMS[cert.code] }, evidence: findingEvidence(smtp, [cert.code]), ruledOut };
    }
  }
  if (mtasts) {
    const broken = mtasts.findings.filter((f) => f.severity === 'error');
    if (broken.length > 0 && (claim === 'mtasts' || claim === 'tls' || claim === 'connection')) {
      return { causeId: 'mtasts-mismatch', support: claim === 'mtasts' ? 'confirmed' : 'bounce', vars: { ...vars, mtastsProblem: broken[0]?.message }, evidence: findingEvidence(mtasts), ruledOut };
    }
    if (mtasts.status === 'pass' || mtasts.status === 'none') ruledOut.push(ruledOutBy(mtasts, mtasts.status === 'pass' ? `the MTA-STS policy of ${domain} matches its MX hosts` : `${domain} has no MTA-STS policy that could refuse delivery`));
  }
  if (dane) {
    if (findingOf(dane, 'dane.mismatch')) return { causeId: 'dane-mismatch', support: claim === 'dane' ? 'confirmed' : 'bounce', vars, evidence: findingEvidence(dane, ['dane.mismatch']), ruledOut };
    if (dane.status === 'pass' || dane.status === 'none') ruledOut.push(ruledOutBy(dane, dane.status === 'pass' ? `the DANE records of ${domain}'s MX hosts match their certificates` : `${domain}'s MX hosts publish no DANE records that could refuse delivery`));
  }
  if (down.hosts.length > 0) {
    return { causeId: 'mx-partly-unreachable', support: 'bounce', vars: { ...vars, hosts: down.hosts.join(', '), port: down.port }, evidence: [...findingEvidence(smtp, ['smtp.unreachable', 'smtp.banner-error']), ...tlsFindings.length > 0 ? findingEvidence(smtp, tlsFindings.map((f) => f.code)) : []], ruledOut };
  }
  const starttls = ((smtp.data as SmtpData | null)?.probes ?? []).filter((p) => p.banner !== null);
  const allTls = starttls.length > 0 && starttls.every((p) => p.starttls) && tlsFindings.length === 0;
  ruledOut.push(ruledOutBy(smtp, `every MX host of ${domain} accepts connections${allTls ? ' and offers STARTTLS with a valid certificate' : ''}`));
  return { causeId: 'routing-passes-now', support: 'contradicted', vars: { ...vars, tlsNow: allTls ? ' and offer STARTTLS' : '' }, evidence: tlsFindings.length > 0 ? findingEvidence(smtp, tlsFindings.map((f) => f.code)) : evidence, ruledOut };
}
