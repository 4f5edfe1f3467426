/**
 * Judges the SMTP probes of a domain's MX hosts (pure, at the context's time): reachable,
 * greeting, STARTTLS, the certificate, size limit, and the postmaster address when probed.
 * @module
 */
import type { SmtpProbeResult } from '../../io/smtp/smtp-probe.js';
import { finding } from '../kb/findings.js';
import type { CheckFinding, CheckOutcome, CheckStatus } from '../types.js';
import { evaluateCertificate, type CertificateVerdict } from './evaluate-certificate.js';

export interface SmtpProbeData extends SmtpProbeResult {
  starttls: boolean;
  /** The SIZE limit in bytes (RFC 1870), null when none is declared. */
  sizeLimit: number | null;
  certificate: CertificateVerdict | null;
}

export interface SmtpData {
  domain: string;
  port: number;
  /** Why no probe was made, when none was. */
  skipped: string | null;
  probes: SmtpProbeData[];
}

/** Errors of an address this machine has no route to (no IPv6 here): not the server's fault. */
const LOCAL_ROUTE_ERRORS = new Set(['ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

function statusOf(findings: readonly CheckFinding[]): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  return findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
}

const reached = (p: SmtpProbeResult): boolean => p.banner !== null;

export function skippedSmtp(domain: string, port: number, reason: string): CheckOutcome<SmtpData> {
  return { status: 'none', findings: [finding('smtp.skipped', { domain, reason })], data: { domain, port, skipped: reason, probes: [] } };
}

export function evaluateSmtp(domain: string, port: number, probes: readonly SmtpProbeResult[], now: Date, slowBannerMs: number): CheckOutcome<SmtpData> {
  const findings: CheckFinding[] = [];
  const data: SmtpData = { domain, port, skipped: null, probes: [] };
  for (const host of [...new Set(probes.map((p) => p.host))]) {
    const own = probes.filter((p) => p.host === host);
    const unreached = own.filter((p) => !reached(p));
    const noRoute = (p: SmtpProbeResult): boolean => p.address.includes(':') && LOCAL_ROUTE_ERRORS.has(p.error ?? '');
    if (unreached.length === own.length && !own.every(noRoute)) {
      const errors = [...new Set(unreached.map((p) => `${p.address}: ${p.error ?? p.outcome}`))];
      findings.push(finding('smtp.unreachable', { host, port, addresses: unreached.map((p) => p.address), errors }));
    } else {
      for (const p of unreached.filter((u) => !noRoute(u))) findings.push(finding('smtp.address-unreachable', { host, address: p.address, port, error: p.error ?? p.outcome }));
    }
  }
  for (const probe of probes) {
    const { host, address } = probe;
    const size = probe.extensions['SIZE'];
    const sizeLimit = size !== undefined && /^\d+$/.test(size) && Number(size) > 0 ? Number(size) : null;
    const item: SmtpProbeData = { ...probe, starttls: 'STARTTLS' in probe.extensions, sizeLimit, certificate: null };
    data.probes.push(item);
    if (!reached(probe)) continue;
    const bannerMs = probe.timings.banner ?? 0;
    if (bannerMs > slowBannerMs) findings.push(finding('smtp.slow-banner', { host, address, seconds: Math.round(bannerMs / 100) / 10, limit: slowBannerMs / 1000 }));
    if (probe.outcome === 'banner-rejected') {
      findings.push(finding('smtp.banner-error', { host, address, code: probe.banner?.code, text: probe.banner?.lines.join(' / ') }));
      continue;
    }
    if (probe.outcome === 'timeout' || probe.outcome === 'protocol-error') findings.push(finding('smtp.protocol-error', { host, address, stage: probe.stage, error: probe.error }));
    if (probe.ehlo && !item.starttls) findings.push(finding('smtp.no-starttls', { host, address }));
    if (probe.outcome === 'tls-failed') findings.push(finding('smtp.starttls-failed', { host, address, error: probe.error }));
    if (probe.tls) item.certificate = evaluateCertificate(host, address, probe.tls, now, findings);
    if (sizeLimit !== null) findings.push(finding('smtp.size-limit', { host, limit: sizeLimit, megabytes: Math.round((sizeLimit / 1_048_576) * 10) / 10 }));
    const rcpt = probe.rcpt?.rcpt ?? probe.rcpt?.mail;
    if (rcpt && rcpt.code >= 400) findings.push(finding('smtp.postmaster-rejected', { host, address, domain, code: rcpt.code, text: rcpt.lines.join(' / ') }));
  }
  return { status: statusOf(findings), findings: dedupe(findings), data };
}

/** The same finding for two addresses of one host (IPv4 and IPv6) is said once per address, but never twice alike. */
function dedupe(findings: CheckFinding[]): CheckFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
