/**
 * The reverse-DNS check of a sending address: PTR present, forward-confirmed, not generic.
 * @module
 */
import type { IpAddress } from '../../core/ip-address.js';
import { formatIp } from '../../core/ip-address.js';
import type { CheckContext } from '../context.js';
import { runCheck } from '../context.js';
import type { CheckResult } from '../types.js';
import { evaluatePtr, type PtrData } from './evaluate-ptr.js';
import { queryPtr } from './query-ptr.js';

export function checkPtr(ctx: CheckContext, ip: IpAddress): Promise<CheckResult<PtrData | null>> {
  return runCheck(ctx, 'ptr', formatIp(ip), async (c) => evaluatePtr(ip, await queryPtr(c.resolver, ip, c.limits.ptrNames)));
}
