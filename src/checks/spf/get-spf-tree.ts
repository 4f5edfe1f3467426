/**
 * The whole SPF tree of a domain, as a receiver without a specific IP would see it: every
 * include and redirect followed, every DNS-querying term looked up, and the lookups counted
 * exactly as RFC 7208 section 4.6.4 counts them, in evaluation order (mechanisms left to
 * right, an include's own terms before the next term, redirect last). The walk goes on past
 * the limits (up to a safety bound) so that the report can show the whole tree and say at
 * which term a receiver stops.
 *
 * Without an IP, `a` asks for both A and AAAA (void when both are empty), `ptr` cannot be
 * looked up (it depends on the connecting IP) and terms whose macros need the sender or the
 * IP are counted but not followed. Terms of one record are looked up in parallel: the run
 * takes as long as the longest include chain, not the sum of all lookups.
 * @module
 */
import type { DnsRcode, DnsResolver } from '../../io/dns/resolver.js';
import { isLookupFailure, isVoidAnswer } from '../../io/dns/resolver.js';
import type { CheckLimits } from '../check-limits.js';
import { expandSpfMacros } from './expand-spf-macro.js';
import { parseSpf, type SpfProblem, type SpfQualifier, type SpfTerm } from './parse-spf.js';
import { queryAddresses, querySpfRecord, type SpfRecordStatus } from './query-spf.js';

export type SpfNodeStatus = SpfRecordStatus | 'invalid' | 'loop' | 'too-deep' | 'not-followed';

export interface SpfNode {
  domain: string;
  depth: number;
  status: SpfNodeStatus;
  /** The rcode of the TXT lookup. */
  rcode: DnsRcode | null;
  record: string | null;
  /** All v=spf1 records when there are several. */
  records: string[];
  /** The TXT lookup found nothing at all (NXDOMAIN, or no TXT records). */
  void: boolean;
  problems: SpfProblem[];
  terms: SpfTermNode[];
}

export interface SpfTermNode {
  term: string;
  /** Mechanism or modifier name. */
  name: string;
  qualifier?: SpfQualifier;
  /** Whether the term counts toward the 10-lookup limit. */
  countsLookup: boolean;
  /** Its place in the lookup count (1-based, evaluation order). */
  lookup?: number;
  /** Its place in the void-lookup count, when its lookup found nothing. */
  voidLookup?: number;
  /** The domain looked up (macros expanded); null when macros need the sender or IP. */
  target?: string | null;
  /** The rcode of the term's own lookup (the first one that failed, else the main one). */
  rcode?: DnsRcode;
  void?: boolean;
  /** Addresses found by a, mx (per host) and exists. */
  addresses?: string[];
  mxHosts?: string[];
  /** The record reached through include or redirect. */
  child?: SpfNode;
  /** Why the term was not looked up or not counted. */
  note?: string;
  /** redirect is ignored when the record has an all mechanism (RFC 7208 section 6.1). */
  ignored?: boolean;
}

export interface SpfTree {
  root: SpfNode;
  /** DNS-querying terms in the whole tree. */
  lookups: number;
  voidLookups: number;
  /** The term at which a receiver stops with permerror, if the tree needs more than the limit. */
  lookupLimitAt: SpfTermAt | null;
  voidLimitAt: SpfTermAt | null;
  /** Terms that resolved to nothing, in order (for the void-lookup finding). */
  voidTerms: SpfTermAt[];
  /** Set when the safety bound or depth bound stopped the walk somewhere. */
  truncated: string | null;
}

export interface SpfTermAt {
  domain: string;
  depth: number;
  term: string;
}

const LOOKUP_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

interface WalkState {
  resolver: DnsResolver;
  limits: CheckLimits;
  started: number;
  truncated: string | null;
}

function ordered(terms: SpfTerm[]): SpfTerm[] {
  // Mechanisms are evaluated left to right; redirect only after all of them (section 6.1).
  return [...terms.filter((t) => t.name !== 'redirect'), ...terms.filter((t) => t.name === 'redirect')];
}

