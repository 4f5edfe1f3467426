/**
 * The route of a message from its Received headers: hops in transit order (origin first; the
 * headers are prepended, so the bottom one is the first hop), the delay of each hop in seconds
 * since the previous dated hop, the total, and the route findings (slow hops, clock skew,
 * missing or unparseable dates, PTR and TLS on hops that cross between organisations).
 * Missing or odd dates are flagged, never fatal.
 * @module
 */
import type { Finding } from '../core/finding.js';
import { registrableDomain } from '../core/domain-name.js';
import { ipScopeOf, isInternetScope } from '../core/ip-address.js';
import { MAX_RECEIVED_HOPS } from '../core/limits.js';
import type { HeaderField } from '../mime/header-lines.js';
import { headerFinding } from './findings.js';
import operatorData from './kb/operator-domains.json' with { type: 'json' };
import { parseReceived } from './parse-received.js';
import type { HeaderFinding, Hop, RouteReport } from './types.js';

/** A hop slower than this is reported (`route.slow-hop`). */
export const SLOW_HOP_SECONDS = 3600;
/** A hop dated earlier than its predecessor by more than this is clock skew, not rounding. */
export const CLOCK_SKEW_TOLERANCE_SECONDS = 60;

const OLD_TLS = /^(?:SSL \S+|TLS 1(?:\.[01])?)$/;

export interface ReceivedChain {
  route: RouteReport;
  findings: HeaderFinding[];
  notes: Finding[];
}

const OPERATOR_OF = new Map<string, string>(operatorData.groups.flatMap((g) => g.domains.map((d): [string, string] => [d, g.operator])));

/** Two organisational domains of the same organisation, or of one operator's servers. */
function sameOrganisation(a: string, b: string): boolean {
  return a === b || (OPERATOR_OF.has(a) && OPERATOR_OF.get(a) === OPERATOR_OF.get(b));
}

/** Whether a hop crosses between organisations: a public client address and different domains. */
function isExternal(hop: Hop): boolean {
  if (!isInternetScope(hop.fromIpScope)) return false;
  const fromOrg = registrableDomain(hop.reverseName) ?? registrableDomain(hop.helo);
  const byOrg = registrableDomain(hop.by);
  return !fromOrg || !byOrg || !sameOrganisation(fromOrg, byOrg);
}

function hopLabel(hop: Hop): string {
  return hop.helo ?? hop.reverseName ?? hop.fromIp ?? hop.from ?? '(unknown)';
}

function ptrFinding(hop: Hop): HeaderFinding | null {
  if (hop.reverseDns === 'missing') return headerFinding('route.ptr-missing', { hop: hop.hop, ip: hop.fromIp, by: hop.by ?? '(unknown)', source: 'Received' });
  if (hop.mayBeForged) {
    return headerFinding('route.ptr-mismatch', { hop: hop.hop, ip: hop.fromIp, reverseName: hop.reverseName ?? '(none)', helo: hop.helo ?? '(none)', detail: 'the receiving server marked the reverse name "may be forged" (it does not resolve back to the address)' });
  }
  const reverseOrg = registrableDomain(hop.reverseName);
  const heloOrg = registrableDomain(hop.helo);
  if (reverseOrg && heloOrg && !sameOrganisation(reverseOrg, heloOrg)) {
    return headerFinding('route.ptr-mismatch', { hop: hop.hop, ip: hop.fromIp, reverseName: hop.reverseName, helo: hop.helo, detail: 'the reverse name and the HELO name belong to different domains' });
  }
  return null;
}

