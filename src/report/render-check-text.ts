/**
 * Human text for `maildoctor check`: the verdict first, then one block per check (its status,
 * a few lines of what was found, its findings with the fix and the reference). Renders only;
 * every judgement is already in the report.
 * @module
 */
import type { DaneData } from '../checks/dane/evaluate-dane.js';
import type { DkimData } from '../checks/dkim/evaluate-dkim.js';
import type { AlignmentData } from '../checks/dmarc/evaluate-alignment.js';
import type { DmarcData } from '../checks/dmarc/evaluate-dmarc.js';
import type { DnsblData } from '../checks/dnsbl/evaluate-dnsbl.js';
import type { MtaStsData } from '../checks/mtasts/evaluate-mtasts.js';
import type { MxData } from '../checks/mx/evaluate-mx.js';
import type { PtrData } from '../checks/ptr/evaluate-ptr.js';
import type { SmtpData } from '../checks/smtp/evaluate-smtp.js';
import type { SpfData } from '../checks/spf/evaluate-spf-tree.js';
import type { SpfNode } from '../checks/spf/get-spf-tree.js';
import type { TlsRptData } from '../checks/tlsrpt/evaluate-tlsrpt.js';
import type { CheckReport, CheckResult, CheckStatus, Verdict } from '../checks/types.js';
import type { ResolverHealth } from '../io/dns/resolver-health.js';
import { daneLines, smtpLines } from './render-check-smtp.js';
import { type Style, wrap } from './style.js';

const TITLES: Record<string, string> = { resolver: 'Resolver', mx: 'MX', spf: 'SPF', dmarc: 'DMARC', dkim: 'DKIM', ptr: 'Reverse DNS', dnsbl: 'Blocklists', 'dnsbl-domain': 'Domain blocklists', mtasts: 'MTA-STS', tlsrpt: 'TLS-RPT', smtp: 'SMTP and TLS', dane: 'DANE', alignment: 'DMARC alignment' };
const MAX_TREE_LINES = 60;

function verdictText(verdict: Verdict, s: Style): string {
  switch (verdict) {
    case 'pass':
      return s.green('PASS');
    case 'warn':
      return s.yellow('WARN');
    case 'fail':
      return s.red('FAIL');
    default:
      return s.magenta('INCONCLUSIVE');
  }
}

function statusText(status: CheckStatus, s: Style): string {
  if (status === 'pass') return s.green(status);
  if (status === 'warn' || status === 'none') return s.yellow(status);
  if (status === 'temperror') return s.magenta(status);
  return s.red(status);
}

function spfTreeLines(node: SpfNode, indent: string, out: string[]): void {
  if (out.length >= MAX_TREE_LINES) return;
  const record = node.record ?? `(${node.status}${node.rcode ? `, ${node.rcode}` : ''})`;
  out.push(`${indent}${node.domain}: ${record}`);
  for (const term of node.terms) {
    if (out.length >= MAX_TREE_LINES) {
      out.push(`${indent}  ...`);
      return;
    }
    if (!term.countsLookup && !term.child && !term.ignored) continue;
    const marks = [term.lookup ? `lookup ${term.lookup}` : '', term.voidLookup ? `void ${term.voidLookup}` : '', term.note ?? ''].filter(Boolean).join(', ');
    out.push(`${indent}  ${term.term}${marks ? `  [${marks}]` : ''}`);
    if (term.child) spfTreeLines(term.child, `${indent}    `, out);
  }
}

