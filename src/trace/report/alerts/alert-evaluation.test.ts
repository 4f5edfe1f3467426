/** The pure judgements of the alerts, on hand-made numbers. */
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../summary/summary-tables.js';
import { flagAuthSpikes } from './detect-auth-failure-spike.js';
import { failingEpisodes } from './detect-domain-outage.js';
import { busiestDay } from './detect-sender-near-limits.js';
import { judgeHourVolume, senderVolumeThresholds } from './detect-sender-volume-jump.js';
import { hourRuns } from './make-trace-alert.js';

const h = (n: number): number => n * HOUR_MS;

describe('judgeHourVolume', () => {
  const t = senderVolumeThresholds();
  const usual = [2, 3, 1, 4, 2, 3, 2, 5, 1, 2, 3, 2];
  it("flags an hour far above the sender's own hours and not a busy one", () => {
    expect(judgeHourVolume(400, usual, t)?.jump).toBe(true);
    expect(judgeHourVolume(9, usual, t)?.jump).toBe(false);
  });
  it('learns from the sender: what is a jump for one is normal for a bulk sender', () => {
    const bulk = usual.map((n) => n * 100);
    expect(judgeHourVolume(400, bulk, t)?.jump).toBe(false);
  });
  it('does not judge without enough history', () => {
    expect(judgeHourVolume(400, [1, 2], t)).toBeNull();
  });
});

describe('busiestDay', () => {
  it('finds the 24 hours with most recipients that end inside the range', () => {
    const hours = [{ hour: h(0), recipients: 10 }, { hour: h(20), recipients: 5000 }, { hour: h(30), recipients: 4000 }, { hour: h(50), recipients: 1 }];
    expect(busiestDay(hours, { since: h(0), until: h(60) })).toEqual({ from: h(7), recipients: 9000 });
    expect(busiestDay(hours, { since: h(49), until: h(60) })).toEqual({ from: h(27), recipients: 4001 });
    expect(busiestDay(hours, { since: h(100), until: h(120) })).toBeNull();
  });
});

describe('failingEpisodes', () => {
  it('joins failing hours across quiet ones and ends at an hour that delivered', () => {
    const episodes = failingEpisodes([
      { hour: h(1), total: 10, failing: 10 }, { hour: h(2), total: 0, failing: 0 }, { hour: h(3), total: 5, failing: 5 },
      { hour: h(4), total: 10, failing: 1 }, { hour: h(5), total: 4, failing: 4 },
    ], 0.9);
    expect(episodes).toEqual([{ from: h(1), to: h(4), total: 15, failing: 15 }, { from: h(5), to: h(6), total: 4, failing: 4 }]);
  });
});

describe('flagAuthSpikes', () => {
  const t = { baselineDays: 7, madMultiplier: 5, minPerHour: 10 };
  it('flags hours far above the week before, quiet hours included, and not a first day', () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 100; i++) counts.set(h(i), i % 10 === 0 ? 2 : 0);
    counts.set(h(80), 40);
    counts.set(h(81), 12);
    counts.set(h(5), 50);
    const flagged = flagAuthSpikes(counts, { since: h(0), until: h(100) }, h(0), t);
    expect(flagged.map((f) => f.hour)).toEqual([h(80), h(81)]);
  });
});

describe('hourRuns', () => {
  it('groups consecutive hours', () => {
    expect(hourRuns([h(1), h(2), h(4)], HOUR_MS)).toEqual([[h(1), h(2)], [h(4), h(4)]]);
  });
});
