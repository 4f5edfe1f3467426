import { describe, expect, it } from 'vitest';
import { TRACE_ALERT_CODES, alertThreshold, exchangeLimit, isAuthFailureStatus, traceAlertDefinition } from './trace-report-knowledge.js';

describe('trace report knowledge', () => {
  it("has Exchange Online's limits from the reference, with sources", () => {
    expect(exchangeLimit('recipients-per-day')).toMatchObject({ value: 10_000 });
    expect(exchangeLimit('messages-per-minute')).toMatchObject({ value: 30 });
    expect(exchangeLimit('recipients-per-day').source).toMatch(/SA-NDR/);
  });

  it('defines every alert with advice, a reference and reasoned thresholds', () => {
    for (const code of TRACE_ALERT_CODES) {
      const alert = traceAlertDefinition(code);
      expect(alert.advice.length).toBeGreaterThan(0);
      for (const threshold of Object.values(alert.thresholds)) expect(threshold.reason.length).toBeGreaterThan(20);
    }
    expect(alertThreshold('trace.long-pending', 'minHours')).toBe(4);
    expect(() => alertThreshold('trace.long-pending', 'nope')).toThrow(/no threshold nope/);
  });

  it('knows the status codes of SPF, DKIM and DMARC failures', () => {
    for (const code of ['5.7.23', '4.7.26', '5.7.26', '5.7.509', '5.7.20']) expect(isAuthFailureStatus(code)).toBe(true);
    for (const code of ['5.7.1', '5.7.25', '4.7.509', null]) expect(isAuthFailureStatus(code)).toBe(false);
  });
});
