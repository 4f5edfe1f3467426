/**
 * Is it the domain or the resolver? Judged only from the answers to the questions the checks
 * asked about the target, never by asking about other names: a site's own resolver may know
 * only its own zones, and asking elsewhere would leak and mislead.
 *
 * - failing: every answer is a failure (SERVFAIL, REFUSED, timeout, error). Nothing can be
 *   concluded about the domain; "no MX" must not be reported.
 * - partly-failing: some answers failed; the checks that depended on them are temperror.
 * - all-nxdomain: every answer (two or more) said "no such name". Either the domain is not
 *   registered, or the resolver cannot see the Internet (some sandboxes answer NXDOMAIN for
 *   everything); the report says both.
 * - healthy: otherwise.
 * @module
 */
import { isLookupFailure, type DnsAnswer, type DnsRcode, type DnsRecordType } from './resolver.js';

export type ResolverHealthState = 'healthy' | 'partly-failing' | 'failing' | 'all-nxdomain' | 'no-queries';

export interface ResolverHealth {
  state: ResolverHealthState;
  /** Questions judged (one per name and type). */
  total: number;
  byRcode: Partial<Record<DnsRcode, number>>;
  /** The failed questions (at most 20 listed). */
  failures: { name: string; type: DnsRecordType; rcode: DnsRcode }[];
}

const MAX_LISTED_FAILURES = 20;

export function judgeResolverHealth(answers: readonly DnsAnswer[]): ResolverHealth {
  const seen = new Set<string>();
  const unique = answers.filter((a) => {
    const key = `${a.name}|${a.type}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const byRcode: Partial<Record<DnsRcode, number>> = {};
  for (const a of unique) byRcode[a.rcode] = (byRcode[a.rcode] ?? 0) + 1;
  const failed = unique.filter((a) => isLookupFailure(a.rcode));
  const failures = failed.slice(0, MAX_LISTED_FAILURES).map((a) => ({ name: a.name, type: a.type, rcode: a.rcode }));
  let state: ResolverHealthState;
  if (unique.length === 0) state = 'no-queries';
  else if (failed.length === unique.length) state = 'failing';
  else if (failed.length > 0) state = 'partly-failing';
  else if (unique.length >= 2 && unique.every((a) => a.rcode === 'NXDOMAIN')) state = 'all-nxdomain';
  else state = 'healthy';
  return { state, total: unique.length, byRcode, failures };
}
