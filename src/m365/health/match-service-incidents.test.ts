import { describe, expect, it } from 'vitest';
import type { ExchangeHealth, HealthIssue } from './get-exchange-health.js';
import { matchServiceIncidents } from './match-service-incidents.js';

const issue = (id: string, extra: Partial<HealthIssue>): HealthIssue => ({ id, title: 't', classification: 'incident', status: 'investigating', feature: null, featureGroup: null, mailFlow: true, impact: null, startedAt: '2026-11-19T22:00:00Z', lastModifiedAt: null, latestUpdate: null, ...extra });
const health = (issues: HealthIssue[]): ExchangeHealth => ({ service: 'Exchange Online', status: 'serviceDegradation', issues });

describe('matchServiceIncidents', () => {
  it('matches open mail-flow issues that had started by the failure; one naming the code first', () => {
    const h = health([
      issue('EX1', { title: 'Delays to external recipients' }),
      issue('EX2', { impact: 'Messages may return NDRs with 4.4.7.' }),
      issue('EX3', { mailFlow: false }),
      issue('EX4', { startedAt: '2026-11-25T00:00:00Z' }),
    ]);
    const m = matchServiceIncidents(h, [{ status: '4.4.7', date: 'Fri, 20 Nov 2026 08:00:00 +0000' }]);
    expect(m.map((x) => [x.issue.id, x.namesCode])).toEqual([['EX2', true], ['EX1', false]]);
  });
  it('does not take 5.4.70 or 14.4.7 for 4.4.7; an unknown date matches', () => {
    const m = matchServiceIncidents(health([issue('EX5', { impact: 'codes 5.4.70 and 14.4.7' })]), [{ status: '4.4.7', date: null }]);
    expect(m).toEqual([{ issue: expect.objectContaining({ id: 'EX5' }), namesCode: false }]);
  });
});
