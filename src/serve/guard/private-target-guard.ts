/**
 * The private-target guard of the HTTP API: the live checks must not become a way to probe
 * the server's own network (server-side request forgery, OWASP API7:2023). It works at the
 * two places where a check leaves the DNS:
 *
 * - the targets a request names (an IP to check, a path's sending IP, a domain): an address
 *   that is not globally reachable, or a name under a local-network suffix, is refused before
 *   anything is asked (`refusedTarget`);
 * - the connections a check makes (SMTP to the MX hosts, HTTPS to the MTA-STS host): the SMTP
 *   prober and the HTTPS fetcher of the run's CheckContext are wrapped, so the address each
 *   connection would go to, as the run's resolver gave it, is judged right before
 *   connecting. A public name whose DNS answer points inside is refused too, and nothing is
 *   resolved twice, so a second DNS answer cannot slip another address in (DNS rebinding).
 *
 * A refused connection is a value, like any unreachable host: the check reports the host as
 * unreachable, and `addGuardFindings` adds the coded finding `target.private-address` to the
 * check that wanted the connection. Addresses are judged by `isGloballyReachable`
 * (src/core/ip-address.ts, the IANA special-purpose registries). `allowPrivate` (serve
 * --allow-private-targets) switches the guard off, for tests and for servers meant to check
 * an internal network.
 * @module
 */
import { isGloballyReachable, ipScope, parseIp, type IpScope } from '../../core/ip-address.js';
import { normalizeDomain } from '../../core/domain-name.js';
import type { HttpsFetcher } from '../../io/http/fetch-text.js';
import type { SmtpProber, SmtpProbeResult } from '../../io/smtp/smtp-probe.js';
import knowledge from './guard-knowledge.json' with { type: 'json' };

/** Why an address is refused: its scope, or that it is no IP address at all (fail closed). */
export type RefusedScope = Exclude<IpScope, 'public'> | 'non-IP';

export interface TargetRefusal {
  /** The host name the check wanted to reach (the MX host, the MTA-STS policy host). */
  host: string;
  address: string;
  scope: RefusedScope;
  /** The check that wanted the connection. */
  check: 'smtp' | 'mtasts';
}

export interface TargetGuard {
  readonly allowPrivate: boolean;
  /** Connections refused so far in this run. */
  readonly refusals: TargetRefusal[];
  wrapFetcher(fetch: HttpsFetcher): HttpsFetcher;
  wrapProber(prober: SmtpProber): SmtpProber;
}

/**
 * Why an address may not be connected to: its scope, or null when it is globally reachable.
 * Text that is not an IP address is refused as well: a connector given a name would resolve
 * it itself, past the run's resolver and this guard.
 */
export function refusedAddressScope(address: string): RefusedScope | null {
  const ip = parseIp(address.replace(/%[^%]*$/, ''));
  if (!ip) return 'non-IP';
  const scope = ipScope(ip);
  return isGloballyReachable(ip) || scope === 'public' ? null : scope;
}

const INTERNAL_SUFFIXES: readonly string[] = knowledge.internalNameSuffixes.map((s) => s.suffix);

/** The local-network suffix a domain name sits under (RFC 6761, RFC 6762, RFC 8375), or null. */
export function internalNameSuffix(name: string): string | null {
  const domain = normalizeDomain(name);
  return INTERNAL_SUFFIXES.find((suffix) => domain === suffix || domain.endsWith(`.${suffix}`)) ?? null;
}

/**
 * Why a target named in a request is refused, in plain words, or null when it may be checked:
 * an IP address that is not globally reachable, or a domain under a local-network suffix.
 */
export function refusedTarget(target: { ip?: string; domain?: string }): string | null {
  if (target.ip !== undefined) {
    const scope = refusedAddressScope(target.ip);
    if (scope) return `${target.ip} is a ${scope} address; this server does not check internal addresses`;
  }
  if (target.domain !== undefined) {
    const suffix = internalNameSuffix(target.domain);
    if (suffix) return `${target.domain} is under .${suffix}, a name of local networks; this server does not check internal names`;
  }
  return null;
}

function refusedProbe(host: string, address: string, port: number, scope: RefusedScope, at: string): SmtpProbeResult {
  const error = `not connected: ${address} is a ${scope} address (private-target guard)`;
  return {
    host, address, port, startedAt: at, outcome: 'unreachable', stage: 'connect', error,
    banner: null, ehlo: null, extensions: {}, tls: null, ehloAfterTls: null, rcpt: null, timings: {},
    transcript: [{ at, ms: 0, dir: 'event', text: error }],
  };
}

/** A guard for one run; `now` stamps refused probes. */
export function createTargetGuard(allowPrivate: boolean, now: () => Date = () => new Date()): TargetGuard {
  const refusals: TargetRefusal[] = [];
  return {
    allowPrivate,
    refusals,
    wrapFetcher(fetch) {
      if (allowPrivate) return fetch;
      return async (request) => {
        const scope = refusedAddressScope(request.address);
        if (!scope) return fetch(request);
        let host = request.address;
        try {
          host = new URL(request.url).hostname;
        } catch {
          // The fetcher would refuse a bad URL anyway; the address names the target.
        }
        refusals.push({ host, address: request.address, scope, check: 'mtasts' });
        return { ok: false, url: request.url, address: request.address, code: 'error', error: `not connected: ${request.address} is a ${scope} address (private-target guard)`, certificate: null, ms: 0 };
      };
    },
    wrapProber(prober) {
      if (allowPrivate) return prober;
      return {
        probe: async (request) => {
          const scope = refusedAddressScope(request.address);
          if (!scope) return prober.probe(request);
          refusals.push({ host: request.host, address: request.address, scope, check: 'smtp' });
          return refusedProbe(request.host, request.address, request.port, scope, now().toISOString());
        },
      };
    },
  };
}

interface FindingJson {
  code: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
  fix: string;
  ref: string;
}

interface ReportWithChecks {
  checks: { check: string; findings: FindingJson[] }[];
}

function fill(template: string, refusal: TargetRefusal): string {
  return template.replace(/\{(host|address|scope)\}/g, (_whole, name: 'host' | 'address' | 'scope') => refusal[name]);
}

/** Adds `target.private-address` to the check that wanted each refused connection (once per address). */
export function addGuardFindings<R extends ReportWithChecks>(report: R, refusals: readonly TargetRefusal[]): R {
  const entry = knowledge.findings['target.private-address'];
  const seen = new Set<string>();
  for (const refusal of refusals) {
    const key = `${refusal.check} ${refusal.host} ${refusal.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const check = report.checks.find((c) => c.check === refusal.check);
    check?.findings.push({ code: 'target.private-address', severity: entry.severity as FindingJson['severity'], message: fill(entry.message, refusal), fix: fill(entry.fix, refusal), ref: entry.ref });
  }
  return report;
}
