/**
 * The dashboard's figures: the delivery rate per hour (per UTC day for long ranges), the axis
 * floor, and the top failing senders and domains.
 */
import { describe, expect, it } from 'vitest';
import type { TraceReportJson } from '../api/api-types.js';
import { MAX_HOURLY_POINTS, deliverySeries, rateAxisFloor, topFailingDomains, topFailingSenders } from './trace-series.js';

const hour = (iso: string, total: number, delivered: number, failed = total - delivered): TraceReportJson['byHour'][number] => ({ hour: iso, total, delivered, failed, pending: total - delivered - failed });

describe('deliverySeries', () => {
  it('keeps hours for short ranges, with the rate of each and null for hours without mail', () => {
    const series = deliverySeries([hour('2026-03-23T09:00:00Z', 10, 9), hour('2026-03-23T10:00:00Z', 0, 0), hour('2026-03-23T11:00:00Z', 4, 4)]);
    expect(series.unit).toBe('hour');
    expect(series.points.map((p) => [p.at, p.label, p.rate])).toEqual([
      ['2026-03-23T09:00Z', '03-23 09h', 0.9],
      ['2026-03-23T10:00Z', '03-23 10h', null],
      ['2026-03-23T11:00Z', '03-23 11h', 1],
    ]);
  });

  it('sums whole UTC days when the range has more hours than a chart can show', () => {
    const hours = Array.from({ length: MAX_HOURLY_POINTS + 24 }, (_, i) => hour(new Date(Date.UTC(2026, 2, 23, i)).toISOString(), 2, i < 24 ? 1 : 2));
    const series = deliverySeries(hours);
    expect(series.unit).toBe('day');
    expect(series.points).toHaveLength(5);
    expect(series.points[0]).toMatchObject({ at: '2026-03-23', label: '03-23', total: 48, delivered: 24, failed: 24, rate: 0.5 });
    expect(series.points[1]).toMatchObject({ at: '2026-03-24', total: 48, delivered: 48, rate: 1 });
  });
});

describe('rateAxisFloor', () => {
  it('starts the axis in 10% steps below the lowest rate, never below 0 or above 90%', () => {
    expect(rateAxisFloor([{ rate: 0.97 }, { rate: 1 }])).toBeCloseTo(0.9);
    expect(rateAxisFloor([{ rate: 0.87 }, { rate: null }])).toBeCloseTo(0.8);
    expect(rateAxisFloor([{ rate: 0.03 }])).toBe(0);
    expect(rateAxisFloor([{ rate: 1 }])).toBeCloseTo(0.9);
    expect(rateAxisFloor([{ rate: null }])).toBe(0);
  });
});

describe('top failing senders and domains', () => {
  it('orders by failures, leaves out those without, and keeps the trend of the report', () => {
    const senders = [
      { sender: 'a@example.com', messages: 5, recipients: 5, failed: 0, failureRate: 0 },
      { sender: 'b@example.com', messages: 5, recipients: 10, failed: 2, failureRate: 0.2 },
      { sender: 'c@example.com', messages: 5, recipients: 4, failed: 2, failureRate: 0.5 },
      { sender: 'd@example.com', messages: 5, recipients: 9, failed: 3, failureRate: 0.33 },
    ];
    expect(topFailingSenders(senders, 2).map((s) => s.sender)).toEqual(['d@example.com', 'c@example.com']);
    const report = {
      byDomain: [
        { domain: 'ok.example', total: 5, delivered: 5, failed: 0, pending: 0, failureRate: 0 },
        { domain: 'bad.example', total: 10, delivered: 2, failed: 8, pending: 0, failureRate: 0.8 },
      ],
      topFailingDomains: [{ domain: 'bad.example', trend: 'rising', topStatusCode: '4.4.7' }],
    } as unknown as TraceReportJson;
    expect(topFailingDomains(report, 5)).toEqual([{ domain: 'bad.example', failed: 8, total: 10, failureRate: 0.8, trend: 'rising', topStatusCode: '4.4.7' }]);
  });
});
