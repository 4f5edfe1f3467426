/**
 * `trace.domain-failing-for-everyone`: mail to one recipient domain fails or waits for nearly
 * everyone, for some hours, while the same domain took our mail the week before: the problem
 * is on the recipient's side (their MX down, their certificate, their filter).
 *
 * An episode is a run of hours with mail to the domain in which at least `minFailureRate` of
 * the recipients failed or are pending (quiet hours do not break it). Failures of our own
 * SPF/DKIM/DMARC do not count (trace.auth-failure-spike reports them: our side). The episode
 * must have `minRecipients` recipients from `minSenders` different senders, and the week
 * before it `baselineMinRecipients` recipients of which at most `baselineMaxFailureRate`
 * failed. Thresholds and reasons: kb/trace-alerts.json.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import type { TraceDatabase } from '../../store/trace-store.js';
import { DAY_MS, HOUR_MS, toNumber, withSummaryTables } from '../../summary/summary-tables.js';
import { alertThreshold } from '../trace-report-knowledge.js';
import type { HourRange, TraceAlert } from '../trace-report-types.js';
import { formatCount, formatIso, makeTraceAlert } from './make-trace-alert.js';

const CODE = 'trace.domain-failing-for-everyone';

export interface DomainHour {
  hour: number;
  total: number;
  failing: number;
}

export interface DomainEpisode {
  from: number;
  /** Exclusive. */
  to: number;
  total: number;
  failing: number;
}

/** Runs of hours at or above `minRate` failing; hours without mail neither extend nor break a run (pure). */
export function failingEpisodes(hours: readonly DomainHour[], minRate: number): DomainEpisode[] {
  const episodes: DomainEpisode[] = [];
  let open: DomainEpisode | null = null;
  for (const h of [...hours].sort((a, b) => a.hour - b.hour)) {
    if (h.total === 0) continue;
    if (h.failing >= minRate * h.total) {
      if (!open) episodes.push((open = { from: h.hour, to: h.hour + HOUR_MS, total: 0, failing: 0 }));
      open.to = h.hour + HOUR_MS;
      open.total += h.total;
      open.failing += h.failing;
    } else open = null;
  }
  return episodes;
}

const notInbound = sql<boolean>`direction <> 'inbound'`;
const failingRecipients = sql<number>`CASE WHEN (status = 'failed' AND auth_failure = 0) OR status IN ('pending', 'getting-status') THEN recipients ELSE 0 END`;

export async function detectDomainOutage(db: Kysely<TraceDatabase>, range: HourRange): Promise<TraceAlert[]> {
  const minRate = alertThreshold(CODE, 'minFailureRate');
  const minRecipients = alertThreshold(CODE, 'minRecipients');
  const minSenders = alertThreshold(CODE, 'minSenders');
  const baselineDays = alertThreshold(CODE, 'baselineDays');
  const baselineMaxRate = alertThreshold(CODE, 'baselineMaxFailureRate');
  const baselineMin = alertThreshold(CODE, 'baselineMinRecipients');
  const sdb = withSummaryTables(db);
  const hourly = (from: number, to: number) =>
    sdb
      .selectFrom('trace_hour_outcomes')
      .select((eb) => ['recipient_domain', 'hour_at', eb.fn.sum<number>('recipients').as('total'), eb.fn.sum<number>(failingRecipients).as('failing')])
      .where('hour_at', '>=', from)
      .where('hour_at', '<', to)
      .where('recipient_domain', '<>', '')
      .where(notInbound)
      .groupBy(['recipient_domain', 'hour_at']);
  const candidates = await hourly(range.since, range.until)
    .having((eb) => eb(eb.fn.sum(failingRecipients), '>', 0))
    .having((eb) => eb(eb.fn.sum(failingRecipients), '>=', sql<number>`${minRate} * SUM(recipients)`))
    .execute();
  const domains = [...new Set(candidates.map((c) => c.recipient_domain))].sort();
  const alerts: TraceAlert[] = [];
  for (const domain of domains) {
    const rows = await hourly(range.since, range.until).where('recipient_domain', '=', domain).execute();
    const hours = rows.map((r) => ({ hour: toNumber(r.hour_at), total: toNumber(r.total), failing: toNumber(r.failing) }));
    for (const episode of failingEpisodes(hours, minRate)) {
      if (episode.total < minRecipients) continue;
      const before = await hourly(episode.from - baselineDays * DAY_MS, episode.from).where('recipient_domain', '=', domain).execute();
      const baseTotal = before.reduce((n, r) => n + toNumber(r.total), 0);
      const baseFailing = before.reduce((n, r) => n + toNumber(r.failing), 0);
      if (baseTotal < baselineMin || baseFailing > baselineMaxRate * baseTotal) continue;
      const senders = await sql<{ n: number }>`
        SELECT COUNT(DISTINCT m.sender) AS n FROM trace_recipients r CROSS JOIN trace_messages m
        WHERE r.recipient_domain = ${domain} AND r.status IN ('failed', 'pending', 'getting-status')
          AND m.message_key = r.message_key
          AND COALESCE(m.received_at, r.status_at) >= ${episode.from} AND COALESCE(m.received_at, r.status_at) < ${episode.to}`.execute(db);
      const senderCount = toNumber(senders.rows[0]?.n);
      if (senderCount < minSenders) continue;
      const codes = await sdb
        .selectFrom('trace_hour_outcomes')
        .select((eb) => ['status_code', 'reason', eb.fn.sum<number>('recipients').as('recipients')])
        .where('recipient_domain', '=', domain)
        .where('hour_at', '>=', episode.from)
        .where('hour_at', '<', episode.to)
        .where('status', 'in', ['failed', 'pending'])
        .where(notInbound)
        .groupBy(['status_code', 'reason'])
        .execute();
      const topCodes = codes
        .map((c) => ({ statusCode: c.status_code || null, reason: c.reason || null, recipients: toNumber(c.recipients) }))
        .sort((a, b) => b.recipients - a.recipients)
        .slice(0, 5);
      const rate = episode.failing / episode.total;
      const baseRate = baseTotal > 0 ? baseFailing / baseTotal : 0;
      alerts.push(makeTraceAlert(CODE, { kind: 'domain', value: domain }, { from: episode.from, to: episode.to },
        `${formatCount(episode.failing)} of ${formatCount(episode.total)} recipients at ${domain} (${Math.round(rate * 100)}%, from ${formatCount(senderCount)} senders) failed or waited from ${formatIso(episode.from)} to ${formatIso(episode.to)}; the week before, ${Math.round(baseRate * 100)}% of ${formatCount(baseTotal)}`,
        {
          recipients: episode.total, failing: episode.failing, failureRate: Number(rate.toFixed(3)), senders: senderCount,
          hours: (episode.to - episode.from) / HOUR_MS, baselineRecipients: baseTotal, baselineFailureRate: Number(baseRate.toFixed(3)), topCodes,
        }));
    }
  }
  return alerts;
}
