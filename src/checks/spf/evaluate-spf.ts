/**
 * SPF evaluation for one connecting IP: check_host() of RFC 7208 section 4, with a trace of
 * every step (which term matched, at which include depth, or why the result is permerror or
 * temperror).
 *
 * Unlike the other evaluate* functions this one asks DNS (through the injected resolver):
 * which names check_host looks up depends on the IP, the sender and on what earlier lookups
 * returned, so they cannot be fetched beforehand. It is still free of other I/O.
 * @module
 */
import { ipInCidr, parseIp, reverseDnsName, unmapIpv4, type IpAddress } from '../../core/ip-address.js';
import { isLookupFailure, isVoidAnswer, type DnsResolver } from '../../io/dns/resolver.js';
import type { CheckLimits } from '../check-limits.js';
import type { FindingCode } from '../types.js';
import { expandSpfMacros, type SpfMacroValues } from './expand-spf-macro.js';
import { parseSpf, type SpfMechanism, type SpfModifier, type SpfQualifier } from './parse-spf.js';
import { querySpfRecord } from './query-spf.js';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfTraceStep {
  depth: number;
  domain: string;
  /** The term, or "record" for the record lookup. */
  term: string;
  outcome: 'record' | 'match' | 'no-match' | 'error';
  detail: string;
  /** Lookups and void lookups counted so far. */
  lookups: number;
  voidLookups: number;
}

export interface SpfTermAt {
  domain: string;
  depth: number;
  term: string;
}

export interface SpfEvaluationOptions {
  ip: string;
  /** The domain whose SPF is checked (MAIL FROM domain, or HELO). */
  domain: string;
  /** MAIL FROM address; postmaster@domain when absent. */
  sender?: string;
  helo?: string;
}

export interface SpfEvaluation {
  ip: string;
  domain: string;
  sender: string;
  result: SpfResult;
  /** Plain words: why this result. */
  reason: string;
  /** The innermost term that matched (inside includes), when one matched. */
  matched: SpfTermAt | null;
  /** The matching terms from the domain's own record down to `matched` (include by include). */
  matchPath: SpfTermAt[];
  lookups: number;
  voidLookups: number;
  trace: SpfTraceStep[];
  /** The finding that explains a permerror or temperror, with its data. */
  problem: { code: FindingCode; vars: Record<string, unknown> } | null;
}

const QUALIFIER_RESULT: Record<SpfQualifier, SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

/** Ends the evaluation early with permerror or temperror. */
class SpfStop {
  constructor(
    readonly result: 'permerror' | 'temperror',
    readonly reason: string,
    readonly problem: { code: FindingCode; vars: Record<string, unknown> } | null = null,
  ) {}
}

interface Outcome {
  result: SpfResult;
  reason: string;
  matchPath: SpfTermAt[];
}

class Evaluator {
  lookups = 0;
  voidLookups = 0;
  readonly trace: SpfTraceStep[] = [];

  constructor(
    private readonly resolver: DnsResolver,
    private readonly limits: CheckLimits,
    private readonly ip: IpAddress,
    private readonly sender: string,
    private readonly helo: string | undefined,
  ) {}

  private step(depth: number, domain: string, term: string, outcome: SpfTraceStep['outcome'], detail: string): void {
    this.trace.push({ depth, domain, term, outcome, detail, lookups: this.lookups, voidLookups: this.voidLookups });
  }

  private countLookup(domain: string, depth: number, term: string): void {
    this.lookups++;
    if (this.lookups > this.limits.spfLookups) {
      throw new SpfStop('permerror', `more than ${this.limits.spfLookups} DNS lookups (at ${term} in ${domain})`, {
        code: 'spf.too-many-lookups',
        vars: { domain: this.rootDomain, count: this.lookups, limit: this.limits.spfLookups, next: this.lookups, term, at: domain },
      });
    }
  }

  private countVoid(domain: string, term: string): void {
    this.voidLookups++;
    if (this.voidLookups > this.limits.spfVoidLookups) {
      throw new SpfStop('permerror', `more than ${this.limits.spfVoidLookups} void lookups (at ${term} in ${domain})`, {
        code: 'spf.too-many-void-lookups',
        vars: { domain: this.rootDomain, count: this.voidLookups, limit: this.limits.spfVoidLookups, names: term },
      });
    }
  }

  rootDomain = '';

  private target(spec: string | undefined, domain: string): string {
    const values: SpfMacroValues = { domain, sender: this.sender, ip: this.ip, helo: this.helo ?? 'unknown' };
    const expanded = expandSpfMacros(spec ?? domain, values);
    if (!expanded.ok) throw new SpfStop('permerror', `cannot expand ${spec}: ${'error' in expanded ? expanded.error : expanded.missing.join(',')}`);
    return expanded.value;
  }