function routeFindings(hops: readonly Hop[]): HeaderFinding[] {
  const findings: HeaderFinding[] = [];
  const missing = hops.filter((h) => h.dateProblem === 'missing');
  if (missing.length > 0) findings.push(headerFinding('route.date-missing', { hops: missing.map((h) => h.hop) }));
  const unparseable = hops.filter((h) => h.dateProblem === 'unparseable');
  if (unparseable.length > 0) {
    findings.push(headerFinding('route.date-unparseable', { hops: unparseable.map((h) => h.hop), dates: unparseable.map((h) => h.dateText) }));
  }
  const odd = hops.filter((h) => h.date && h.date.oddities.length > 0);
  if (odd.length > 0) {
    const oddities = [...new Set(odd.flatMap((h) => h.date?.oddities ?? []))];
    findings.push(headerFinding('route.date-nonstandard', { hops: odd.map((h) => h.hop), oddities }));
  }
  for (const hop of hops) {
    if (hop.delaySeconds === null) continue;
    if (hop.delaySeconds > SLOW_HOP_SECONDS) {
      findings.push(headerFinding('route.slow-hop', { hop: hop.hop, by: hop.by ?? '(unknown)', from: hopLabel(hop), delaySeconds: hop.delaySeconds, delay: formatDuration(hop.delaySeconds) }));
    } else if (hop.delaySeconds < -CLOCK_SKEW_TOLERANCE_SECONDS) {
      findings.push(headerFinding('route.clock-skew', { hop: hop.hop, by: hop.by ?? '(unknown)', delaySeconds: hop.delaySeconds, delay: formatDuration(-hop.delaySeconds) }));
    }
  }
  for (const hop of hops) {
    if (!hop.external) continue;
    // Authenticated submission (RFC 6409) comes from any client address; its PTR does not matter.
    const ptr = hop.authenticated ? null : ptrFinding(hop);
    if (ptr) findings.push(ptr);
    if (hop.encrypted === false) {
      findings.push(headerFinding('route.tls-missing', { hop: hop.hop, from: hopLabel(hop), by: hop.by ?? '(unknown)', protocol: hop.protocol ?? '(none)' }));
    } else if (hop.tls?.version && OLD_TLS.test(hop.tls.version)) {
      findings.push(headerFinding('route.tls-outdated', { hop: hop.hop, from: hopLabel(hop), by: hop.by ?? '(unknown)', version: hop.tls.version }));
    }
  }
  return findings;
}

/** "1h 02m 05s", "45s", "-3s": for messages and text. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.round(Math.abs(seconds));
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (days > 0) return `${sign}${days}d ${pad(hours)}h ${pad(minutes)}m`;
  if (hours > 0) return `${sign}${hours}h ${pad(minutes)}m ${pad(secs)}s`;
  if (minutes > 0) return `${sign}${minutes}m ${pad(secs)}s`;
  return `${sign}${secs}s`;
}

/** Builds the route from a header block (fields in header order, topmost first). */
export function buildReceivedChain(fields: readonly HeaderField[]): ReceivedChain {
  const notes: Finding[] = [];
  const received: { value: string; headerIndex: number }[] = [];
  fields.forEach((field, headerIndex) => {
    if (field.name === 'received') received.push({ value: field.value, headerIndex });
  });
  let kept = received;
  if (received.length > MAX_RECEIVED_HOPS) {
    // The hops nearest the reader are kept: they are the receiving side's own, trusted ones.
    kept = received.slice(0, MAX_RECEIVED_HOPS);
    notes.push(headerFinding('headers.too-many-hops', { count: received.length, limit: MAX_RECEIVED_HOPS }));
  }
  const hops: Hop[] = [...kept].reverse().map((r, i) => {
    const parsed = parseReceived(r.value);
    const hop: Hop = { ...parsed, hop: i + 1, headerIndex: r.headerIndex, fromIpScope: parsed.fromIp ? ipScopeOf(parsed.fromIp) : null, external: false, delaySeconds: null };
    hop.external = isExternal(hop);
    return hop;
  });
  let previous: number | null = null;
  let first: number | null = null;
  let last: number | null = null;
  for (const hop of hops) {
    const t = hop.date?.epochMs ?? null;
    if (t === null) continue;
    if (previous !== null) hop.delaySeconds = (t - previous) / 1000;
    previous = t;
    first ??= t;
    last = t;
  }
  const dated = hops.filter((h) => h.date).length;
  const totalSeconds = dated >= 2 && first !== null && last !== null ? (last - first) / 1000 : null;
  // The receiving organisation's edge: the latest hop that crossed in from another organisation.
  let boundaryHop: number | null = null;
  for (const hop of hops) if (hop.external) boundaryHop = hop.hop;
  const findings = routeFindings(hops);
  if (hops.length === 0) findings.push(headerFinding('route.no-received', {}));
  const unread = hops.filter((h) => !h.from && !h.by);
  if (unread.length > 0) findings.push(headerFinding('route.received-unparsed', { hops: unread.map((h) => h.hop) }));
  return { route: { hops, totalSeconds, boundaryHop }, findings, notes };
}
