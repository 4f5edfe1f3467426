import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../io/dns/zone-resolver.js';
import { createCheckContext } from './context.js';
import { finding } from './kb/findings.js';
import { buildReport, runChecks, verdictOf, type CheckTask } from './run-checks.js';
import type { CheckResult } from './types.js';

const result = (check: CheckResult['check'], status: CheckResult['status'], findings: CheckResult['findings'] = []): CheckResult => ({ check, target: 't', status, findings, data: null, queries: [] });

describe('runChecks', () => {
  it('runs independent checks in parallel and dependent ones after their dependency', async () => {
    const ctx = createCheckContext({ resolver: ZoneResolver.fromFile({ records: {} }) });
    const order: string[] = [];
    const task = (name: CheckResult['check'], ms: number, after?: CheckResult['check'][]): CheckTask => ({
      name,
      target: 't',
      ...(after ? { after } : {}),
      run: async (_ctx, earlier) => {
        order.push(`start ${name}${after ? ` (saw ${after.filter((a) => earlier.has(a)).join(',')})` : ''}`);
        await new Promise((r) => setTimeout(r, ms));
        return result(name, 'pass');
      },
    });
    const started = performance.now();
    const results = await runChecks([task('ptr', 40, ['mx']), task('mx', 40), task('spf', 40)], ctx, { timeoutMs: 5_000 });
    expect(performance.now() - started).toBeLessThan(150);
    expect(results.map((r) => r.check)).toEqual(['ptr', 'mx', 'spf']);
    expect(order).toEqual(['start mx', 'start spf', 'start ptr (saw mx)']);
  });

  it('resultOf: a check starts at once and gets another check\'s result when it is done', async () => {
    const ctx = createCheckContext({ resolver: ZoneResolver.fromFile({ records: {} }) });
    const order: string[] = [];
    let finishMx: () => void = () => undefined;
    const mx: CheckTask = {
      name: 'mx',
      target: 't',
      run: async () => {
        order.push('start mx');
        await new Promise<void>((resolve) => (finishMx = resolve));
        order.push('end mx');
        return result('mx', 'warn');
      },
    };
    const sts: CheckTask = {
      name: 'mtasts',
      target: 't',
      run: async (_ctx, _earlier, resultOf) => {
        order.push('start mtasts');
        const pending = resultOf('mx');
        finishMx();
        const [mxResult, none] = await Promise.all([pending, resultOf('dane')]);
        order.push(`mtasts saw mx ${mxResult?.status}, dane ${none}`);
        return result('mtasts', 'pass');
      },
    };
    const results = await runChecks([mx, sts], ctx, { timeoutMs: 5_000 });
    expect(results.map((r) => r.check)).toEqual(['mx', 'mtasts']);
    expect(order).toEqual(['start mx', 'start mtasts', 'end mx', 'mtasts saw mx warn, dane undefined']);
  });

  it('stops waiting at the overall deadline: unfinished checks are temperror with check.timeout', async () => {
    const ctx = createCheckContext({ resolver: ZoneResolver.fromFile({ records: { 'a.example': { A: ['192.0.2.1'] } } }, { delayMs: 300 }) });
    const slow: CheckTask = { name: 'mx', target: 'a.example', run: async (c) => (await c.resolver.query('a.example', 'A'), result('mx', 'pass')) };
    const fast: CheckTask = { name: 'spf', target: 'a.example', run: async () => result('spf', 'pass') };
    const report = await buildReport('domain', 'a.example', [slow, fast], ctx, { timeoutMs: 50 });
    expect(report.checks.map((c) => [c.check, c.status, c.findings.map((f) => f.code)])).toEqual([
      ['resolver', 'pass', []],
      ['mx', 'temperror', ['check.timeout']],
      ['spf', 'pass', []],
    ]);
    expect(report.verdict).toBe('inconclusive');
  });
});

describe('verdictOf', () => {
  it('fail > inconclusive > warn > pass; a failing resolver makes it inconclusive', () => {
    expect(verdictOf([result('mx', 'pass')])).toBe('pass');
    expect(verdictOf([result('mx', 'pass', [finding('spf.lookups-near-limit', {})])])).toBe('pass');
    expect(verdictOf([result('mx', 'none')])).toBe('warn');
    expect(verdictOf([result('mx', 'warn'), result('spf', 'temperror')])).toBe('inconclusive');
    expect(verdictOf([result('mx', 'fail'), result('spf', 'temperror')])).toBe('fail');
    expect(verdictOf([result('resolver', 'temperror'), result('mx', 'fail')])).toBe('inconclusive');
  });

  it('an unanswered blocklist lowers the verdict to warn, not inconclusive', () => {
    expect(verdictOf([result('mx', 'pass'), result('dnsbl-domain', 'temperror')])).toBe('warn');
    expect(verdictOf([result('mx', 'pass'), result('dnsbl', 'temperror'), result('spf', 'temperror')])).toBe('inconclusive');
  });
});
