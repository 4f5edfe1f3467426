import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../../io/dns/zone-resolver.js';
import { DEFAULT_CHECK_LIMITS } from '../check-limits.js';
import { evaluateSpf } from './evaluate-spf.js';
import { getSpfTree } from './get-spf-tree.js';

// RFC 7208 appendix A: the example.com zone, with the record under test at example.com.
function appendixA(record: string): ZoneResolver {
  return ZoneResolver.fromFile({
    records: {
      'example.com': {
        MX: [{ priority: 10, exchange: 'mail-a.example.com' }, { priority: 20, exchange: 'mail-b.example.com' }],
        A: ['192.0.2.10', '192.0.2.11'],
        TXT: [record],
      },
      'amy.example.com': { A: ['192.0.2.65'] },
      'bob.example.com': { A: ['192.0.2.66'] },
      'mail-a.example.com': { A: ['192.0.2.129'] },
      'mail-b.example.com': { A: ['192.0.2.130'] },
      'www.example.com': { CNAME: 'example.com' },
      'example.org': { MX: [{ priority: 10, exchange: 'mail-c.example.org' }] },
      'mail-c.example.org': { A: ['192.0.2.140'] },
      '10.2.0.192.in-addr.arpa': { PTR: ['example.com'] },
      '11.2.0.192.in-addr.arpa': { PTR: ['example.com'] },
      '65.2.0.192.in-addr.arpa': { PTR: ['amy.example.com'] },
      '66.2.0.192.in-addr.arpa': { PTR: ['bob.example.com'] },
      '129.2.0.192.in-addr.arpa': { PTR: ['mail-a.example.com'] },
      '130.2.0.192.in-addr.arpa': { PTR: ['mail-b.example.com'] },
      '140.2.0.192.in-addr.arpa': { PTR: ['mail-c.example.org'] },
      '10.0.0.10.in-addr.arpa': { PTR: ['bob.example.com'] },
    },
  });
}

const HOSTS = ['192.0.2.10', '192.0.2.11', '192.0.2.65', '192.0.2.66', '192.0.2.128', '192.0.2.129', '192.0.2.130', '192.0.2.131', '192.0.2.140', '192.0.2.143', '192.0.2.144', '10.0.0.10'];

async function passing(record: string): Promise<string[]> {
  const resolver = appendixA(record);
  const out: string[] = [];
  for (const ip of HOSTS) {
    const e = await evaluateSpf(resolver, { ip, domain: 'example.com' }, DEFAULT_CHECK_LIMITS);
    if (e.result === 'pass') out.push(ip);
    else expect(e.result, `${record} for ${ip}`).toBe('fail');
  }
  return out;
}

describe('evaluateSpf: RFC 7208 appendix A.1', () => {
  it('v=spf1 +all', async () => expect(await passing('v=spf1 +all')).toEqual(HOSTS));
  it('v=spf1 a -all', async () => expect(await passing('v=spf1 a -all')).toEqual(['192.0.2.10', '192.0.2.11']));
  it('v=spf1 a:example.org -all', async () => expect(await passing('v=spf1 a:example.org -all')).toEqual([]));
  it('v=spf1 mx -all', async () => expect(await passing('v=spf1 mx -all')).toEqual(['192.0.2.129', '192.0.2.130']));
  it('v=spf1 mx:example.org -all', async () => expect(await passing('v=spf1 mx:example.org -all')).toEqual(['192.0.2.140']));
  it('v=spf1 mx mx:example.org -all', async () => expect(await passing('v=spf1 mx mx:example.org -all')).toEqual(['192.0.2.129', '192.0.2.130', '192.0.2.140']));
  it('v=spf1 mx/30 mx:example.org/30 -all', async () =>
    expect(await passing('v=spf1 mx/30 mx:example.org/30 -all')).toEqual(['192.0.2.128', '192.0.2.129', '192.0.2.130', '192.0.2.131', '192.0.2.140', '192.0.2.143']));
  it('v=spf1 ptr -all', async () =>
    expect(await passing('v=spf1 ptr -all')).toEqual(['192.0.2.10', '192.0.2.11', '192.0.2.65', '192.0.2.66', '192.0.2.129', '192.0.2.130']));
  it('v=spf1 ip4:192.0.2.128/28 -all', async () =>
    expect(await passing('v=spf1 ip4:192.0.2.128/28 -all')).toEqual(['192.0.2.128', '192.0.2.129', '192.0.2.130', '192.0.2.131', '192.0.2.140', '192.0.2.143']));
});

