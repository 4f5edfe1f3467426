/**
 * `trace report` output: the JSON shape (times as ISO 8601 UTC), human text (alerts first,
 * then totals, failures with their knowledge, trends and the breakdowns), and CSV in long form
 * (one row per figure: section, key, counts), which spreadsheets pivot easily.
 * @module
 */
import type { Actor } from '../codes/types.js';
import type { TraceAlert, TraceReport } from '../trace/report/trace-report-types.js';
import { type Style, wrap } from './style.js';

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const isoHour = (ms: number): string => new Date(ms).toISOString().slice(0, 16) + 'Z';
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const percent = (r: number | null): string => (r === null ? 'n/a' : `${(r * 100).toFixed(r > 0 && r < 0.001 ? 2 : 1)}%`);

/** The report as JSON: the value with times as ISO 8601 strings. */
export function traceReportJson(report: TraceReport): unknown {
  return {
    range: { since: iso(report.range.since), until: iso(report.range.until), hours: report.range.hours },
    totals: report.totals,
    byStatus: report.byStatus,
    failuresByCode: report.failuresByCode,
    failuresByReason: report.failuresByReason,
    byDomain: report.byDomain,
    bySender: report.bySender,
    byHour: report.byHour.map((h) => ({ ...h, hour: iso(h.hour) })),
    topFailingDomains: report.topFailingDomains.map((d) => ({ ...d, perDay: d.perDay.map((p) => ({ ...p, day: day(p.day) })) })),
    alerts: report.alerts.map((a) => ({ ...a, window: { from: iso(a.window.from), to: iso(a.window.to) } })),
  };
}

const ACTOR_TEXT: Record<Actor, string> = {
  'sender': 'the sender',
  'sender-admin': 'our mail admin',
  'recipient-admin': "the recipient's side",
  'group-owner': 'the group owner',
  'provider': 'the provider',
  'none': 'nobody (it retries)',
};

type Listed = Array<Record<string, unknown>>;

/** The lists in an alert's evidence, as short lines (the numbers are in the message). */
function evidenceLines(evidence: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const list = (key: string): Listed => (Array.isArray(evidence[key]) ? (evidence[key] as Listed) : []);
  const join = (items: Listed, name: string): string => items.map((i) => `${String(i[name] ?? '(none)')} ${count(Number(i['recipients'] ?? 0))}`).join(', ');
  const codes = [...list('topCodes'), ...list('topStatusCodes')];
  if (codes.length > 0) lines.push(`codes: ${codes.map((c) => `${String(c['statusCode'] ?? '(no text)')}${c['reason'] ? ' ' + String(c['reason']) : ''} ${count(Number(c['recipients'] ?? 0))}`).join(', ')}`);
  if (list('topDomains').length > 0) lines.push(`domains: ${join(list('topDomains'), 'domain')}`);
  if (list('byDomain').length > 1) lines.push(`domains: ${join(list('byDomain'), 'domain')}`);
  for (const e of list('examples').slice(0, 3)) {
    lines.push(`e.g. ${String(e['recipient'])} since ${String(e['since'])} (${String(e['hoursPending'])} h)${e['deferral'] ? ': ' + String(e['deferral']).slice(0, 100) : ''}`);
  }
  return lines;
}

function renderAlert(alert: TraceAlert, s: Style): string[] {
  const mark = alert.severity === 'error' ? s.red('✗ ' + alert.severity.toUpperCase()) : s.yellow('! ' + alert.severity.toUpperCase());
  const out = [`  ${mark} ${s.bold(alert.code)}  ${alert.subject.value}`];
  out.push(`    ${wrap(alert.title, 92, '    ')}`);
  out.push(`    ${wrap(alert.message, 92, '    ')}`);
  for (const line of evidenceLines(alert.evidence)) out.push(`    ${s.dim(line)}`);
  out.push(`    ${s.dim('What to do:')}`);
  for (const step of alert.advice) out.push(`      - ${wrap(step, 86, '        ')}`);
  out.push(`    ${s.dim(`Source: ${alert.ref}`)}`);
  return out;
}

