/**
 * The report and its alerts on generated history (generator/generate-trace-messages.ts): the
 * incidents the generator plants (a DMARC failure spike, an outage at litware.example, a
 * compromised account bursting at night) raise their alerts, and normal stretches of the same
 * history raise none of them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraceMessages } from '../generator/generate-trace-messages.js';
import { writeTraceExport } from '../generator/write-trace-export.js';
import { importTraceFiles } from '../import/import-trace-files.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { TraceStore } from '../store/trace-store.js';
import { HOUR_MS } from '../summary/summary-tables.js';
import { buildTraceReport } from './build-trace-report.js';
import type { TraceReport } from './trace-report-types.js';

const START = Date.UTC(2026, 2, 23);
const at = (days: number, hours = 0): number => START + days * 86_400_000 + hours * HOUR_MS;
const OPTIONS = { seed: 21, peakPerHour: 300, start: START };
/** The generator's incidents (generate-trace-messages.ts): outage day 2 09:00-13:00, DMARC spike day 4 13:00-19:00, burst day 5 01:00. */
const OUTAGE = at(2, 9);
const AUTH_SPIKE = at(4, 13);
const BURST = at(5, 1);

let store: TraceStore;
let compromised = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'md-trace-report-'));
  // Summary rows until day 5 03:00 (after the burst); event rows (with the failure texts) until day 5.
  let summaryRows = 0;
  let detailRows = 0;
  for (const m of generateTraceMessages(OPTIONS)) {
    if (m.receivedAt >= at(5, 3)) break;
    summaryRows += m.recipients.length;
    if (m.receivedAt < at(5)) detailRows += m.recipients.reduce((n, r) => n + r.events.length, 0);
    if (m.subject.startsWith('Urgent: shared document')) compromised = m.sender;
  }
  writeTraceExport(join(dir, 'summary.csv'), { ...OPTIONS, format: 'exo-message-trace', rows: summaryRows });
  writeTraceExport(join(dir, 'detail.csv'), { ...OPTIONS, format: 'exo-message-trace-detail', rows: detailRows });
  store = await openSqliteStore({ path: join(dir, 'trace.db') });
  const result = await importTraceFiles(store, [join(dir, 'summary.csv'), join(dir, 'detail.csv')], { time: {} });
  expect(result.failedFiles).toBe(0);
}, 120_000);

afterAll(async () => {
  await store?.close();
});

const codes = (report: TraceReport): string[] => [...new Set(report.alerts.map((a) => a.code))].sort();
const subjects = (report: TraceReport, code: string): string[] => report.alerts.filter((a) => a.code === code).map((a) => a.subject.value);