describe('evaluateSpf: results, trace and errors', () => {
  const zone = (records: Record<string, Record<string, unknown>>, rcodes: Record<string, 'SERVFAIL'> = {}) => ZoneResolver.fromFile({ records, rcodes });

  it('traces the matching term at its include depth', async () => {
    const resolver = zone({
      'a.example': { TXT: ['v=spf1 include:b.example ~all'] },
      'b.example': { TXT: ['v=spf1 ip4:198.51.100.0/24 include:c.example -all'] },
      'c.example': { TXT: ['v=spf1 ip6:2001:db8::/32 -all'] },
    });
    const e = await evaluateSpf(resolver, { ip: '2001:db8::5', domain: 'a.example' }, DEFAULT_CHECK_LIMITS);
    expect(e.result).toBe('pass');
    expect(e.matched).toEqual({ domain: 'c.example', depth: 2, term: 'ip6:2001:db8::/32' });
    expect(e.matchPath.map((m) => m.term)).toEqual(['include:b.example', 'include:c.example', 'ip6:2001:db8::/32']);
    expect(e.lookups).toBe(2);
    const softfail = await evaluateSpf(resolver, { ip: '203.0.113.1', domain: 'a.example' }, DEFAULT_CHECK_LIMITS);
    expect(softfail.result).toBe('softfail');
    expect(softfail.trace.map((t) => [t.depth, t.term, t.outcome])).toEqual([
      [0, 'record', 'record'],
      [1, 'record', 'record'],
      [1, 'ip4:198.51.100.0/24', 'no-match'],
      [2, 'record', 'record'],
      [2, 'ip6:2001:db8::/32', 'no-match'],
      [2, '-all', 'match'],
      [1, 'include:c.example', 'no-match'],
      [1, '-all', 'match'],
      [0, 'include:b.example', 'no-match'],
      [0, '~all', 'match'],
    ]);
  });

  it('IPv4-mapped IPv6 is evaluated as IPv4 (section 5)', async () => {
    const resolver = zone({ 'a.example': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] } });
    expect((await evaluateSpf(resolver, { ip: '::ffff:192.0.2.7', domain: 'a.example' }, DEFAULT_CHECK_LIMITS)).result).toBe('pass');
  });

  it('none, neutral, redirect, exists with macros', async () => {
    const resolver = zone({
      'a.example': { TXT: ['v=spf1 redirect=b.example'] },
      'b.example': { TXT: ['v=spf1 exists:%{ir}.allow.b.example'] },
      '7.2.0.192.allow.b.example': { A: ['127.0.0.2'] },
      'nospf.example': { TXT: ['hello'] },
    });
    expect((await evaluateSpf(resolver, { ip: '192.0.2.7', domain: 'a.example' }, DEFAULT_CHECK_LIMITS)).result).toBe('pass');
    const neutral = await evaluateSpf(resolver, { ip: '192.0.2.8', domain: 'a.example' }, DEFAULT_CHECK_LIMITS);
    expect([neutral.result, neutral.voidLookups]).toEqual(['neutral', 1]);
    expect((await evaluateSpf(resolver, { ip: '192.0.2.8', domain: 'nospf.example' }, DEFAULT_CHECK_LIMITS)).result).toBe('none');
  });

  it('permerror: multiple records, include without a record, syntax; temperror: SERVFAIL', async () => {
    const resolver = zone(
      {
        'two.example': { TXT: ['v=spf1 -all', 'v=spf1 +all'] },
        'inc.example': { TXT: ['v=spf1 include:missing.example -all'] },
        'bad.example': { TXT: ['v=spf1 ip4:300.0.0.1 -all'] },
        'tmp.example': { TXT: ['v=spf1 a:broken.example -all'] },
      },
      { 'broken.example': 'SERVFAIL' },
    );
    const run = (domain: string) => evaluateSpf(resolver, { ip: '192.0.2.1', domain }, DEFAULT_CHECK_LIMITS);
    expect(await run('two.example')).toMatchObject({ result: 'permerror', problem: { code: 'spf.multiple-records' } });
    expect(await run('inc.example')).toMatchObject({ result: 'permerror', problem: { code: 'spf.include-no-record' } });
    expect(await run('bad.example')).toMatchObject({ result: 'permerror', problem: { code: 'spf.syntax-error' } });
    expect(await run('tmp.example')).toMatchObject({ result: 'temperror', problem: { code: 'dns.lookup-failed' } });
  });

  it('an include loop ends in permerror at the lookup limit; the tree names the loop', async () => {
    const resolver = zone({ 'a.example': { TXT: ['v=spf1 include:b.example -all'] }, 'b.example': { TXT: ['v=spf1 include:a.example -all'] } });
    const e = await evaluateSpf(resolver, { ip: '192.0.2.1', domain: 'a.example' }, DEFAULT_CHECK_LIMITS);
    expect([e.result, e.lookups, e.problem?.code]).toEqual(['permerror', 11, 'spf.too-many-lookups']);
    const tree = await getSpfTree(resolver, 'a.example', DEFAULT_CHECK_LIMITS);
    expect(tree.root.terms[0]?.child?.terms[0]?.child?.status).toBe('loop');
    expect(tree.lookups).toBe(2);
  });

  it('the tree counts macros needing the IP and ptr without looking them up', async () => {
    const resolver = zone({ 'a.example': { TXT: ['v=spf1 ptr exists:%{i}.x.a.example a -all'], A: ['192.0.2.1'] } });
    const tree = await getSpfTree(resolver, 'a.example', DEFAULT_CHECK_LIMITS);
    expect(tree.root.terms.map((t) => [t.term, t.lookup, t.target ?? null, t.note ?? null])).toEqual([
      ['ptr', 1, null, 'depends on the connecting IP'],
      ['exists:%{i}.x.a.example', 2, null, 'macros need %{i}'],
      ['a', 3, 'a.example', null],
      ['-all', undefined, null, null],
    ]);
    expect(tree.voidLookups).toBe(0);
  });
});
