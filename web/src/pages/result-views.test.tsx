/**
 * The result views on what the server really answers: an explained bounce
 * (`explainResultJson(analyzeBounce(...))`, as POST /api/explain gives it) and a check report
 * (`checkReportJson(checkDomain(...))` on a fixture zone, as POST /api/check/domain gives it),
 * rendered to markup: the owner strip marks the party that must act, in words; every check of
 * the report appears once, in its area, with its status as a word.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { readFixtureZone } from '../../../test/helpers/dns-fixture-server.js';
import { checkDomain } from '../../../src/checks/check-domain.js';
import { createCheckContext } from '../../../src/checks/context.js';
import { ZoneResolver } from '../../../src/io/dns/zone-resolver.js';
import { analyzeBounce } from '../../../src/ndr/analyze-bounce.js';
import { checkReportJson } from '../../../src/report/render-check-json.js';
import { explainResultJson } from '../../../src/report/explain-json.js';
import type { Actor, CheckReportJson } from '../api/api-types.js';
import { OwnerStrip } from '../components/owner-strip.js';
import { CHECK_AREAS, CheckReportView, groupChecks } from './check-report-view.js';
import { ExplainResultView, providerName } from './explain-result-view.js';

const REPO = join(import.meta.dirname, '..', '..', '..');

/** The text of the marked party of a rendered strip. */
function marked(markup: string): string[] {
  return [...markup.matchAll(/<li class="owner-party owner-marked" aria-current="true">(.*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

describe('OwnerStrip', () => {
  it.each<[Actor, string[]]>([
    ['sender', ['⚑ Sender action required']],
    ['sender-admin', ['⚑ Sender action required']],
    ['provider', ['⚑ Microsoft 365 action required']],
    ['recipient-admin', ['⚑ Recipient action required']],
    ['group-owner', ['⚑ Recipient action required']],
    ['none', []],
  ])('marks the party that must act for %s, in words', (actor, expected) => {
    const markup = renderToStaticMarkup(<OwnerStrip actor={actor} provider="Microsoft 365" />);
    expect(marked(markup)).toEqual(expected);
    expect(markup.match(/class="owner-party/g)).toHaveLength(3);
    expect(markup).toContain('Who must act: <strong>');
  });
});

describe('ExplainResultView', () => {
  it("shows an Exchange Online NDR's recipient with its reason, code, owner strip, steps and evidence", () => {
    const bytes = readFileSync(join(REPO, 'examples', 'exo-recipient-not-found.eml'));
    const result = explainResultJson('bounce.eml', analyzeBounce(bytes));
    const fact = result.bounces[0]!;
    const markup = renderToStaticMarkup(<ExplainResultView result={result} />);
    expect(providerName(result.mta)).toBe('Microsoft 365');
    expect(markup).toContain(fact.recipient);
    expect(markup).toContain(`<code>${fact.reason}</code>`);
    expect(markup).toContain(`${fact.replyCode} ${fact.status}`);
    expect(markup).toContain(fact.ruleId);
    expect(marked(markup)).toEqual(['⚑ Sender action required']);
    for (const step of [...fact.explanation.user, ...fact.explanation.admin]) expect(markup).toContain(step.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;'));
  });
});

describe('CheckReportView', () => {
  it('puts every check of a real report in its area once, with its status in words', async () => {
    const zone = readFixtureZone('healthy-m365');
    const ctx = createCheckContext({
      resolver: ZoneResolver.fromFile(zone),
      fetch: async (request) => ({ ok: false, url: request.url, address: request.address, code: 'refused', error: 'no network in tests', certificate: null, ms: 0 }),
    });
    const report = checkReportJson(await checkDomain(ctx, 'contoso.example', { smtp: false })) as unknown as CheckReportJson;
    const groups = groupChecks(report.checks);
    expect(groups.flatMap((g) => g.checks)).toHaveLength(report.checks.length);
    for (const group of groups) {
      const area = CHECK_AREAS.find((a) => a.title === group.title);
      for (const check of group.checks) expect(area?.checks ?? [], check.check).toContain(check.check);
    }
    const markup = renderToStaticMarkup(<CheckReportView report={report} />);
    expect(markup.match(/<details class="check check-/g)).toHaveLength(report.checks.length);
    for (const check of report.checks) expect(markup).toContain(`<details class="check check-${check.status}">`);
    expect(markup).toContain(`overall: ${report.verdict}`);
  });
});
