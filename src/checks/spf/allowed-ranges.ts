/**
 * The sending ranges an SPF tree allows (pure): every `+` ip4/ip6 network, and the addresses
 * of `+` a and mx terms with their CIDR prefixes, from the domain's own record and from the
 * records reached through `+include` and redirect, in evaluation order. Terms that depend on
 * the connecting IP or the sender (ptr, exists, macros) cannot be listed; they are named
 * instead. Whether a listed range really gets pass (an earlier `-` term may shadow it) is
 * settled by evaluating SPF for it (check-spf.ts).
 * @module
 */
import { formatIp, parseIp } from '../../core/ip-address.js';
import type { SpfNode } from './get-spf-tree.js';
import { parseSpf, type SpfMechanism } from './parse-spf.js';

export interface SpfAllowedRange {
  /** `192.0.2.0/24`, `2001:db8::/48`, `198.51.100.25/32`. */
  range: string;
  /** The address SPF is evaluated for: the network address of the range. */
  address: string;
  /** The record and term that allow it. */
  domain: string;
  depth: number;
  term: string;
}

export interface SpfAllowedRanges {
  ranges: SpfAllowedRange[];
  /** `+` terms whose addresses cannot be listed without the connecting IP or sender. */
  unlisted: { domain: string; term: string }[];
}

function rangeOf(address: string, mech: SpfMechanism): { range: string; address: string } | null {
  const ip = parseIp(address);
  if (!ip) return null;
  const prefix = ip.version === 4 ? (mech.cidr4 ?? 32) : (mech.cidr6 ?? 128);
  const text = formatIp(ip);
  return { range: `${text}/${prefix}`, address: text };
}

function walk(node: SpfNode, out: SpfAllowedRanges, seen: Set<string>): void {
  if (node.status !== 'found' || !node.record) return;
  const mechanisms = new Map(parseSpf(node.record).mechanisms.map((m) => [m.text, m]));
  for (const term of node.terms) {
    if (term.name === 'redirect' && !term.ignored && term.child) {
      walk(term.child, out, seen);
      continue;
    }
    if (term.qualifier !== '+') continue;
    const mech = mechanisms.get(term.term);
    if (!mech) continue;
    const at = { domain: node.domain, depth: node.depth, term: term.term };
    const add = (address: string): void => {
      const r = rangeOf(address, mech);
      if (!r || seen.has(r.range)) return;
      seen.add(r.range);
      out.ranges.push({ ...r, ...at });
    };
    switch (mech.name) {
      case 'ip4':
      case 'ip6':
        if (mech.network) add(mech.network);
        break;
      case 'a':
      case 'mx':
        if (term.target === null || term.note) out.unlisted.push({ domain: node.domain, term: term.term });
        for (const address of term.addresses ?? []) add(address);
        break;
      case 'include':
        if (term.child) walk(term.child, out, seen);
        break;
      case 'all':
        // +all allows every address (and is reported as spf.pass-all).
        for (const range of ['0.0.0.0/0', '::/0']) {
          if (seen.has(range)) continue;
          seen.add(range);
          out.ranges.push({ range, address: range.slice(0, range.indexOf('/')), ...at });
        }
        break;
      case 'ptr':
      case 'exists':
        out.unlisted.push({ domain: node.domain, term: term.term });
        break;
      default:
        break;
    }
  }
}

/** The ranges the tree allows, at most `max` of them. */
export function spfAllowedRanges(root: SpfNode, max: number): SpfAllowedRanges {
  const out: SpfAllowedRanges = { ranges: [], unlisted: [] };
  walk(root, out, new Set());
  out.ranges = out.ranges.slice(0, max);
  return out;
}
