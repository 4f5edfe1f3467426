/**
 * Judges an SPF tree (pure): the findings of every record in it, the lookup limits, and the
 * quality of the domain's own record (its all mechanism, ptr, Microsoft 365 include).
 * @module
 */
import type { CheckLimits } from '../check-limits.js';
import { finding } from '../kb/findings.js';
import type { CheckFinding, CheckOutcome, CheckStatus, FindingCode } from '../types.js';
import type { SpfAllowedRange } from './allowed-ranges.js';
import type { SpfEvaluation, SpfResult } from './evaluate-spf.js';
import type { SpfNode, SpfTree } from './get-spf-tree.js';

export interface SpfData {
  domain: string;
  record: string | null;
  /** Every v=spf1 record at the domain (more than one is an error). */
  records: string[];
  /** DNS-querying terms in the whole tree, and the limit (RFC 7208 section 4.6.4). */
  lookups: number;
  lookupLimit: number;
  voidLookups: number;
  voidLookupLimit: number;
  tree: SpfTree;
  evaluation: SpfEvaluation | null;
  /**
   * Without an IP (`check path` with no --ip): the sending ranges the tree allows, each with
   * the result of SPF evaluated for its network address; null when not asked for.
   */
  ranges: SpfRangeData | null;
}

export interface SpfRangeData {
  ranges: (SpfAllowedRange & { result: SpfResult; reason: string })[];
  /** `+` terms whose addresses depend on the connecting IP or sender (ptr, exists, macros). */
  unlisted: { domain: string; term: string }[];
}

/** Microsoft 365 SPF includes: worldwide, GCC High/DoD, 21Vianet (microsoft-365-mail-facts.md 7.1). */
const MICROSOFT_365_INCLUDES = ['spf.protection.outlook.com', 'spf.protection.office365.us', 'spf.protection.partner.outlook.cn'];

const PERMERROR_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'spf.multiple-records',
  'spf.syntax-error',
  'spf.unknown-mechanism',
  'spf.too-many-lookups',
  'spf.too-many-void-lookups',
  'spf.include-no-record',
  'spf.redirect-no-record',
  'spf.include-loop',
  'spf.mx-too-many-records',
]);

function nodeFindings(node: SpfNode, path: string[], limits: CheckLimits, out: CheckFinding[]): void {
  const at = node.domain;
  if (node.status === 'multiple') out.push(finding('spf.multiple-records', { domain: at, count: node.records.length }));
  if (node.status === 'temperror') out.push(finding('dns.lookup-failed', { name: at, type: 'TXT', rcode: node.rcode }));
  for (const p of node.problems) out.push(finding(p.code, { domain: at, term: p.term, reason: p.reason }));
  for (const term of node.terms) {
    if (term.name === 'ptr') out.push(finding('spf.ptr-used', { at, term: term.term }));
    if (term.ignored) out.push(finding('spf.redirect-ignored', { at, target: term.term.slice('redirect='.length) }));
    if (term.target === null && term.countsLookup) out.push(finding('spf.macro-depends-on-sender', { at, term: term.term }));
    if (term.name === 'mx' && (term.mxHosts?.length ?? 0) > limits.spfTermNames) {
      out.push(finding('spf.mx-too-many-records', { at, count: term.mxHosts?.length, limit: limits.spfTermNames }));
    }
    if ((term.name === 'a' || term.name === 'mx' || term.name === 'exists') && term.rcode && ['SERVFAIL', 'REFUSED', 'TIMEOUT', 'ERROR'].includes(term.rcode)) {
      out.push(finding('dns.lookup-failed', { name: term.target, type: term.name === 'mx' ? 'MX' : 'A', rcode: term.rcode }));
    }
    const child = term.child;
    if (!child) continue;
    const target = child.domain;
    if (child.status === 'loop') out.push(finding('spf.include-loop', { target, path: [...path, at, target].join(' -> ') }));
    else if (child.status === 'none') {
      out.push(finding(term.name === 'redirect' ? 'spf.redirect-no-record' : 'spf.include-no-record', { target, at, rcode: child.rcode }));
    } else if (child.status === 'too-deep') out.push(finding('spf.tree-truncated', { domain: target, reason: `includes nested deeper than ${limits.spfDepth}` }));
    nodeFindings(child, [...path, at], limits, out);
  }
}

function rootQuality(root: SpfNode, out: CheckFinding[]): void {
  const domain = root.domain;
  const mechanisms = root.terms.filter((t) => t.qualifier !== undefined);
  const allIndex = mechanisms.findIndex((t) => t.name === 'all');
  const all = mechanisms[allIndex];
  if (all) {
    if (all.qualifier === '+') out.push(finding('spf.pass-all', { domain, term: all.term }));
    if (all.qualifier === '?') out.push(finding('spf.neutral-all', { domain }));
    const after = mechanisms.slice(allIndex + 1).map((t) => t.term);
    if (after.length > 0) out.push(finding('spf.all-not-last', { domain, terms: after, all: all.term }));
  } else if (!root.terms.some((t) => t.name === 'redirect')) {
    out.push(finding('spf.no-all', { domain }));
  }
  const microsoft = root.terms.find((t) => t.name === 'include' && MICROSOFT_365_INCLUDES.includes(t.target ?? ''));
  if (microsoft) out.push(finding('spf.microsoft-365', { domain, term: microsoft.term }));
}

function statusOf(findings: CheckFinding[]): CheckStatus {
  if (findings.some((f) => PERMERROR_CODES.has(f.code))) return 'permerror';
  if (findings.some((f) => f.code === 'dns.lookup-failed')) return 'temperror';
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  return findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
}

export function evaluateSpfTree(domain: string, tree: SpfTree, limits: CheckLimits): CheckOutcome<SpfData> {
  const { root } = tree;
  const data: SpfData = {
    domain,
    record: root.record,
    records: root.records,
    lookups: tree.lookups,
    lookupLimit: limits.spfLookups,
    voidLookups: tree.voidLookups,
    voidLookupLimit: limits.spfVoidLookups,
    tree,
    evaluation: null,
    ranges: null,
  };
  if (root.status === 'temperror') return { status: 'temperror', findings: [finding('dns.lookup-failed', { name: domain, type: 'TXT', rcode: root.rcode })], data };
  if (root.status === 'none') return { status: 'none', findings: [finding('spf.none', { domain, rcode: root.rcode })], data };
  const findings: CheckFinding[] = [];
  nodeFindings(root, [], limits, findings);
  if (root.status === 'found') rootQuality(root, findings);
  const over = tree.lookupLimitAt;
  if (over) {
    findings.push(finding('spf.too-many-lookups', { domain, count: tree.lookups, limit: limits.spfLookups, next: limits.spfLookups + 1, term: over.term, at: over.domain, depth: over.depth }));
  } else if (tree.lookups >= limits.spfLookups - 2 && tree.lookups > 0) {
    findings.push(finding('spf.lookups-near-limit', { domain, count: tree.lookups, limit: limits.spfLookups }));
  }
  if (tree.voidLimitAt) {
    findings.push(
      finding('spf.too-many-void-lookups', {
        domain,
        count: tree.voidLookups,
        limit: limits.spfVoidLookups,
        names: tree.voidTerms.map((t) => `${t.term} in ${t.domain}`),
        term: tree.voidLimitAt.term,
        at: tree.voidLimitAt.domain,
      }),
    );
  }
  if (tree.truncated && !findings.some((f) => f.code === 'spf.tree-truncated')) findings.push(finding('spf.tree-truncated', { domain, reason: tree.truncated }));
  return { status: statusOf(findings), findings, data };
}
