/**
 * `trace.sender-volume-jump`: one of our senders sends far more messages in an hour than its
 * own history says it does, the usual sign of a compromised account sending spam (Microsoft
 * Defender "User restricted from sending email"; [DEF] outbound-spam-restore-restricted-users.md).
 *
 * The baseline is learnt per sender: the messages of each of its hours with mail in the
 * weeks before the hour judged (median and MAD, so that the burst itself cannot raise it).
 * An hour is flagged when its count is a robust z-score of `madMultiplier` above that median,
 * at least `minRatioToMedian` times it, and at least the noise floor `minMessagesPerHour`
 * (values and reasons in kb/trace-alerts.json). Mail received from outside is not judged.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import type { TraceDatabase } from '../../store/trace-store.js';
import { DAY_MS, HOUR_MS, toNumber, withSummaryTables } from '../../summary/summary-tables.js';
import { robustBaseline, robustScore, type RobustBaseline } from '../robust-statistics.js';
import { alertThreshold } from '../trace-report-knowledge.js';
import type { HourRange, TraceAlert } from '../trace-report-types.js';
import { formatCount, formatIso, hourRuns, isoTime, makeTraceAlert } from './make-trace-alert.js';

const CODE = 'trace.sender-volume-jump';

export interface SenderVolumeThresholds {
  baselineDays: number;
  minBaselineHours: number;
  madMultiplier: number;
  minRatioToMedian: number;
  minMessagesPerHour: number;
}

export function senderVolumeThresholds(): SenderVolumeThresholds {
  return {
    baselineDays: alertThreshold(CODE, 'baselineDays'),
    minBaselineHours: alertThreshold(CODE, 'minBaselineHours'),
    madMultiplier: alertThreshold(CODE, 'madMultiplier'),
    minRatioToMedian: alertThreshold(CODE, 'minRatioToMedian'),
    minMessagesPerHour: alertThreshold(CODE, 'minMessagesPerHour'),
  };
}

export interface HourVolume {
  hour: number;
  messages: number;
  recipients: number;
}

export interface VolumeJudgement {
  jump: boolean;
  threshold: number;
  baseline: RobustBaseline;
  score: number;
}

/** Judges one hour's message count against the sender's earlier hours with mail (pure). */
export function judgeHourVolume(messages: number, earlierActiveHours: readonly number[], t: SenderVolumeThresholds): VolumeJudgement | null {
  if (earlierActiveHours.length < t.minBaselineHours) return null;
  const baseline = robustBaseline(earlierActiveHours);
  const threshold = Math.max(t.minMessagesPerHour, baseline.median + t.madMultiplier * Math.max(baseline.scaledMad, 1), t.minRatioToMedian * baseline.median);
  return { jump: messages >= threshold, threshold, baseline, score: robustScore(messages, baseline) };
}

/** First index whose hour is >= `hour` in a list sorted by hour. */
function lowerBound(list: ReadonlyArray<{ hour: number }>, hour: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as { hour: number }).hour < hour) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const notInbound = sql<boolean>`direction <> 'inbound'`;

export async function detectSenderVolumeJump(db: Kysely<TraceDatabase>, range: HourRange, t = senderVolumeThresholds()): Promise<TraceAlert[]> {
  const sdb = withSummaryTables(db);
  const candidates = await sdb
    .selectFrom('trace_hour_senders')
    .select((eb) => ['sender', 'hour_at', eb.fn.sum<number>('messages').as('messages'), eb.fn.sum<number>('recipients').as('recipients')])
    .where('hour_at', '>=', range.since)
    .where('hour_at', '<', range.until)
    .where('sender', '<>', '')
    .where(notInbound)
    .groupBy(['sender', 'hour_at'])
    .having((eb) => eb(eb.fn.sum('messages'), '>=', t.minMessagesPerHour))
    .execute();
  const bySender = new Map<string, HourVolume[]>();
  for (const row of candidates) {
    const list = bySender.get(row.sender) ?? [];
    list.push({ hour: toNumber(row.hour_at), messages: toNumber(row.messages), recipients: toNumber(row.recipients) });
    bySender.set(row.sender, list);
  }
  const alerts: TraceAlert[] = [];
  for (const [sender, hours] of [...bySender.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    hours.sort((a, b) => a.hour - b.hour);
    const first = (hours[0] as HourVolume).hour;
    const last = (hours[hours.length - 1] as HourVolume).hour;
    const history = await sdb
      .selectFrom('trace_hour_senders')
      .select((eb) => ['hour_at', eb.fn.sum<number>('messages').as('messages')])
      .where('sender', '=', sender)
      .where('hour_at', '>=', first - t.baselineDays * DAY_MS)
      .where('hour_at', '<', last)
      .where(notInbound)
      .groupBy('hour_at')
      .orderBy('hour_at')
      .execute();
    const earlier = history.map((h) => ({ hour: toNumber(h.hour_at), messages: toNumber(h.messages) })).filter((h) => h.messages > 0);
    const flagged: Array<HourVolume & VolumeJudgement> = [];
    for (const hour of hours) {
      const window = earlier.slice(lowerBound(earlier, hour.hour - t.baselineDays * DAY_MS), lowerBound(earlier, hour.hour)).map((h) => h.messages);
      const judgement = judgeHourVolume(hour.messages, window, t);
      if (judgement?.jump) flagged.push({ ...hour, ...judgement });
    }
    for (const [from, to] of hourRuns(flagged.map((f) => f.hour), HOUR_MS)) {
      const episode = flagged.filter((f) => f.hour >= from && f.hour <= to);
      const peak = episode.reduce((a, b) => (b.messages > a.messages ? b : a));
      const messages = episode.reduce((n, f) => n + f.messages, 0);
      const recipients = episode.reduce((n, f) => n + f.recipients, 0);
      alerts.push(makeTraceAlert(CODE, { kind: 'sender', value: sender }, { from, to: to + HOUR_MS },
        `${sender} sent ${formatCount(messages)} messages to ${formatCount(recipients)} recipients from ${formatIso(from)} (peak ${formatCount(peak.messages)} in one hour), against a usual ${formatCount(peak.baseline.median)} an hour`,
        {
          messages, recipients, hours: episode.length, peakHour: isoTime(peak.hour), peakHourMessages: peak.messages,
          baselineMedianPerHour: peak.baseline.median, baselineScaledMad: Number(peak.baseline.scaledMad.toFixed(2)),
          baselineHours: peak.baseline.samples, threshold: Number(peak.threshold.toFixed(1)), robustScore: Number(peak.score.toFixed(1)),
        }));
    }
  }
  return alerts;
}
