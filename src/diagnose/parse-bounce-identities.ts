/**
 * Who sent the failed message, as far as the bounce tells: the sending IP, the envelope sender
 * (Return-Path, or the Received-SPF envelope-from, of the returned original), the From address,
 * and the DKIM-Signature d=/s= pairs. Pure; never throws.
 *
 * The sending IP is the address that connected to the refusing server, and only two sources
 * name it for sure: the receiver's own reply ("Client host [203.0.113.5] blocked", "550 5.7.606
 * ... [203.0.113.5]"), or a Received header the receiving side added to the returned original
 * (when it accepted the message and bounced it later). Otherwise the topmost Received `from`
 * address is used, marked as such: when the sender's own server wrote the bounce, it is the hop
 * before that server (RFC 5321 section 4.4: a server records the client it received from, not
 * itself), so results for it only point at the cause.
 * @module
 */
import { firstAddress } from '../core/email-address.js';
import { normalizeDomain, organizationalDomain } from '../core/domain-name.js';
import { formatIp, ipScope, isInternetScope, parseIp } from '../core/ip-address.js';
import type { BounceFact, BounceReport } from '../ndr/types.js';

/** How surely the IP is the one the refusing server saw (see the module comment). */
export type IpCertainty = 'reply' | 'receiver-header' | 'top-header';

export interface BounceIdentities {
  sendingIp: string | null;
  /** Where the IP came from, in words. */
  ipSource: string | null;
  ipCertainty: IpCertainty | null;
  /** The envelope sender (RFC 5321 MAIL FROM). */
  mailFrom: string | null;
  mailFromSource: string | null;
  /** The From address of the returned original. */
  from: string | null;
  dkim: { domain: string; selector: string }[];
}

const IPV4_IN_TEXT = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])/g;
const IPV6_BRACKETED = /\[(?:IPv6:)?([0-9a-fA-F:]{3,39})\]/g;

/** An address that stands for a host on the internet (documentation ranges included, as in the sending IP of the bounce analysis). */
function usable(ip: string): string | null {
  const parsed = parseIp(ip);
  return parsed && isInternetScope(ipScope(parsed)) ? formatIp(parsed) : null;
}

/**
 * The client IP the receiver names in its reply. The reply of a relay that quotes the remote
 * server ("host mx.example.org[192.0.2.35] said: ...") names the server, not the client, so
 * the part before "said:" and the remote MTA's own addresses are left out.
 */
export function ipInReply(fact: BounceFact): string | null {
  const text = (fact.diagnosticCode ?? '').slice(0, 2000).replace(/^[\s\S]*?\bsaid:/i, '');
  const remote = new Set([...(fact.remoteMta ?? '').matchAll(IPV4_IN_TEXT)].map((m) => m[0]));
  for (const m of text.matchAll(IPV4_IN_TEXT)) {
    if (remote.has(m[0])) continue;
    const ip = usable(m[0]);
    if (ip) return ip;
  }
  for (const m of text.matchAll(IPV6_BRACKETED)) {
    const ip = m[1] && m[1].includes(':') ? usable(m[1]) : null;
    if (ip) return ip;
  }
  return null;
}

function bareAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  const address = firstAddress(value);
  return address ? `${address.slice(0, address.lastIndexOf('@'))}@${normalizeDomain(address.slice(address.lastIndexOf('@') + 1))}` : null;
}

/** The client IP of the Received header the refusing side added, when the returned original has one. */
function receiverHeaderIp(report: BounceReport, fact: BounceFact | null): { ip: string; by: string } | null {
  const receiver = fact?.remoteMta ?? null;
  if (!receiver) return null;
  const org = organizationalDomain(normalizeDomain(receiver.replace(/^dns;\s*/i, '').replace(/[\s[].*$/, '')));
  const hops = report.originalHeaders?.route.hops ?? [];
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (!hop?.by || !hop.fromIp) continue;
    if (organizationalDomain(normalizeDomain(hop.by)) !== org) continue;
    const ip = usable(hop.fromIp);
    if (ip) return { ip, by: hop.by };
  }
  return null;
}

export function parseBounceIdentities(report: BounceReport, fact: BounceFact | null): BounceIdentities {
  const fromReply = fact ? ipInReply(fact) : null;
  const fromReceiver = fromReply ? null : receiverHeaderIp(report, fact);
  const fromHeaders = report.original?.sendingIp ? usable(report.original.sendingIp) : null;
  const sendingIp = fromReply ?? fromReceiver?.ip ?? fromHeaders;
  const ipCertainty: IpCertainty | null = fromReply ? 'reply' : fromReceiver ? 'receiver-header' : fromHeaders ? 'top-header' : null;
  const ipSource = {
    'reply': "the receiving server's reply",
    'receiver-header': `the Received header ${fromReceiver?.by ?? 'the receiving server'} added to the returned original`,
    'top-header': "the topmost Received header of the returned original: the last hop it records, which may be the hop before the server that delivered it",
  } as const;
  const headers = report.originalHeaders;
  const returnPath = bareAddress(headers?.message.returnPath);
  const spfEnvelope = bareAddress(headers?.authentication.receivedSpf?.[0]?.envelopeFrom ?? null);
  const mailFrom = returnPath ?? spfEnvelope;
  return {
    sendingIp,
    ipSource: ipCertainty ? ipSource[ipCertainty] : null,
    ipCertainty,
    mailFrom,
    mailFromSource: returnPath ? "the returned original's Return-Path" : spfEnvelope ? "the returned original's Received-SPF" : null,
    from: bareAddress(report.original?.from ?? headers?.message.from),
    dkim: (report.original?.dkim ?? []).map((d) => ({ domain: normalizeDomain(d.domain), selector: d.selector.toLowerCase() })),
  };
}
