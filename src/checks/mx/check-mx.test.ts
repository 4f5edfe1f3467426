import { describe, expect, it } from 'vitest';
import { ZoneResolver, type DnsZoneFile } from '../../io/dns/zone-resolver.js';
import { createCheckContext } from '../context.js';
import { checkMx } from './check-mx.js';
import { microsoft365MxForm, parseMx } from './parse-mx.js';

const run = async (records: DnsZoneFile['records'], domain = 'a.example', rcodes: DnsZoneFile['rcodes'] = {}) => {
  const result = await checkMx(createCheckContext({ resolver: ZoneResolver.fromFile({ records, rcodes }) }), domain);
  return { status: result.status, codes: result.findings.map((f) => f.code), data: result.data };
};

describe('parseMx', () => {
  it('orders by preference, recognises the null MX, IP literals and Microsoft 365 forms', () => {
    const parsed = parseMx([
      { priority: 20, exchange: 'b.example' },
      { priority: 10, exchange: 'contoso-com.mail.protection.outlook.com' },
      { priority: 10, exchange: '[192.0.2.1]' },
      { priority: 0, exchange: '' },
    ]);
    expect(parsed.map((h) => [h.priority, h.exchange, h.isNull, h.ipLiteral, h.microsoft365])).toEqual([
      [0, '', true, false, null],
      [10, '[192.0.2.1]', false, true, null],
      [10, 'contoso-com.mail.protection.outlook.com', false, false, 'mail.protection.outlook.com'],
      [20, 'b.example', false, false, null],
    ]);
    expect(microsoft365MxForm('contoso-com.j-v1.mx.microsoft')).toBe('mx.microsoft');
    expect(microsoft365MxForm('mx.microsoft.example')).toBeNull();
  });
});

describe('checkMx', () => {
  it('no MX but an address: the implicit MX (RFC 5321 section 5.1)', async () => {
    expect(await run({ 'a.example': { A: ['192.0.2.1'], TXT: ['x'] } })).toMatchObject({ status: 'warn', codes: ['mx.fallback-address'], data: { fallback: { A: ['192.0.2.1'], AAAA: [] } } });
  });

  it('no MX and no address: mx.none', async () => {
    expect(await run({ 'a.example': { TXT: ['x'] } })).toMatchObject({ status: 'fail', codes: ['mx.none'] });
  });

  it('NXDOMAIN: the domain does not exist (not "no MX")', async () => {
    expect(await run({ 'b.example': { A: ['192.0.2.1'] } })).toMatchObject({ status: 'fail', codes: ['mx.domain-not-found'] });
  });

  it('SERVFAIL: temperror, never mx.none', async () => {
    expect(await run({}, 'a.example', { 'a.example': 'SERVFAIL' })).toMatchObject({ status: 'temperror', codes: ['dns.lookup-failed'] });
  });

  it('an MX host that is a CNAME, one without address, an IP literal', async () => {
    const result = await run({
      'a.example': { MX: [{ priority: 10, exchange: 'alias.a.example' }, { priority: 20, exchange: 'gone.a.example' }, { priority: 30, exchange: '192.0.2.9' }] },
      'alias.a.example': { CNAME: 'real.a.example' },
      'real.a.example': { A: ['192.0.2.2'] },
    });
    expect(result.status).toBe('fail');
    expect(result.codes).toEqual(['mx.target-cname', 'mx.target-unresolvable', 'mx.target-ip-literal']);
    expect(result.data?.hosts.map((h) => [h.exchange, h.resolvable, h.cname])).toEqual([
      ['alias.a.example', true, 'real.a.example'],
      ['gone.a.example', false, null],
      ['192.0.2.9', false, null],
    ]);
  });

  it('no MX host has an address: mx.all-targets-unresolvable', async () => {
    const result = await run({ 'a.example': { MX: [{ priority: 10, exchange: 'mx.a.example' }] } });
    expect(result).toMatchObject({ status: 'fail', codes: ['mx.target-unresolvable', 'mx.all-targets-unresolvable'] });
  });

  it('a null MX with other MX records', async () => {
    const result = await run({ 'a.example': { MX: [{ priority: 0, exchange: '.' }, { priority: 10, exchange: 'mx.a.example' }] }, 'mx.a.example': { A: ['192.0.2.3'] } });
    expect(result.codes).toEqual(['mx.null-with-others']);
  });

  it('Microsoft 365 mx.microsoft form named; mixed with another host', async () => {
    const result = await run({
      'a.example': { MX: [{ priority: 0, exchange: 'a-example.o-v1.mx.microsoft' }, { priority: 10, exchange: 'backup.a.example' }] },
      'a-example.o-v1.mx.microsoft': { A: ['198.51.100.1'] },
      'backup.a.example': { A: ['192.0.2.4'] },
    });
    expect(result).toMatchObject({ status: 'warn', codes: ['mx.microsoft-365', 'mx.microsoft-365-mixed'], data: { provider: 'Microsoft 365' } });
  });
});
