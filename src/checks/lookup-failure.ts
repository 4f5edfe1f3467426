/**
 * The one way a check reports a DNS question the resolver could not answer: finding
 * dns.lookup-failed, and status temperror for the part that needed it. Never "not found".
 * @module
 */
import { isLookupFailure, type DnsAnswer } from '../io/dns/resolver.js';
import { finding } from './kb/findings.js';
import type { CheckFinding } from './types.js';

/** The dns.lookup-failed finding for a failed answer. */
export function lookupFailed(answer: DnsAnswer): CheckFinding {
  return finding('dns.lookup-failed', { name: answer.name, type: answer.type, rcode: answer.rcode, ...(answer.error ? { error: answer.error } : {}) });
}

/** Whether the answer failed (SERVFAIL, REFUSED, timeout, error). */
export function failed(answer: DnsAnswer): boolean {
  return isLookupFailure(answer.rcode);
}
