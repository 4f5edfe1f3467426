/**
 * The certificate an MX presented, judged at a given time (the context clock, so a replay
 * judges at the recorded time): validity dates, the MX host name (RFC 6125 section 6.4, the
 * rules MTA-STS applies, RFC 8461 section 4.1), trust as the probe recorded it, and the
 * protocol version (RFC 8996 deprecates TLS 1.0 and 1.1). Pure.
 * @module
 */
import type { SmtpTlsInfo } from '../../io/smtp/smtp-probe.js';
import { finding } from '../kb/findings.js';
import type { CheckFinding } from '../types.js';

/** Certificates that expire within this many days are reported. */
export const CERTIFICATE_EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 86_400_000;
/** Verification errors that depend on the time: judged from the dates at the context's time instead. */
const TIME_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** Whether `host` is one of the certificate's names: DNS SANs, else the CN; a wildcard covers one leftmost label. */
export function certificateNameMatches(host: string, altNames: readonly string[], commonName: string | null): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  const candidates = altNames.length > 0 ? altNames : commonName ? [commonName.toLowerCase()] : [];
  return candidates.some((pattern) => {
    const p = pattern.toLowerCase().replace(/\.$/, '');
    if (p === name) return true;
    if (!p.startsWith('*.')) return false;
    const rest = name.slice(name.indexOf('.') + 1);
    return name.indexOf('.') > 0 && rest === p.slice(2) && rest.includes('.');
  });
}

export interface CertificateVerdict {
  trusted: boolean;
  nameMatches: boolean;
  expired: boolean;
  notYetValid: boolean;
  daysLeft: number;
}

/** Judges the TLS result of one probe of `host` at `now`; the findings go to `out`. */
export function evaluateCertificate(host: string, address: string, tls: SmtpTlsInfo, now: Date, out: CheckFinding[]): CertificateVerdict | null {
  if (tls.protocol === 'TLSv1' || tls.protocol === 'TLSv1.1') out.push(finding('tls.old-protocol', { host, address, protocol: tls.protocol }));
  const leaf = tls.chain[0];
  if (!leaf) return null;
  const from = Date.parse(leaf.validFrom);
  const to = Date.parse(leaf.validTo);
  const at = now.getTime();
  const verdict: CertificateVerdict = {
    trusted: tls.authorized || (tls.authorizationError !== null && TIME_ERRORS.has(tls.authorizationError)),
    nameMatches: certificateNameMatches(host, leaf.altNames, leaf.commonName),
    expired: at > to,
    notYetValid: at < from,
    daysLeft: Math.floor((to - at) / DAY_MS),
  };
  const vars = { host, address, subject: leaf.commonName ?? leaf.subject, validFrom: leaf.validFrom, validTo: leaf.validTo, issuer: leaf.issuer };
  if (verdict.expired) out.push(finding('tls.certificate-expired', vars));
  else if (verdict.notYetValid) out.push(finding('tls.certificate-not-yet-valid', vars));
  else if (verdict.daysLeft < CERTIFICATE_EXPIRY_WARNING_DAYS) out.push(finding('tls.certificate-expires-soon', { ...vars, days: verdict.daysLeft }));
  if (!verdict.nameMatches) out.push(finding('tls.certificate-name-mismatch', { ...vars, names: leaf.altNames.length > 0 ? leaf.altNames : [leaf.commonName ?? '(none)'] }));
  if (!verdict.trusted) out.push(finding('tls.certificate-untrusted', { ...vars, error: tls.authorizationError ?? 'unknown' }));
  return verdict;
}
