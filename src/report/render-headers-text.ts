/**
 * Human text for `headers`: the route as a table with the delay of each hop, then
 * authentication, then filter verdicts (Microsoft 365 and other filters), then findings and
 * notes. Every decoded value is shown beside its raw value.
 * @module
 */
import { formatDuration } from '../headers/received-chain.js';
import type { AuthenticationResultsHeader, DecodedField, HeaderFinding, HeaderReport, Hop } from '../headers/types.js';
import { type Style, wrap } from './style.js';

const SOURCE_TEXT: Record<HeaderReport['source'], string> = {
  'message': 'the message\'s own headers',
  'header-block': 'a header block',
  'returned-original': 'the returned original inside a bounce',
  'attached-message': 'the message attached to the input',
  'none': 'nothing readable',
};

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function table(rows: string[][], s: Style, header: boolean): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row, r) => {
    const line = row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
    return r === 0 && header ? s.dim(line) : line;
  });
}

function hopFrom(hop: Hop): string {
  const name = hop.helo ?? hop.reverseName ?? hop.from ?? '';
  const ip = hop.fromIp && !name.includes(hop.fromIp) ? `[${hop.fromIp}]` : '';
  return cut([name, ip].filter(Boolean).join(' ') || '-', 44);
}

function hopDate(hop: Hop): string {
  if (hop.date) return hop.date.iso.replace('T', ' ').replace(/\.000Z$/, 'Z');
  return hop.dateProblem === 'unparseable' ? '(unreadable date)' : '(no date)';
}

function hopTls(hop: Hop): string {
  if (hop.tls) return hop.tls.version ?? 'TLS';
  if (hop.encrypted === true) return 'TLS';
  if (hop.encrypted === false) return 'none';
  return '';
}

function renderRoute(report: HeaderReport, s: Style): string[] {
  const out: string[] = [s.bold('Route') + s.dim(' (origin first; * = hop between organisations)')];
  const hops = report.route.hops;
  if (hops.length === 0) return [...out, '  (no Received headers)'];
  const rows: string[][] = [['#', 'delay', 'date (UTC)', 'from', 'by', 'with', 'TLS']];
  for (const hop of hops) {
    const delay = hop.hop === 1 ? '-' : hop.delaySeconds === null ? '?' : formatDuration(hop.delaySeconds);
    rows.push([`${hop.hop}${hop.external ? '*' : ''}`, delay, hopDate(hop), hopFrom(hop), cut(hop.by ?? '-', 44), cut(hop.protocol ?? '-', 22), hopTls(hop)]);
  }
  out.push(...table(rows, s, true).map((l) => `  ${l}`));
  const total = report.route.totalSeconds;
  out.push(`  ${s.dim('Total:')} ${total === null ? 'unknown (fewer than two dated hops)' : formatDuration(total)}, ${hops.length} hop(s)`);
  return out;
}

function resultLine(ar: AuthenticationResultsHeader): string[] {
  return ar.results.map((r) => {
    const props = Object.entries(r.properties).map(([k, v]) => `${k}=${v}`).join(' ');
    return [`${r.method}=${r.result}`, r.reason ? `reason=${r.reason}` : '', props, r.comment ? `(${r.comment})` : ''].filter(Boolean).join(' ');
  });
}

const UNTRUSTED_TEXT = {
  'before-receiver': 'not used: it came with the message',
  'duplicate': 'not used: repeats an authserv-id of the receiver, may be forged',
  'original-copy': 'not used: a copy of earlier results',
} as const;