describe('trace report on generated history', () => {
  it('totals match the stored rows and failures carry their codes and knowledge', async () => {
    const report = await buildTraceReport(store);
    const { total, delivered, failed, pending } = report.totals;
    expect(Object.keys(report.totals)).toEqual(['total', 'delivered', 'failed', 'pending', 'deliveryRate']);
    const stored = await store.db.selectFrom('trace_recipients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(total).toBe(Number(stored.n));
    expect(delivered + failed + pending).toBeLessThanOrEqual(total);
    expect(report.totals.deliveryRate).toBeCloseTo(delivered / total, 10);
    const dmarc = report.failuresByCode.find((f) => f.statusCode === '5.7.26');
    expect(dmarc).toMatchObject({ reason: 'authfailure', actor: 'sender-admin' });
    expect(dmarc?.admin.length).toBeGreaterThan(0);
    expect(report.failuresByCode.find((f) => f.statusCode === '4.4.7')?.reason).toBe('expired');
    expect(report.failuresByReason.find((f) => f.reason === 'authfailure')?.reasonTitle).toMatch(/authentication/i);
    // Failed rows known only from the summary export (no event text) are counted without a code.
    expect(report.failuresByCode.find((f) => f.statusCode === null)?.reason).toBeNull();
    expect(report.byHour).toHaveLength(report.range.hours);
    expect(report.byHour.reduce((n, h) => n + h.total, 0)).toBe(total);
    // adatum.example degrades slowly: its failure rate rises over the days.
    const adatum = report.topFailingDomains.find((d) => d.domain === 'adatum.example');
    expect(adatum?.trend).toBe('rising');
  });

  it('raises every planted incident, and only those', async () => {
    const report = await buildTraceReport(store);
    expect(codes(report)).toEqual([
      'trace.auth-failure-spike', 'trace.domain-failing-for-everyone', 'trace.long-pending',
      'trace.sender-near-rate-limit', 'trace.sender-near-recipient-limit', 'trace.sender-volume-jump',
    ]);
    for (const code of ['trace.sender-volume-jump', 'trace.sender-near-recipient-limit', 'trace.sender-near-rate-limit']) {
      expect(subjects(report, code)).toEqual([compromised]);
    }
    const jump = report.alerts.find((a) => a.code === 'trace.sender-volume-jump');
    expect(jump?.window.from).toBe(BURST);
    expect(jump?.evidence['messages']).toBeGreaterThan(1000);
    expect(subjects(report, 'trace.domain-failing-for-everyone')).toEqual(['litware.example']);
    const outage = report.alerts.find((a) => a.code === 'trace.domain-failing-for-everyone');
    expect(outage?.window).toEqual({ from: OUTAGE, to: OUTAGE + 4 * HOUR_MS });
    const spike = report.alerts.filter((a) => a.code === 'trace.auth-failure-spike');
    expect(spike).toHaveLength(1);
    expect(spike[0]?.window.from).toBeGreaterThanOrEqual(AUTH_SPIKE);
    expect(spike[0]?.window.to).toBeLessThanOrEqual(AUTH_SPIKE + 6 * HOUR_MS);
    expect(spike[0]?.evidence['topStatusCodes']).toEqual([expect.objectContaining({ statusCode: '5.7.26' })]);
    for (const alert of report.alerts) {
      expect(alert.advice.length).toBeGreaterThan(0);
      expect(['warning', 'error']).toContain(alert.severity);
    }
  });

  it('raises none of them over the normal stretches of the same history', async () => {
    for (const [since, until] of [[START, OUTAGE], [OUTAGE + 4 * HOUR_MS, AUTH_SPIKE], [AUTH_SPIKE + 6 * HOUR_MS, BURST]] as const) {
      const report = await buildTraceReport(store, { since, until });
      expect(report.totals.total).toBeGreaterThan(100);
      // Mail that greylisting keeps pending is real: the only alert a normal stretch may show.
      expect(codes(report).filter((c) => c !== 'trace.long-pending')).toEqual([]);
    }
  });

  it('finds each incident when the range holds only it and the history before', async () => {
    expect(codes(await buildTraceReport(store, { since: OUTAGE, until: OUTAGE + 4 * HOUR_MS }))).toContain('trace.domain-failing-for-everyone');
    expect(codes(await buildTraceReport(store, { since: AUTH_SPIKE, until: AUTH_SPIKE + 6 * HOUR_MS }))).toContain('trace.auth-failure-spike');
    const burst = await buildTraceReport(store, { since: BURST, until: BURST + HOUR_MS });
    expect(subjects(burst, 'trace.sender-volume-jump')).toEqual([compromised]);
  });

  it('ages pending mail at the end of the range', async () => {
    const pending = (await buildTraceReport(store, { since: START, until: at(1) })).alerts.find((a) => a.code === 'trace.long-pending');
    expect(pending).toBeDefined();
    const examples = pending?.evidence['examples'] as Array<{ recipient: string; hoursPending: number; deferral: string | null }>;
    expect(examples.length).toBeGreaterThan(0);
    for (const e of examples) expect(e.hoursPending).toBeGreaterThanOrEqual(4);
    // Nothing has waited 4 hours 3 hours after the first message.
    expect(codes(await buildTraceReport(store, { since: START, until: START + 3 * HOUR_MS }))).not.toContain('trace.long-pending');
  });
});
