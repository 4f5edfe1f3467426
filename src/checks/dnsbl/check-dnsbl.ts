/**
 * The blocklist check of an IP address (IP lists) or a domain (domain lists).
 * @module
 */
import { formatIp, type IpAddress } from '../../core/ip-address.js';
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import type { CheckResult } from '../types.js';
import type { DnsblList } from './dnsbl-lists.js';
import { evaluateDnsbl, type DnsblData } from './evaluate-dnsbl.js';
import { queryDnsbl } from './query-dnsbl.js';

/**
 * Checks `subject` against the lists of its kind among `lists`: IP lists for an address (check
 * `dnsbl`), domain lists for a domain (check `dnsbl-domain`, so both can run in one report).
 */
export function checkDnsbl(ctx: CheckContext, subject: IpAddress | string, lists: readonly DnsblList[]): Promise<CheckResult<DnsblData | null>> {
  const shown = typeof subject === 'string' ? subject : formatIp(subject);
  const ofKind = lists.filter((l) => l.type === (typeof subject === 'string' ? 'domain' : 'ip'));
  return runCheck(ctx, typeof subject === 'string' ? 'dnsbl-domain' : 'dnsbl', shown, async (c) => evaluateDnsbl(shown, await queryDnsbl(c.resolver, subject, ofKind)));
}
