import { describe, expect, it } from 'vitest';
import { planTraceWindows } from './plan-trace-windows.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const daysAgo = (d: number): Date => new Date(NOW.getTime() - d * 86_400_000);

describe('planTraceWindows', () => {
  it('one window for 2 days', () => {
    expect(planTraceWindows(daysAgo(2), NOW, NOW)).toEqual({ ok: true, clipped: false, windows: [{ start: daysAgo(2), end: NOW }] });
  });
  it('10-day windows, newest first, covering the span exactly', () => {
    const plan = planTraceWindows(daysAgo(25), NOW, NOW);
    expect(plan.ok && plan.windows).toEqual([{ start: daysAgo(10), end: NOW }, { start: daysAgo(20), end: daysAgo(10) }, { start: daysAgo(25), end: daysAgo(20) }]);
  });
  it('clips at 90 days and says so; refuses a span wholly older', () => {
    const plan = planTraceWindows(daysAgo(120), NOW, NOW);
    expect(plan.ok && plan.clipped).toBe(true);
    expect(plan.ok && plan.windows.at(-1)!.start).toEqual(daysAgo(90));
    expect(plan.ok && plan.windows).toHaveLength(9);
    expect(planTraceWindows(daysAgo(120), daysAgo(95), NOW).ok).toBe(false);
    expect(planTraceWindows(NOW, daysAgo(1), NOW).ok).toBe(false);
  });
});