function summaryLines(check: CheckResult): string[] {
  const data = check.data;
  if (!data) return [];
  switch (check.check) {
    case 'resolver': {
      const d = data as ResolverHealth & { resolver: string };
      const counts = Object.entries(d.byRcode).map(([rcode, n]) => `${n} ${rcode}`).join(', ');
      return [`${d.resolver}: ${d.total} questions${counts ? ` (${counts})` : ''}`];
    }
    case 'mx': {
      const d = data as MxData;
      if (d.fallback) return [`no MX; address records: ${[...d.fallback.A, ...d.fallback.AAAA].join(', ') || 'none'}`];
      if (d.nullMx && d.hosts.length === 0) return ['null MX (0 .)'];
      return d.hosts.map((h) => {
        const addresses = [...h.addresses.A, ...h.addresses.AAAA].join(', ') || (h.ipLiteral ? 'IP literal' : 'no address');
        return `${h.priority} ${h.exchange}  ${addresses}${h.microsoft365 ? '  (Microsoft 365)' : ''}${h.cname ? `  (CNAME to ${h.cname})` : ''}`;
      });
    }
    case 'spf': {
      const d = data as SpfData;
      if (!d.record) return d.records.length > 1 ? d.records : [];
      const lines = [`DNS lookups: ${d.lookups} (limit ${d.lookupLimit}), void lookups: ${d.voidLookups} (limit ${d.voidLookupLimit})`];
      spfTreeLines(d.tree.root, '', lines);
      const e = d.evaluation;
      if (e) {
        lines.push(`for ${e.ip}: ${e.result} (${e.reason}), ${e.lookups} lookups`);
        for (const step of e.trace) {
          if (step.depth >= 0) lines.push(`  ${'  '.repeat(step.depth)}${step.term === 'record' ? step.domain : step.term}: ${step.outcome === 'record' ? step.detail : `${step.outcome}, ${step.detail}`}`);
        }
      }
      if (d.ranges) {
        lines.push(`sending ranges allowed: ${d.ranges.ranges.length}${d.ranges.ranges.length === 0 ? ' (none listable)' : ''}`);
        for (const r of d.ranges.ranges) lines.push(`  ${r.range}: ${r.result} (${r.term} in ${r.domain})`);
        for (const u of d.ranges.unlisted) lines.push(`  ${u.term} in ${u.domain}: depends on the connecting IP or sender, not listed`);
      }
      return lines;
    }
    case 'dmarc': {
      const d = data as DmarcData;
      if (!d.record) return [];
      const lines = [`${d.name}: ${d.record}`];
      if (d.policy) lines.push(`policy for ${d.domain}: ${d.policy}${d.subdomainPolicy && d.subdomainPolicy !== d.policy ? `, subdomains: ${d.subdomainPolicy}` : ''}${d.pct !== null && d.pct < 100 ? `, pct ${d.pct}` : ''}`);
      for (const r of d.reportDestinations) lines.push(`${r.tag} ${r.uri}${r.external ? ` (external: ${r.authorized === true ? 'authorised' : r.authorized === false ? 'NOT authorised' : 'not checked'})` : ''}`);
      return lines;
    }
    case 'dkim': {
      const d = data as DkimData;
      const quiet = (sel: DkimData['selectors'][number]): boolean => (sel.status === 'missing' || sel.status === 'temperror') && sel.origin !== 'user' && !sel.cname;
      const shown = d.selectors.filter((sel) => !quiet(sel));
      const lines = shown.map((sel) => {
        const key = sel.status === 'valid' || sel.status === 'invalid' ? `${sel.keyType ?? '?'}${sel.bits ? ` ${sel.bits} bits` : ''}` : '';
        return `${sel.selector}: ${sel.status}${key ? ` (${key})` : ''}${sel.cname ? `  CNAME ${sel.cname}` : ''}${sel.provider ? `  [${sel.provider}]` : ''}`;
      });
      const missing = d.selectors.filter((sel) => quiet(sel) && sel.status === 'missing').map((sel) => sel.selector);
      const unanswered = d.selectors.filter((sel) => quiet(sel) && sel.status === 'temperror').map((sel) => sel.selector);
      if (missing.length > 0) lines.push(`no key at: ${missing.join(', ')}`);
      if (unanswered.length > 0) lines.push(`no answer for: ${unanswered.join(', ')}`);
      return lines;
    }
    case 'ptr': {
      const d = data as PtrData;
      if (d.names.length === 0) return [`${d.reverseName}: ${d.rcode}`];
      return d.forward.map((f) => `${f.name} -> ${f.addresses.join(', ') || f.rcode}${f.confirmed ? '  (forward-confirmed)' : ''}`);
    }
    case 'dnsbl':
    case 'dnsbl-domain': {
      const d = data as DnsblData;
      return d.results.map((r) => {
        const what = r.state === 'listed' ? `LISTED (${r.codes.join(', ')})` : r.state === 'clean' ? 'not listed' : r.state === 'refused' ? `refused (${r.codes.join(', ')})` : r.state === 'unanswered' ? `no answer (${r.rcode})` : r.state === 'skipped' ? 'skipped' : `unknown answer (${r.codes.join(', ')})`;
        return `${r.name} (${r.zone}): ${what}`;
      });
    }
    case 'mtasts':
      return mtaStsLines(data as MtaStsData);
    case 'tlsrpt': {
      const d = data as TlsRptData;
      return d.records.map((r) => `${d.name}: ${r}`);
    }
    case 'alignment':
      return alignmentLines(data as AlignmentData);
    case 'smtp':
      return smtpLines(data as SmtpData);
    case 'dane':
      return daneLines(data as DaneData);
    default:
      return [];
  }
}