  private async addressesOf(name: string): Promise<{ addresses: IpAddress[]; void: boolean }> {
    const answer = await this.resolver.query(name, this.ip.version === 4 ? 'A' : 'AAAA');
    if (isLookupFailure(answer.rcode)) throw new SpfStop('temperror', `${answer.name} ${answer.type}: ${answer.rcode}`, { code: 'dns.lookup-failed', vars: { name: answer.name, type: answer.type, rcode: answer.rcode } });
    return { addresses: answer.records.map((r) => parseIp(r)).filter((a): a is IpAddress => a !== null), void: isVoidAnswer(answer) };
  }

  private inCidr(address: IpAddress, mech: SpfMechanism): boolean {
    const prefix = address.version === 4 ? (mech.cidr4 ?? 32) : (mech.cidr6 ?? 128);
    return ipInCidr(this.ip, address, prefix);
  }

  private async matches(mech: SpfMechanism, domain: string, depth: number): Promise<{ match: boolean; detail: string; inner?: SpfTermAt[] }> {
    switch (mech.name) {
      case 'all':
        return { match: true, detail: 'all matches every address' };
      case 'ip4':
      case 'ip6': {
        const network = parseIp(mech.network ?? '');
        const ok = network !== null && this.inCidr(network, mech);
        return { match: ok, detail: ok ? `${this.ip.full} is in ${mech.network}` : `not in ${mech.network}` };
      }
      case 'a': {
        this.countLookup(domain, depth, mech.text);
        const name = this.target(mech.domainSpec, domain);
        const { addresses, void: isVoid } = await this.addressesOf(name);
        if (isVoid) this.countVoid(domain, mech.text);
        const hit = addresses.find((a) => this.inCidr(a, mech));
        return { match: Boolean(hit), detail: hit ? `${name} has ${hit.full}` : `${name}: ${addresses.map((a) => a.full).join(', ') || 'no addresses'}` };
      }
      case 'mx': {
        this.countLookup(domain, depth, mech.text);
        const name = this.target(mech.domainSpec, domain);
        const answer = await this.resolver.query(name, 'MX');
        if (isLookupFailure(answer.rcode)) throw new SpfStop('temperror', `${name} MX: ${answer.rcode}`, { code: 'dns.lookup-failed', vars: { name, type: 'MX', rcode: answer.rcode } });
        if (isVoidAnswer(answer)) this.countVoid(domain, mech.text);
        const hosts = answer.records.map((r) => r.exchange).filter(Boolean);
        if (hosts.length > this.limits.spfTermNames) {
          throw new SpfStop('permerror', `${name} has ${hosts.length} MX hosts`, { code: 'spf.mx-too-many-records', vars: { at: domain, count: hosts.length, limit: this.limits.spfTermNames } });
        }
        for (const host of hosts) {
          const { addresses } = await this.addressesOf(host);
          const hit = addresses.find((a) => this.inCidr(a, mech));
          if (hit) return { match: true, detail: `MX host ${host} has ${hit.full}` };
        }
        return { match: false, detail: `MX hosts of ${name}: ${hosts.join(', ') || 'none'}` };
      }
      case 'ptr': {
        this.countLookup(domain, depth, mech.text);
        const name = this.target(mech.domainSpec, domain);
        const answer = await this.resolver.query(reverseDnsName(this.ip), 'PTR');
        // A failed PTR lookup makes the mechanism not match (RFC 7208 section 5.5).
        if (isLookupFailure(answer.rcode)) return { match: false, detail: `PTR lookup ${answer.rcode}` };
        if (isVoidAnswer(answer)) this.countVoid(domain, mech.text);
        for (const ptrName of answer.records.slice(0, this.limits.spfTermNames)) {
          const forward = await this.resolver.query(ptrName, this.ip.version === 4 ? 'A' : 'AAAA');
          const validated = forward.records.some((r) => parseIp(r)?.full === this.ip.full);
          if (validated && (ptrName === name || ptrName.endsWith(`.${name}`))) return { match: true, detail: `${ptrName} is validated and within ${name}` };
        }
        return { match: false, detail: `no validated PTR name within ${name}` };
      }
      case 'exists': {
        this.countLookup(domain, depth, mech.text);
        const name = this.target(mech.domainSpec, domain);
        const answer = await this.resolver.query(name, 'A');
        if (isLookupFailure(answer.rcode)) throw new SpfStop('temperror', `${name} A: ${answer.rcode}`, { code: 'dns.lookup-failed', vars: { name, type: 'A', rcode: answer.rcode } });
        if (isVoidAnswer(answer)) this.countVoid(domain, mech.text);
        return { match: answer.records.length > 0, detail: answer.records.length > 0 ? `${name} exists` : `${name} does not exist` };
      }
      case 'include': {
        this.countLookup(domain, depth, mech.text);
        const name = this.target(mech.domainSpec, domain);
        const inner = await this.checkHost(name, depth + 1, mech.text);
        if (inner.result === 'pass') return { match: true, detail: `${name} gives pass`, inner: inner.matchPath };
        if (inner.result === 'temperror') throw new SpfStop('temperror', `include:${name} gives temperror (${inner.reason})`);
        if (inner.result === 'none') {
          throw new SpfStop('permerror', `include:${name}: no SPF record`, { code: 'spf.include-no-record', vars: { target: name, at: domain, rcode: inner.reason } });
        }
        if (inner.result === 'permerror') throw new SpfStop('permerror', `include:${name} gives permerror (${inner.reason})`);
        return { match: false, detail: `${name} gives ${inner.result}` };
      }
    }
  }

