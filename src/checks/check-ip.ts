/**
 * `check ip`: a sending address's reverse DNS (forward-confirmed, not generic) and its
 * blocklist status, in parallel.
 * @module
 */
import { formatIp, type IpAddress } from '../core/ip-address.js';
import { DEFAULT_CHECK_TIMEOUT_MS } from './check-limits.js';
import type { CheckContext } from './context.js';
import { checkDnsbl } from './dnsbl/check-dnsbl.js';
import { DNSBL_LISTS, type DnsblList } from './dnsbl/dnsbl-lists.js';
import { checkPtr } from './ptr/check-ptr.js';
import { buildReport, type CheckTask } from './run-checks.js';
import type { CheckReport } from './types.js';

export interface CheckIpOptions {
  /** The blocklists to ask (default: the default set of lists.json). */
  lists?: readonly DnsblList[];
  timeoutMs?: number;
}

export function ipTasks(ip: IpAddress, options: CheckIpOptions = {}): CheckTask[] {
  const lists = options.lists ?? DNSBL_LISTS.filter((l) => l.default);
  const target = formatIp(ip);
  return [
    { name: 'ptr', target, run: (ctx) => checkPtr(ctx, ip) },
    { name: 'dnsbl', target, run: (ctx) => checkDnsbl(ctx, ip, lists) },
  ];
}

/** Checks an IP address. Never throws. */
export function checkIp(ctx: CheckContext, ip: IpAddress, options: CheckIpOptions = {}): Promise<CheckReport> {
  return buildReport('ip', formatIp(ip), ipTasks(ip, options), ctx, { timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS });
}