function alignmentLines(d: AlignmentData): string[] {
  const lines = [`From ${d.fromDomain} (organisational domain ${d.orgDomain}), DMARC policy ${d.policy ?? (d.policyUnknown ? 'unknown (temperror)' : 'none')}, aspf=${d.aspf}, adkim=${d.adkim}`];
  const spfResult = d.spf.ip ? `${d.spf.result ?? 'no result'} for ${d.spf.ip}` : d.spf.pass ? `pass for ${d.spf.passingRanges.join(', ')}` : 'no allowed range passes';
  lines.push(`SPF ${d.spf.domain}: ${spfResult}; ${d.spf.alignment} alignment, ${d.spf.aligned ? 'aligned' : 'NOT aligned'}`);
  for (const k of d.dkim) lines.push(`DKIM d=${k.domain} s=${k.selector} (${k.source}): key ${k.key}; ${k.alignment} alignment, ${k.aligned ? 'aligned' : 'NOT aligned'}`);
  const result = d.result === 'pass' ? 'pass' : d.result === 'pass-with-dkim' ? 'pass only with a DKIM signature' : `FAIL (policy ${d.policy ?? (d.policyUnknown ? 'unknown (temperror)' : 'none')})`;
  lines.push(`DMARC: ${result}`);
  return lines;
}

function mtaStsLines(d: MtaStsData): string[] {
  const lines = d.records.map((r) => `${d.recordName}: ${r}`);
  if (d.records.length === 0) return lines;
  const f = d.fetch;
  const fetched = !f ? `no address for ${d.policyHost}` : f.ok ? `HTTP ${f.status}${f.contentType ? `, ${f.contentType}` : ''}, ${f.ms} ms` : f.failure;
  lines.push(`${d.policyUrl}${d.address ? ` (${d.address})` : ''}: ${fetched}`);
  const c = d.certificate;
  if (c) lines.push(`certificate: ${c.subject ?? '?'} from ${c.issuer ?? '?'}, valid to ${c.validTo}${c.trusted ? '' : ` (not trusted: ${c.error ?? '?'})`}`);
  const p = d.policy;
  if (p) lines.push(`policy: mode ${p.mode ?? '?'}, max_age ${p.maxAge ?? '?'}, mx ${p.mx.join(', ') || '(none)'}`);
  for (const m of d.mx) lines.push(`MX ${m.host}: ${m.pattern ? `matches ${m.pattern}` : 'matches NO pattern'}`);
  return lines;
}

function severityMark(severity: string, s: Style): string {
  if (severity === 'error') return s.red('error  ');
  if (severity === 'warning') return s.yellow('warning');
  return s.dim('info   ');
}

export function renderCheckText(report: CheckReport, s: Style): string {
  const findings = report.checks.flatMap((c) => c.findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const out = [
    `${s.bold(report.target)}: ${verdictText(report.verdict, s)} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`,
    s.dim(`  checked ${report.kind} at ${report.at} via ${report.resolver}, ${report.queries.length} DNS questions`),
  ];
  for (const check of report.checks) {
    if (check.check === 'resolver' && check.status === 'pass' && check.findings.length === 0) continue;
    // A path report looks at two domains and an IP: each block says which.
    const about = report.kind === 'path' && check.check !== 'resolver' ? ` (${check.target})` : '';
    out.push('', `${s.bold(TITLES[check.check] ?? check.check)}${about}  ${statusText(check.status, s)}`);
    for (const line of summaryLines(check)) out.push(`  ${line}`);
    for (const f of check.findings) {
      out.push(`  ${severityMark(f.severity, s)} ${s.bold(f.code)}`);
      out.push(`          ${wrap(f.message, 86, '          ')}`);
      if (f.severity !== 'info') out.push(`          ${s.dim('Fix:')} ${wrap(f.fix, 81, '          ')}`);
      out.push(`          ${s.dim(`Ref: ${f.ref}`)}`);
    }
  }
  return out.join('\n');
}