  async checkHost(domain: string, depth: number, via: string | null): Promise<Outcome> {
    const lookup = await querySpfRecord(this.resolver, domain);
    if (via !== null && lookup.void) this.countVoid(domain, via);
    if (lookup.status === 'temperror') {
      this.step(depth, domain, 'record', 'error', `TXT ${lookup.answer.rcode}`);
      return { result: 'temperror', reason: `TXT lookup of ${domain}: ${lookup.answer.rcode}`, matchPath: [] };
    }
    if (lookup.status === 'none') {
      this.step(depth, domain, 'record', 'error', `no SPF record (${lookup.answer.rcode})`);
      return { result: 'none', reason: lookup.answer.rcode, matchPath: [] };
    }
    if (lookup.status === 'multiple' || lookup.record === null) {
      this.step(depth, domain, 'record', 'error', `${lookup.records.length} SPF records`);
      throw new SpfStop('permerror', `${domain} has ${lookup.records.length} SPF records`, { code: 'spf.multiple-records', vars: { domain, count: lookup.records.length } });
    }
    this.step(depth, domain, 'record', 'record', lookup.record);
    const parsed = parseSpf(lookup.record);
    const problem = parsed.problems[0];
    if (problem) {
      throw new SpfStop('permerror', `${domain}: ${problem.term}: ${problem.reason}`, { code: problem.code, vars: { domain, term: problem.term, reason: problem.reason } });
    }
    for (const mech of parsed.mechanisms) {
      const { match, detail, inner } = await this.matches(mech, domain, depth);
      this.step(depth, domain, mech.text, match ? 'match' : 'no-match', detail);
      if (match) return { result: QUALIFIER_RESULT[mech.qualifier], reason: `${mech.text} matched`, matchPath: [{ domain, depth, term: mech.text }, ...(inner ?? [])] };
    }
    const redirect: SpfModifier | null = parsed.mechanisms.some((m) => m.name === 'all') ? null : parsed.redirect;
    if (redirect) {
      this.countLookup(domain, depth, redirect.text);
      const name = this.target(redirect.value, domain);
      const inner = await this.checkHost(name, depth + 1, redirect.text);
      if (inner.result === 'none') {
        throw new SpfStop('permerror', `redirect=${name}: no SPF record`, { code: 'spf.redirect-no-record', vars: { target: name, at: domain, rcode: inner.reason } });
      }
      return inner;
    }
    this.step(depth, domain, '(end)', 'no-match', 'no mechanism matched: neutral');
    return { result: 'neutral', reason: 'no mechanism matched', matchPath: [] };
  }
}

/** Evaluates SPF for one IP. Never throws: an unusable IP gives permerror. */
export async function evaluateSpf(resolver: DnsResolver, options: SpfEvaluationOptions, limits: CheckLimits): Promise<SpfEvaluation> {
  const parsedIp = parseIp(options.ip);
  const sender = options.sender && options.sender.includes('@') ? options.sender : `postmaster@${options.domain}`;
  const base = { ip: options.ip, domain: options.domain, sender };
  if (!parsedIp) {
    return { ...base, result: 'permerror', reason: `${options.ip} is not an IP address`, matched: null, matchPath: [], lookups: 0, voidLookups: 0, trace: [], problem: null };
  }
  const evaluator = new Evaluator(resolver, limits, unmapIpv4(parsedIp), sender, options.helo);
  evaluator.rootDomain = options.domain;
  try {
    const { matchPath, ...outcome } = await evaluator.checkHost(options.domain, 0, null);
    return { ...base, ...outcome, matched: matchPath[matchPath.length - 1] ?? null, matchPath, lookups: evaluator.lookups, voidLookups: evaluator.voidLookups, trace: evaluator.trace, problem: null };
  } catch (error) {
    if (!(error instanceof SpfStop)) throw error;
    evaluator.trace.push({ depth: -1, domain: options.domain, term: '(stop)', outcome: 'error', detail: error.reason, lookups: evaluator.lookups, voidLookups: evaluator.voidLookups });
    return { ...base, result: error.result, reason: error.reason, matched: null, matchPath: [], lookups: evaluator.lookups, voidLookups: evaluator.voidLookups, trace: evaluator.trace, problem: error.problem };
  }
}
