/**
 * Checks that a value has the shape of a BounceReport (the output schema of analyzeBounce):
 * returns the list of problems, empty when the shape is right.
 */
import { REASONS } from '../../src/ndr/classify/reasons.js';
import { ACTORS } from '../../src/codes/types.js';

const KINDS = ['bounce', 'delay', 'delivered', 'autoreply', 'feedback', 'not-bounce'];
const ACTIONS = ['failed', 'delayed', 'delivered', 'relayed', 'expanded', null];
const isStringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';

export function checkReportShape(report: unknown): string[] {
  const problems: string[] = [];
  const r = report as Record<string, unknown>;
  if (!r || typeof r !== 'object') return ['report is not an object'];
  if (!KINDS.includes(r['kind'] as string)) problems.push(`kind ${String(r['kind'])}`);
  if (!Array.isArray(r['bounces'])) return [...problems, 'bounces is not an array'];
  if (!Array.isArray(r['notes'])) problems.push('notes is not an array');
  if (r['kind'] === 'not-bounce' && !(typeof r['notBounceReason'] === 'string' && r['notBounceReason'])) problems.push('not-bounce without a reason');
  for (const b of r['bounces'] as Record<string, unknown>[]) {
    if (typeof b['recipient'] !== 'string') problems.push('recipient not a string');
    if (!(REASONS as readonly string[]).includes(b['reason'] as string)) problems.push(`reason ${String(b['reason'])}`);
    if (!(ACTORS as readonly string[]).includes(b['actor'] as string)) problems.push(`actor ${String(b['actor'])}`);
    if (!ACTIONS.includes(b['action'] as string | null)) problems.push(`action ${String(b['action'])}`);
    if (typeof b['hardBounce'] !== 'boolean') problems.push('hardBounce not boolean');
    if (!(b['permanent'] === null || typeof b['permanent'] === 'boolean')) problems.push('permanent not boolean or null');
    if (!(b['status'] === null || /^[245]\.\d{1,3}\.\d{1,3}$/.test(String(b['status'])))) problems.push(`status ${String(b['status'])}`);
    if (!(b['replyCode'] === null || /^[2-5]\d\d$/.test(String(b['replyCode'])))) problems.push(`replyCode ${String(b['replyCode'])}`);
    for (const k of ['diagnosticCode', 'remoteMta', 'reportingMta', 'evidence', 'date']) if (!isStringOrNull(b[k])) problems.push(`${k} type`);
    if (typeof b['ruleId'] !== 'string' || !b['ruleId']) problems.push('ruleId missing');
    if (typeof b['mta'] !== 'string') problems.push('mta missing');
    const e = b['explanation'] as Record<string, unknown> | undefined;
    if (!e || typeof e['summary'] !== 'string' || !Array.isArray(e['user']) || !Array.isArray(e['admin'])) problems.push('explanation shape');
  }
  return problems;
}
