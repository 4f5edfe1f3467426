/**
 * The dashboard's figures from a trace report: the delivery rate per hour, or per UTC day when
 * the range is long (a line of hundreds of hourly points says less than one per day), and the
 * top failing senders. Pure functions, tested on their own.
 * @module
 */
import type { TraceReportJson } from '../api/api-types.js';

export interface RatePoint {
  /** ISO hour (`2026-03-23T14:00Z`) or day (`2026-03-23`). */
  at: string;
  label: string;
  total: number;
  delivered: number;
  failed: number;
  pending: number;
  /** delivered / total, null when nothing was sent. */
  rate: number | null;
}

/** Above this many hours the series is per day. */
export const MAX_HOURLY_POINTS = 96;

export function deliverySeries(byHour: TraceReportJson['byHour']): { unit: 'hour' | 'day'; points: RatePoint[] } {
  const hourly = byHour.length <= MAX_HOURLY_POINTS;
  const buckets = new Map<string, RatePoint>();
  for (const h of byHour) {
    const iso = new Date(Date.parse(h.hour)).toISOString();
    const at = hourly ? `${iso.slice(0, 13)}:00Z` : iso.slice(0, 10);
    const label = hourly ? `${iso.slice(5, 10)} ${iso.slice(11, 13)}h` : iso.slice(5, 10);
    const bucket = buckets.get(at) ?? { at, label, total: 0, delivered: 0, failed: 0, pending: 0, rate: null };
    bucket.total += h.total;
    bucket.delivered += h.delivered;
    bucket.failed += h.failed;
    bucket.pending += h.pending;
    buckets.set(at, bucket);
  }
  const points = [...buckets.values()].sort((a, b) => a.at.localeCompare(b.at));
  for (const p of points) p.rate = p.total > 0 ? p.delivered / p.total : null;
  return { unit: hourly ? 'hour' : 'day', points };
}

/** Senders with failures, most failures first. */
export function topFailingSenders(bySender: TraceReportJson['bySender'], top: number): TraceReportJson['bySender'] {
  return bySender.filter((s) => s.failed > 0).sort((a, b) => b.failed - a.failed || b.failureRate - a.failureRate || a.sender.localeCompare(b.sender)).slice(0, top);
}

/** Recipient domains with failures, most failures first (the report's trends where it has them). */
export function topFailingDomains(report: TraceReportJson, top: number): { domain: string; failed: number; total: number; failureRate: number; trend: string | null; topStatusCode: string | null }[] {
  const trends = new Map(report.topFailingDomains.map((d) => [d.domain, d]));
  return report.byDomain
    .filter((d) => d.failed > 0)
    .sort((a, b) => b.failed - a.failed || a.domain.localeCompare(b.domain))
    .slice(0, top)
    .map((d) => ({ domain: d.domain, failed: d.failed, total: d.total, failureRate: d.failureRate, trend: trends.get(d.domain)?.trend ?? null, topStatusCode: trends.get(d.domain)?.topStatusCode ?? null }));
}

/**
 * Where the rate axis starts: 0%, or a lower bound in steps of 10% under the lowest rate, so
 * that rates between 90% and 100% are not drawn as one flat line at the top. The axis labels
 * say where it starts.
 */
export function rateAxisFloor(points: readonly Pick<RatePoint, 'rate'>[]): number {
  const rates = points.map((p) => p.rate).filter((r): r is number => r !== null);
  if (rates.length === 0) return 0;
  const lowest = Math.min(...rates);
  return Math.max(0, Math.min(0.9, Math.floor((lowest - 0.05) * 10) / 10));
}