function table(rows: string[][], aligns: Array<'l' | 'r'>): string[] {
  const widths = aligns.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => '  ' + r.map((cell, i) => (aligns[i] === 'r' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

export function renderTraceReportText(report: TraceReport, s: Style): string {
  const out: string[] = [];
  const r = report.range;
  if (r.hours === 0) return 'The trace database holds nothing in this range. Import exports with: maildoctor trace import FILE...';
  out.push(s.bold(`Message trace report ${isoHour(r.since)} to ${isoHour(r.until)} (${count(r.hours)} hours)`));
  const t = report.totals;
  const others = report.byStatus.filter((c) => !['delivered', 'failed', 'pending', 'getting-status'].includes(c.status)).map((c) => `${c.status} ${count(c.recipients)}`);
  out.push(`Recipients ${count(t.total)}: delivered ${count(t.delivered)} (${percent(t.deliveryRate)}), ${s.red(`failed ${count(t.failed)}`)}, pending ${count(t.pending)}${others.length ? ', ' + others.join(', ') : ''}`);
  out.push('');
  out.push(s.bold(report.alerts.length === 0 ? 'Alerts: none' : `Alerts (${report.alerts.length})`));
  for (const alert of report.alerts) out.push(...renderAlert(alert, s));
  if (report.failuresByCode.length > 0) {
    out.push('', s.bold('Failures by status code'));
    out.push(...table(report.failuresByCode.slice(0, 15).map((f) => [
      f.statusCode ?? '(no text)', f.reason ?? '-', count(f.recipients), percent(f.share),
      f.codeTitle ?? f.reasonTitle ?? (f.statusCode === null ? 'the export has no failure texts: import Get-MessageTraceDetail or an extended report' : ''),
      f.actor ? `acts: ${ACTOR_TEXT[f.actor]}` : '',
    ]), ['l', 'l', 'r', 'r', 'l', 'l']));
    out.push('', s.bold('Failures by reason'));
    out.push(...table(report.failuresByReason.map((f) => [f.reason ?? '(unknown)', count(f.recipients), percent(f.share), f.reasonTitle ?? '', f.actor ? `acts: ${ACTOR_TEXT[f.actor]}` : '']), ['l', 'r', 'r', 'l', 'l']));
    const top = report.failuresByCode.find((f) => f.admin.length > 0);
    if (top) {
      out.push(`  ${s.dim(`For ${top.statusCode ?? top.reason} (the most common), the admin can:`)}`);
      for (const step of top.admin.slice(0, 3)) out.push(`    - ${wrap(step, 88, '      ')}`);
    }
  }
  if (report.topFailingDomains.length > 0) {
    out.push('', s.bold('Top failing recipient domains'));
    out.push(...table(report.topFailingDomains.map((d) => [
      d.domain, `${count(d.current.failed)} of ${count(d.current.total)}`, percent(d.current.failureRate),
      `before ${percent(d.previous.failureRate)}`, d.trend, d.topStatusCode ?? '',
      d.perDay.length > 1 ? 'per day ' + d.perDay.map((p) => percent(p.failureRate).replace('.0%', '%')).join(' ') : '',
    ]), ['l', 'r', 'r', 'l', 'l', 'l', 'l']));
  }
  out.push('', s.bold('By recipient domain (most failures first)'));
  out.push(...table([['domain', 'total', 'delivered', 'failed', 'pending', 'failed %'], ...report.byDomain.map((d) => [d.domain, count(d.total), count(d.delivered), count(d.failed), count(d.pending), percent(d.failureRate)])], ['l', 'r', 'r', 'r', 'r', 'r']));
  out.push('', s.bold('By sender (most failures first)'));
  out.push(...table([['sender', 'messages', 'recipients', 'failed', 'failed %'], ...report.bySender.map((d) => [d.sender, count(d.messages), count(d.recipients), count(d.failed), percent(d.failureRate)])], ['l', 'r', 'r', 'r', 'r']));
  const byDay = r.hours > 48;
  out.push('', s.bold(byDay ? 'By day (UTC; by hour with --json)' : 'By hour (UTC)'));
  const buckets = new Map<string, { total: number; delivered: number; failed: number; pending: number }>();
  for (const h of report.byHour) {
    const key = byDay ? day(h.hour) : isoHour(h.hour);
    const b = buckets.get(key) ?? { total: 0, delivered: 0, failed: 0, pending: 0 };
    b.total += h.total;
    b.delivered += h.delivered;
    b.failed += h.failed;
    b.pending += h.pending;
    buckets.set(key, b);
  }
  const shown = [...buckets.entries()].slice(-62);
  if (shown.length < buckets.size) out.push(`  ${s.dim(`(the last ${shown.length} of ${buckets.size})`)}`);
  out.push(...table([[byDay ? 'day' : 'hour', 'total', 'delivered', 'failed', 'pending'], ...shown.map(([k, b]) => [k, count(b.total), count(b.delivered), count(b.failed), count(b.pending)])], ['l', 'r', 'r', 'r', 'r']));
  return out.join('\n');
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV: section,key,total,delivered,failed,pending,rate,detail (one row per figure). */
export function renderTraceReportCsv(report: TraceReport): string {
  const rows: Array<Array<string | number | null>> = [['section', 'key', 'total', 'delivered', 'failed', 'pending', 'rate', 'detail']];
  const t = report.totals;
  rows.push(['totals', `${iso(report.range.since)}/${iso(report.range.until)}`, t.total, t.delivered, t.failed, t.pending, t.deliveryRate, 'rate = delivered / total']);
  for (const c of report.byStatus) rows.push(['status', c.status, c.recipients, null, null, null, null, null]);
  for (const f of report.failuresByCode) rows.push(['failure-code', f.statusCode ?? '', null, null, f.recipients, null, f.share, [f.reason, f.codeTitle ?? f.reasonTitle, f.actor].filter(Boolean).join('; ')]);
  for (const f of report.failuresByReason) rows.push(['failure-reason', f.reason ?? '', null, null, f.recipients, null, f.share, f.reasonTitle]);
  for (const d of report.byDomain) rows.push(['domain', d.domain, d.total, d.delivered, d.failed, d.pending, d.failureRate, null]);
  for (const d of report.bySender) rows.push(['sender', d.sender, d.recipients, null, d.failed, null, d.failureRate, `${d.messages} messages`]);
  for (const h of report.byHour) rows.push(['hour', iso(h.hour), h.total, h.delivered, h.failed, h.pending, null, null]);
  for (const d of report.topFailingDomains) {
    rows.push(['failing-domain', d.domain, d.current.total, null, d.current.failed, null, d.current.failureRate, `${d.trend}; before ${percent(d.previous.failureRate)} of ${d.previous.total}`]);
  }
  for (const a of report.alerts) rows.push(['alert', a.code, null, null, null, null, null, `${a.severity}; ${a.subject.value}; ${iso(a.window.from)}/${iso(a.window.to)}; ${a.message}`]);
  return rows.map((row) => row.map((cell) => csvCell(cell === null ? '' : String(cell))).join(',')).join('\r\n') + '\r\n';
}
