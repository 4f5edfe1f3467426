/**
 * The summary lines of the SMTP and DANE checks in the human text of `maildoctor check`:
 * one line per probed address (greeting, timings, TLS, certificate), one per TLSA record and
 * match. Renders only.
 * @module
 */
import type { DaneData } from '../checks/dane/evaluate-dane.js';
import type { SmtpData } from '../checks/smtp/evaluate-smtp.js';

export function smtpLines(d: SmtpData): string[] {
  if (d.skipped) return [];
  const lines: string[] = [];
  for (const p of d.probes) {
    const where = `${p.host} [${p.address}]:${p.port}`;
    if (!p.banner) {
      lines.push(`${where}: ${p.outcome} (${p.error ?? '?'})`);
      continue;
    }
    const t = p.timings;
    lines.push(`${where}: ${p.banner.lines[0] ?? p.banner.code}  (connect ${t.connect ?? '?'} ms, banner ${t.banner ?? '?'} ms${t.tls !== undefined ? `, TLS ${t.tls} ms` : ''})`);
    const keywords = Object.entries(p.extensions).map(([k, v]) => (v ? `${k} ${v}` : k));
    if (keywords.length > 0) lines.push(`  EHLO: ${keywords.join(', ')}`);
    if (p.tls) {
      lines.push(`  TLS: ${p.tls.protocol ?? '?'} ${p.tls.cipher ?? '?'}`);
      const leaf = p.tls.chain[0];
      const c = p.certificate;
      if (leaf) lines.push(`  certificate: ${leaf.altNames.join(', ') || leaf.commonName || leaf.subject}; issuer ${leaf.issuer}; valid ${leaf.validFrom.slice(0, 10)} to ${leaf.validTo.slice(0, 10)}${c ? `; ${c.trusted ? 'trusted' : `NOT trusted (${p.tls.authorizationError ?? '?'})`}, ${c.nameMatches ? 'name matches' : 'name does NOT match'}` : ''}`);
    }
    if (p.rcpt) lines.push(`  MAIL FROM:<> ${p.rcpt.mail?.code ?? '-'}, RCPT TO postmaster ${p.rcpt.rcpt?.code ?? '-'}`);
    if (p.outcome !== 'completed') lines.push(`  ${p.outcome} at ${p.stage ?? '?'}: ${p.error ?? '?'}`);
  }
  return lines;
}

export function daneLines(d: DaneData): string[] {
  const lines: string[] = [];
  for (const h of d.hosts) {
    if (h.records.length === 0) continue;
    const ad = h.authenticated === true ? 'AD bit set by the resolver' : h.authenticated === false ? 'AD bit not set' : 'AD bit not visible';
    lines.push(`${h.name}: ${h.records.length} TLSA record${h.records.length === 1 ? '' : 's'} (${ad})`);
    for (const r of h.records) lines.push(`  ${r.text} ${r.data.slice(0, 16)}...${r.usable ? '' : `  unusable: ${r.unusable ?? '?'}`}`);
    for (const m of h.matches) lines.push(`  ${m.address}: ${m.matched ? `matches ${m.record ?? ''}` : `NO match (${m.why})`}`);
  }
  return lines;
}
