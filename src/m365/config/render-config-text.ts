/**
 * Human text of an `m365 config analyze` report: the verdict, what each file held, then the
 * findings (errors first), each with the NDR code it ties to, the object it is about and the
 * fix. Colour comes from the Style (none off a TTY or with NO_COLOR).
 * @module
 */
import type { Style } from '../../report/style.js';
import { wrap } from '../../report/style.js';
import type { ConfigReport } from './config-report.js';

const WIDTH = 100;

export function renderConfigText(report: ConfigReport, style: Style): string {
  const lines: string[] = [];
  const verdictColour = report.verdict === 'fail' ? style.red : report.verdict === 'warn' ? style.yellow : style.green;
  lines.push(`${style.bold('Microsoft 365 mail-flow configuration')}  ${verdictColour(report.verdict)}  (${report.counts.error} errors, ${report.counts.warning} warnings, ${report.counts.info} notes)`);
  lines.push(report.live ? `Live checks: DNS via ${report.resolver ?? 'the system resolver'}; smart hosts probed.` : 'Live checks: skipped (--offline).');
  lines.push('');
  for (const f of report.files) {
    const held = Object.entries(f.cmdlets).map(([cmdlet, n]) => `${cmdlet} x${n}`);
    if (f.unrecognised > 0) held.push(`${f.unrecognised} unrecognised`);
    lines.push(`  ${f.file}: ${f.readable ? held.join(', ') || 'empty (the cmdlet returned nothing)' : 'unreadable'}`);
  }
  if (report.missing.length > 0) lines.push(`  not given (not analysed): ${report.missing.join(', ')}`);
  for (const f of report.findings) {
    lines.push('');
    const tag = f.severity === 'error' ? style.red('ERROR') : f.severity === 'warning' ? style.yellow('WARN ') : style.dim('note ');
    const ndr = f.ndr ? `  [NDR ${f.ndr}]` : '';
    lines.push(`${tag} ${style.bold(f.code)}${ndr}`);
    lines.push(`      ${wrap(f.message, WIDTH, '      ')}`);
    const about = [f.subject.cmdlet, f.subject.identity ? `"${f.subject.identity}"` : null, `in ${f.subject.file}`].filter(Boolean).join(' ');
    lines.push(`      ${style.dim(about)}`);
    if (f.severity !== 'info') lines.push(`      fix: ${wrap(f.fix, WIDTH, '           ')}`);
  }
  if (report.findings.length === 0) lines.push('', 'No findings.');
  return lines.join('\n');
}
