/**
 * What an MX check says about a domain as a destination, in one word: it does not exist
 * (NXDOMAIN), it refuses all mail (null MX, RFC 7505), it has no mail server (no MX and no
 * address for the implicit MX, RFC 5321 section 5.1), it receives mail, or unknown (the check
 * did not run or its lookups failed; never read as "no MX").
 * @module
 */
import type { MxData } from '../checks/mx/evaluate-mx.js';
import type { CheckEntry } from './check-entries.js';

export type MxState = 'nxdomain' | 'null-mx' | 'no-mail-server' | 'receives-mail' | 'unknown';

export function mxState(entry: CheckEntry | undefined): MxState {
  if (!entry || entry.status === 'temperror') return 'unknown';
  const data = entry.data as MxData | null;
  if (!data) return 'unknown';
  if (data.rcode === 'NXDOMAIN') return 'nxdomain';
  if (data.nullMx && data.hosts.length === 0) return 'null-mx';
  const fallback = data.fallback ? data.fallback.A.length + data.fallback.AAAA.length > 0 : false;
  if (data.hosts.some((h) => h.resolvable || h.ipLiteral) || fallback) return 'receives-mail';
  return 'no-mail-server';
}

/** The state in words, for sentences ("gmial.com {state}"). */
export const MX_STATE_TEXT: Record<MxState, string> = {
  'nxdomain': 'that domain does not exist (NXDOMAIN)',
  'null-mx': 'that domain accepts no mail (null MX)',
  'no-mail-server': 'that domain has no mail server',
  'receives-mail': 'that domain exists and receives mail, so messages to it may reach someone else',
  'unknown': 'whether that domain receives mail was not checked',
};
