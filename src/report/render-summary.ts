/**
 * Renders an `explain --summary` as text tables or CSV.
 * @module
 */
import type { Summary, SummaryGroup } from './summarize-results.js';
import { SUMMARY_GROUPS } from './summarize-results.js';
import type { Style } from './style.js';

const GROUP_TITLES: Record<SummaryGroup, string> = {
  reason: 'By reason', recipientDomain: 'By recipient domain', remoteMta: 'By remote server',
  sendingIp: 'By sending IP', status: 'By status code', hardness: 'Hard versus soft',
};

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

export function renderSummaryText(summary: Summary, s: Style, top = 20): string {
  const out: string[] = [];
  const kinds = Object.entries(summary.byKind).map(([k, n]) => `${n} ${k}`).join(', ');
  out.push(s.bold(`${summary.messages} messages (${kinds || 'none'}), ${summary.recipients} recipients`));
  for (const group of SUMMARY_GROUPS) {
    const rows = summary.groups[group];
    if (rows.length === 0) continue;
    out.push('', s.bold(GROUP_TITLES[group]));
    const width = Math.min(48, Math.max(...rows.slice(0, top).map((r) => r.key.length)));
    for (const row of rows.slice(0, top)) {
      out.push(`  ${row.key.padEnd(width)}  ${String(row.count).padStart(8)}  ${percent(row.share).padStart(7)}`);
    }
    if (rows.length > top) out.push(s.dim(`  ... ${rows.length - top} more (use --json or --csv for all)`));
  }
  if (summary.notAnalysed.length > 0) {
    out.push('', s.bold(`Not analysed as bounces (${summary.notAnalysed.length})`));
    for (const item of summary.notAnalysed.slice(0, top)) out.push(`  ${item.file}: ${item.reason}`);
    if (summary.notAnalysed.length > top) out.push(s.dim(`  ... ${summary.notAnalysed.length - top} more (use --json or --csv for all)`));
  }
  return out.join('\n');
}

/** RFC 4180 field quoting. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderSummaryCsv(summary: Summary): string {
  const lines = ['group,key,count,share,note'];
  for (const group of SUMMARY_GROUPS) {
    for (const row of summary.groups[group]) lines.push([group, row.key, row.count, row.share.toFixed(4), ''].map(csvField).join(','));
  }
  for (const item of summary.notAnalysed) lines.push(['not-analysed', item.file, 1, '', item.reason].map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}
