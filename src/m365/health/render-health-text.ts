/**
 * Human text of `m365 health`: Exchange Online's status, then each open issue (mail flow
 * first) with its classification, status, feature, start and latest update.
 * @module
 */
import type { Style } from '../../report/style.js';
import { wrap } from '../../report/style.js';
import type { ExchangeHealth } from './get-exchange-health.js';

export function renderHealthText(health: ExchangeHealth, style: Style): string {
  const ok = health.status.toLowerCase() === 'serviceoperational';
  const lines = [`${style.bold(health.service)}: ${ok ? style.green(health.status) : style.yellow(health.status)}`];
  if (health.issues.length === 0) lines.push('No open incidents or advisories.');
  else lines.push(`${health.issues.length} open (${health.issues.filter((i) => i.mailFlow).length} about mail flow):`);
  for (const issue of health.issues) {
    lines.push('');
    const tag = issue.classification.toLowerCase() === 'incident' ? style.red('incident') : style.yellow(issue.classification);
    lines.push(`${tag} ${style.bold(issue.id)}${issue.mailFlow ? '  [mail flow]' : ''}  ${issue.status}`);
    lines.push(`  ${wrap(issue.title, 96, '  ')}`);
    const about = [issue.feature, issue.featureGroup].filter(Boolean).join(' / ');
    if (about) lines.push(`  ${style.dim(about)}`);
    if (issue.startedAt) lines.push(`  since ${issue.startedAt}${issue.lastModifiedAt ? `, updated ${issue.lastModifiedAt}` : ''}`);
    if (issue.impact) lines.push(`  impact: ${wrap(issue.impact, 92, '          ')}`);
    if (issue.latestUpdate) {
      lines.push(`  latest update${issue.latestUpdate.at ? ` (${issue.latestUpdate.at})` : ''}:`);
      for (const para of issue.latestUpdate.text.split(/\n+/).slice(0, 12)) lines.push(`    ${wrap(para, 92, '    ')}`);
    }
  }
  return lines.join('\n');
}