function renderAuthentication(report: HeaderReport, s: Style): string[] {
  const a = report.authentication;
  const out: string[] = [s.bold('Authentication')];
  const dmarc = a.dmarc ? `${a.dmarc.result}${a.dmarc.policy ? ` (policy ${a.dmarc.policy})` : ''}${a.dmarc.action ? ` action=${a.dmarc.action}` : ''}` : 'not reported';
  const compauth = report.microsoft?.compauth;
  out.push(`  ${s.dim('Receiver verdicts:')} SPF ${a.spf ?? 'not reported'}, DKIM ${a.dkim ?? 'not reported'}, DMARC ${dmarc}${compauth ? `, compauth ${compauth.result}${compauth.reason ? ` reason ${compauth.reason}` : ''}` : ''}`);
  for (const ar of a.results) {
    const status = ar.trusted ? s.green('trusted') : s.yellow(UNTRUSTED_TEXT[ar.untrustedReason ?? 'before-receiver']);
    const name = ar.header === 'authentication-results-original' ? 'Authentication-Results-Original' : 'Authentication-Results';
    out.push(`  ${name} ${s.dim('added by')} ${ar.addedBy ?? '(unknown host)'}${ar.authservId ? '' : s.dim(' (no authserv-id)')}: ${status}`);
    if (ar.noResult) out.push('    none (no checks)');
    for (const line of resultLine(ar)) out.push(`    ${wrap(line, 96, '      ')}`);
  }
  for (const spf of a.receivedSpf) {
    out.push(`  Received-SPF: ${spf.result ?? '?'}${spf.comment ? ` (${spf.comment})` : ''}${spf.trusted ? '' : s.dim(' [came with the message]')}`);
  }
  for (const sig of a.dkimSignatures) {
    out.push(`  DKIM-Signature: d=${sig.domain ?? '?'} s=${sig.selector ?? '?'} a=${sig.algorithm ?? '?'} h=${cut(sig.signedHeaders.join(':'), 70)}`);
  }
  if (a.arc.status !== 'none') {
    const sets = a.arc.instances.map((i) => `i=${i.instance} ${i.seal?.domain ?? '?'} cv=${i.seal?.cv ?? '?'}${i.authenticationResults?.authservId ? ` (results by ${i.authenticationResults.authservId})` : ''}`);
    out.push(`  ARC chain: ${a.arc.status === 'pass' ? s.green('pass') : s.red('fail')} ${s.dim('(as stated; signatures not verified)')}: ${sets.join('; ')}`);
    for (const problem of a.arc.problems) out.push(`    - ${problem}`);
  }
  const al = a.alignment;
  if (al.fromDomain) {
    const ids = [al.spf ? `SPF ${al.spf.domain} ${al.spf.result} (${al.spf.alignment === 'none' ? 'not aligned' : al.spf.alignment})` : 'SPF domain unknown',
      ...al.dkim.map((d) => `DKIM ${d.domain} ${d.result} (${d.alignment === 'none' ? 'not aligned' : d.alignment})`)];
    const verdict = al.aligned === null ? 'nothing verified' : al.aligned ? s.green('aligned pass') : s.red('no aligned pass');
    out.push(`  ${s.dim('DMARC alignment:')} From ${al.fromDomain}: ${ids.join('; ')} -> ${verdict}`);
  }
  if (a.results.length === 0 && a.receivedSpf.length === 0 && a.dkimSignatures.length === 0 && a.arc.status === 'none') out.push('  (no authentication headers)');
  return out;
}

function fieldRows(fields: readonly DecodedField[]): string[][] {
  return fields.map((f) => [f.field, f.raw === '' ? '(empty)' : cut(f.raw, 40), f.meaning ?? f.name ?? '(unknown field)']);
}