async function walkTerm(state: WalkState, term: SpfTerm, node: SpfNode, hasAll: boolean, path: string[]): Promise<SpfTermNode> {
  const out: SpfTermNode = { term: term.text, name: term.name, countsLookup: LOOKUP_TERMS.has(term.name) };
  if (term.kind === 'mechanism') out.qualifier = term.qualifier;
  if (term.kind === 'modifier' && term.name !== 'redirect') {
    out.countsLookup = false;
    return out;
  }
  if (term.name === 'redirect' && hasAll) {
    out.ignored = true;
    out.countsLookup = false;
    out.note = 'ignored: the record has an all mechanism';
    return out;
  }
  if (!out.countsLookup) return out;
  if (term.name === 'ptr') {
    out.note = 'depends on the connecting IP';
    return out;
  }
  const spec = term.kind === 'modifier' ? term.value : (term.domainSpec ?? node.domain);
  const expanded = expandSpfMacros(spec, { domain: node.domain });
  if (!expanded.ok) {
    out.target = null;
    out.note = 'missing' in expanded ? `macros need ${expanded.missing.map((l) => `%{${l}}`).join(' ')}` : expanded.error;
    return out;
  }
  const target = expanded.value;
  out.target = target;
  state.started++;
  if (state.started > state.limits.spfTreeLookups) {
    state.truncated = `more than ${state.limits.spfTreeLookups} lookups`;
    out.note = 'not looked up: safety bound of the walk reached';
    return out;
  }
  const resolver = state.resolver;
  switch (term.name) {
    case 'include':
    case 'redirect': {
      out.child = await walkNode(state, target, node.depth + 1, [...path, node.domain]);
      out.rcode = out.child.rcode ?? undefined;
      out.void = out.child.void;
      return out;
    }
    case 'a': {
      const answers = await queryAddresses(resolver, target, [4, 6]);
      out.addresses = answers.flatMap((a) => a.records);
      const failure = answers.find((a) => isLookupFailure(a.rcode));
      out.rcode = failure?.rcode ?? answers[0]?.rcode;
      out.void = !failure && answers.every(isVoidAnswer);
      return out;
    }
    case 'exists': {
      const answer = await resolver.query(target, 'A');
      out.addresses = answer.records;
      out.rcode = answer.rcode;
      out.void = isVoidAnswer(answer);
      return out;
    }
    case 'mx': {
      const answer = await resolver.query(target, 'MX');
      out.rcode = answer.rcode;
      out.void = isVoidAnswer(answer);
      const hosts = answer.records.map((r) => r.exchange).filter(Boolean);
      out.mxHosts = hosts;
      if (hosts.length > state.limits.spfTermNames) {
        out.note = `${hosts.length} MX hosts: more than ${state.limits.spfTermNames}`;
        return out;
      }
      const perHost = await Promise.all(hosts.map((h) => queryAddresses(resolver, h, [4, 6])));
      out.addresses = perHost.flat().flatMap((a) => a.records);
      return out;
    }
    default:
      return out;
  }
}

async function walkNode(state: WalkState, domain: string, depth: number, path: string[]): Promise<SpfNode> {
  const node: SpfNode = { domain, depth, status: 'not-followed', rcode: null, record: null, records: [], void: false, problems: [], terms: [] };
  if (path.includes(domain)) {
    node.status = 'loop';
    return node;
  }
  if (depth > state.limits.spfDepth) {
    node.status = 'too-deep';
    state.truncated = `includes nested deeper than ${state.limits.spfDepth}`;
    return node;
  }
  const lookup = await querySpfRecord(state.resolver, domain);
  node.rcode = lookup.answer.rcode;
  node.records = lookup.records;
  node.record = lookup.record;
  node.status = lookup.status;
  node.void = lookup.void;
  if (lookup.status !== 'found' || lookup.record === null) return node;
  const parsed = parseSpf(lookup.record);
  node.problems = parsed.problems;
  if (parsed.problems.length > 0) {
    // Receivers evaluate nothing of an invalid record (permerror); show its terms unfollowed.
    node.status = 'invalid';
    node.terms = parsed.terms.map((t) => ({ term: t.text, name: t.name, countsLookup: false, note: 'not evaluated: the record is invalid' }));
    return node;
  }
  const hasAll = parsed.mechanisms.some((m) => m.name === 'all');
  node.terms = await Promise.all(ordered(parsed.terms).map((t) => walkTerm(state, t, node, hasAll, path)));
  return node;
}

/** Numbers the lookups and void lookups in evaluation order. */
function count(tree: SpfTree, node: SpfNode, limits: CheckLimits): void {
  for (const term of node.terms) {
    if (term.countsLookup) {
      term.lookup = ++tree.lookups;
      if (tree.lookups === limits.spfLookups + 1) tree.lookupLimitAt = { domain: node.domain, depth: node.depth, term: term.term };
    }
    if (term.void) {
      term.voidLookup = ++tree.voidLookups;
      tree.voidTerms.push({ domain: node.domain, depth: node.depth, term: term.term });
      if (tree.voidLookups === limits.spfVoidLookups + 1) tree.voidLimitAt = { domain: node.domain, depth: node.depth, term: term.term };
    }
    if (term.child) count(tree, term.child, limits);
  }
}

/** Walks the SPF tree of `domain`. Never throws. */
export async function getSpfTree(resolver: DnsResolver, domain: string, limits: CheckLimits): Promise<SpfTree> {
  const state: WalkState = { resolver, limits, started: 0, truncated: null };
  const root = await walkNode(state, domain, 0, []);
  const tree: SpfTree = { root, lookups: 0, voidLookups: 0, lookupLimitAt: null, voidLimitAt: null, voidTerms: [], truncated: null };
  count(tree, root, limits);
  tree.truncated = state.truncated;
  return tree;
}
