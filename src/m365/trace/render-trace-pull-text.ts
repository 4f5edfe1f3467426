/**
 * Human text of `m365 trace pull` and `m365 trace detail`.
 * @module
 */
import type { GraphMessageTraceDetail } from './map-message-trace.js';
import type { TracePullResult } from './pull-message-traces.js';

export function renderTracePullText(result: TracePullResult, db: string): string {
  const lines = [
    `Pulled ${result.rows} rows in ${result.windows.length} window(s) into ${db}: ${result.counts.imported} new, ${result.counts.updated} updated, ${result.counts.unchanged} unchanged${result.skipped ? `, ${result.skipped} skipped (no recipient or id)` : ''}.`,
    `${result.requests} Graph requests${result.retries ? `, ${result.retries} retried after throttling` : ''}${result.waitedMs ? `, ${Math.round(result.waitedMs / 1000)} s waited` : ''}.`,
  ];
  for (const w of result.windows) lines.push(`  ${w.start} .. ${w.end}: ${w.rows} rows`);
  if (result.clipped) lines.push('The span reached back beyond 90 days; the message-trace API keeps 90 days, so the pull starts there.');
  if (result.failure) lines.push(`Stopped early: ${result.failure.message}. The windows above are kept; run the same pull again to continue.`);
  else lines.push('Ask with `maildoctor trace query`, `trace message`, `trace report` as for imported exports.');
  return lines.join('\n');
}

export function renderTraceDetailText(traceId: string, recipient: string, events: readonly GraphMessageTraceDetail[]): string {
  const lines = [`Message ${traceId} for ${recipient}: ${events.length} event(s)`];
  for (const e of events) {
    lines.push(`  ${e.dateTime ?? '?'}  ${(e.event ?? '?').padEnd(16)} ${e.action ?? ''}`.trimEnd());
    if (e.description) lines.push(`      ${e.description}`);
  }
  return lines.join('\n');
}
