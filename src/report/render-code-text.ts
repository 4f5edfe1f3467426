/**
 * Human text for `code`: one block per matching knowledge entry.
 * @module
 */
import type { CodeEntry } from '../codes/types.js';
import { type Style, wrap } from './style.js';

function codeLabel(entry: CodeEntry): string {
  if (!entry.code) return '(no code: identified by its text)';
  return entry.codeTo ? `${entry.code}-${entry.codeTo.split('.').pop()}` : entry.code;
}

export function renderCodeText(entries: readonly CodeEntry[], s: Style): string {
  return entries.map((e) => {
    const family = e.family === 'exchange-online' ? 'Exchange Online' : `enhanced status code registry${e.rfc ? `, ${e.rfc}` : ''}`;
    const lines = [
      `${s.bold(codeLabel(e))}  ${s.bold(e.title)}  ${s.dim(`(${family})`)}`,
      `  ${s.dim('Reason:')} ${e.reason}   ${s.dim('Who must act:')} ${e.actor}${e.permanent === null ? '' : `   ${e.permanent ? 'permanent' : 'temporary'}`}`,
      `  ${wrap(e.cause, 92, '  ')}`,
    ];
    if (e.userSteps.length) {
      lines.push(`  ${s.bold('For the user:')}`);
      for (const step of e.userSteps) lines.push(`    - ${wrap(step, 88, '      ')}`);
    }
    if (e.adminSteps.length) {
      lines.push(`  ${s.bold('For the admin:')}`);
      for (const step of e.adminSteps) lines.push(`    - ${wrap(step, 88, '      ')}`);
    }
    lines.push(`  ${s.dim('Source:')} ${e.source}`);
    return lines.join('\n');
  }).join('\n\n');
}
