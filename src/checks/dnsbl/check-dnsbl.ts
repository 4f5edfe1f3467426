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

/** Checks `subject` against the lists of its kind among `lists` (IP lists for an address, domain lists for a domain). */
export function checkDnsbl(ctx: CheckContext, subject: IpAddress | string, lists: readonly DnsblList[]): Promise<CheckResult<DnsblData | null>> {
  const shown = typeof subject === 'string' ? subject : formatIp(subject);
  const ofKind = lists.filter((l) => l.type === (typeof subject === 'string' ? 'domain' : 'ip'));
  return runCheck(ctx, 'dnsbl', shown, async (c) => evaluateDnsbl(shown, await queryDnsbl(c.resolver, subject, ofKind)));
}
