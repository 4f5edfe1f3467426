/**
 * The time windows of a message-trace pull: the Graph message-trace API answers for the last
 * 90 days only, and one query may span at most 10 days, with both bounds given
 * (microsoft-365-mail-facts.md section 3.4). A longer span is cut into 10-day windows, newest
 * first (the newest data is what is usually wanted, and a pull cut short keeps it).
 * @module
 */

export const MAX_TRACE_WINDOW_MS = 10 * 86_400_000;
export const MAX_TRACE_AGE_MS = 90 * 86_400_000;

export interface TraceWindow {
  start: Date;
  end: Date;
}

export type TraceWindowPlan = { ok: true; windows: TraceWindow[]; clipped: boolean } | { ok: false; problem: string };

export function planTraceWindows(since: Date, until: Date, now: Date): TraceWindowPlan {
  if (until.getTime() > now.getTime()) until = now;
  if (since.getTime() >= until.getTime()) return { ok: false, problem: 'the start of the span is not before its end' };
  const oldest = now.getTime() - MAX_TRACE_AGE_MS;
  if (until.getTime() <= oldest) return { ok: false, problem: 'the whole span is older than 90 days, which the message-trace API does not keep' };
  const clipped = since.getTime() < oldest;
  const start = Math.max(since.getTime(), oldest);
  const windows: TraceWindow[] = [];
  for (let end = until.getTime(); end > start; end -= MAX_TRACE_WINDOW_MS) {
    windows.push({ start: new Date(Math.max(start, end - MAX_TRACE_WINDOW_MS)), end: new Date(end) });
  }
  return { ok: true, windows, clipped };
}
