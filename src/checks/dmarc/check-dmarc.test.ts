import { describe, expect, it } from 'vitest';
import { ZoneResolver, type DnsZoneFile } from '../../io/dns/zone-resolver.js';
import { createCheckContext } from '../context.js';
import { checkDmarc } from './check-dmarc.js';

const run = async (domain: string, records: DnsZoneFile['records'], rcodes: DnsZoneFile['rcodes'] = {}) => {
  const result = await checkDmarc(createCheckContext({ resolver: ZoneResolver.fromFile({ records, rcodes }) }), domain);
  return { status: result.status, codes: result.findings.map((f) => f.code), data: result.data, asked: result.queries.map((q) => q.name) };
};

describe('checkDmarc', () => {
  it('a sound policy passes', async () => {
    expect(await run('a.example', { '_dmarc.a.example': { TXT: ['v=DMARC1; p=reject; rua=mailto:d@a.example'] } })).toMatchObject({ status: 'pass', codes: [], data: { policy: 'reject', source: 'domain' } });
  });

  it('several DMARC records: none applies (permerror)', async () => {
    expect(await run('a.example', { '_dmarc.a.example': { TXT: ['v=DMARC1; p=reject', 'v=DMARC1; p=none'] } })).toMatchObject({ status: 'permerror', codes: ['dmarc.multiple-records'] });
  });

  it('no p=: permerror, the rua fallback is named', async () => {
    const result = await run('a.example', { '_dmarc.a.example': { TXT: ['v=DMARC1; rua=mailto:d@a.example'] } });
    expect(result).toMatchObject({ status: 'permerror', codes: ['dmarc.policy-missing'], data: { policy: 'none' } });
  });

  it('partial pct and an unprotected subdomain policy warn', async () => {
    const result = await run('a.example', { '_dmarc.a.example': { TXT: ['v=DMARC1; p=quarantine; sp=none; pct=25; rua=mailto:d@a.example'] } });
    expect(result).toMatchObject({ status: 'warn', codes: ['dmarc.subdomain-policy-none', 'dmarc.pct-partial'] });
  });

  it('a subdomain gets sp= of the organisational domain', async () => {
    const result = await run('shop.a.example', { '_dmarc.a.example': { TXT: ['v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@a.example'] } });
    expect(result).toMatchObject({ status: 'pass', codes: ['dmarc.inherited'], data: { policy: 'quarantine', policyTag: 'sp', source: 'organizational-domain' } });
    expect(result.asked).toEqual(['_dmarc.shop.a.example', '_dmarc.a.example']);
  });

  it('a failed lookup is temperror and does not fall back to the organisational domain', async () => {
    const result = await run('shop.a.example', { '_dmarc.a.example': { TXT: ['v=DMARC1; p=none'] } }, { '_dmarc.shop.a.example': 'SERVFAIL' });
    expect(result).toMatchObject({ status: 'temperror', codes: ['dns.lookup-failed'] });
    expect(result.asked).toEqual(['_dmarc.shop.a.example']);
  });

  it('external report destinations: same organisation needs no record; authorised and failed lookups', async () => {
    const result = await run(
      'a.example',
      {
        '_dmarc.a.example': { TXT: ['v=DMARC1; p=reject; rua=mailto:d@reports.a.example,mailto:x@ok.example,mailto:y@down.example'] },
        'a.example._report._dmarc.ok.example': { TXT: ['v=DMARC1'] },
      },
      { 'a.example._report._dmarc.down.example': 'SERVFAIL' },
    );
    expect(result.codes).toEqual(['dns.lookup-failed']);
    expect(result.data?.reportDestinations.map((d) => [d.domain, d.external, d.authorized])).toEqual([
      ['reports.a.example', false, null],
      ['ok.example', true, true],
      ['down.example', true, null],
    ]);
  });
});