function renderFilters(report: HeaderReport, s: Style): string[] {
  const out: string[] = [s.bold('Filter verdicts')];
  const ms = report.microsoft;
  if (ms) {
    out.push(`  ${s.bold('Microsoft 365')}`);
    if (ms.folder) out.push(`    ${s.dim('Folder:')} ${ms.folder.folder} ${s.dim(`(${ms.folder.basis})`)}`);
    for (const level of [ms.scl, ms.bcl, ms.pcl]) {
      if (!level) continue;
      const name = level === ms.scl ? 'SCL' : level === ms.bcl ? 'BCL' : 'PCL';
      out.push(`    ${name} ${level.raw}: ${level.meaning} ${s.dim(`(${level.header})`)}`);
    }
    if (ms.compauth) {
      out.push(`    compauth=${ms.compauth.result}${ms.compauth.reason ? ` reason=${ms.compauth.reason}` : ''}: ${[ms.compauth.resultMeaning, ms.compauth.reasonMeaning].filter(Boolean).join('; ')}`);
    }
    for (const [name, fields] of [['X-Forefront-Antispam-Report', ms.forefront], ['X-Microsoft-Antispam', ms.antispam], ['X-Microsoft-Antispam-Mailbox-Delivery', ms.mailboxDelivery]] as const) {
      if (!fields) continue;
      out.push(`    ${name}:`);
      out.push(...table(fieldRows(fields), s, false).map((l) => `      ${l}`));
    }
    if (ms.stamps.length > 0) {
      out.push('    Exchange stamps:');
      out.push(...table(ms.stamps.map((st) => [st.label ?? st.header, cut(st.raw, 48), st.meaning ?? '']), s, false).map((l) => `      ${l}`));
    }
  }
  for (const f of report.filters) {
    const verdict = f.verdict === 'spam' ? s.red('spam') : f.verdict === 'not-spam' ? s.green('not spam') : 'no verdict stated';
    const score = [f.score !== null ? `score ${f.score}` : null, f.required !== null ? `required ${f.required}` : null].filter(Boolean).join(', ');
    out.push(`  ${s.bold(f.vendor)}: ${verdict}${score ? ` (${score})` : ''}`);
    if (f.tests.length > 0) out.push(`    tests: ${wrap(f.tests.join(', '), 90, '           ')}`);
    for (const stamp of f.stamps) {
      const pairs = stamp.pairs.length > 0 ? stamp.pairs.map((p) => (p.key ? `${p.key}=${p.value}` : p.value)).join('  ') : stamp.raw;
      out.push(`    ${stamp.header}: ${wrap(cut(pairs, 600), 90, '      ')}`);
    }
  }
  if (!ms && report.filters.length === 0) out.push('  (no filter stamps)');
  return out;
}

function severityMark(finding: HeaderFinding, s: Style): string {
  if (finding.severity === 'error') return s.red('error  ');
  if (finding.severity === 'warning') return s.yellow('warning');
  return s.dim('info   ');
}

function renderFindings(report: HeaderReport, s: Style): string[] {
  const out: string[] = [s.bold('Findings')];
  if (report.findings.length === 0) out.push('  none');
  for (const f of report.findings) {
    out.push(`  ${severityMark(f, s)} ${s.bold(f.code)}`);
    out.push(`            ${wrap(f.message, 86, '            ')}`);
    if (f.fix) out.push(`            ${s.dim('Fix:')} ${wrap(f.fix, 81, '                 ')}`);
  }
  return out;
}

export function renderHeadersText(report: HeaderReport, file: string, s: Style): string {
  const out: string[] = [];
  const m = report.message;
  out.push(`${s.bold(file)}: ${SOURCE_TEXT[report.source]}`);
  const summary = [m.subject !== null ? `Subject: ${m.subject}` : null, m.from ? `From: ${m.from}` : null, m.date ? `Date: ${m.date}` : null, m.messageId ? `Message-ID: ${m.messageId}` : null].filter(Boolean);
  for (const line of summary) out.push(`  ${cut(line as string, 110)}`);
  if (report.readable) {
    out.push('', ...renderRoute(report, s), '', ...renderAuthentication(report, s), '', ...renderFilters(report, s), '', ...renderFindings(report, s));
  }
  if (report.notes.length > 0) {
    out.push('');
    for (const note of report.notes) out.push(`${s.yellow('note:')} ${note.message}`);
  }
  return out.join('\n');
}
