import { describe, expect, it } from 'vitest';
import { ZoneResolver, answerFromZone, compileZone, zoneFromAnswers } from './zone-resolver.js';

const zone = compileZone({
  records: {
    'example.com': { A: ['192.0.2.1'], TXT: ['v=spf1 -all', ['a'.repeat(255), 'b']], MX: [{ priority: 0, exchange: '.' }] },
    'www.example.com': { CNAME: 'example.com' },
    'loop1.example.com': { CNAME: 'loop2.example.com' },
    'loop2.example.com': { CNAME: 'loop1.example.com' },
    'dangling.example.com': { CNAME: 'nowhere.example.com' },
    'deep.sub.example.com': { A: ['192.0.2.2'] },
    'long.example.com': { TXT: ['x'.repeat(300)] },
  },
  rcodes: { 'broken.example.com': 'SERVFAIL', '*.slow.example.com': 'TIMEOUT' },
  authenticated: ['example.com'],
});

describe('answerFromZone', () => {
  it('NOERROR with records, NODATA (NOERROR, none), NXDOMAIN', () => {
    expect(answerFromZone(zone, 'Example.COM.', 'A').answer).toMatchObject({ name: 'example.com', rcode: 'NOERROR', records: ['192.0.2.1'], authenticated: true });
    expect(answerFromZone(zone, 'example.com', 'AAAA').answer).toMatchObject({ rcode: 'NOERROR', records: [] });
    expect(answerFromZone(zone, 'sub.example.com', 'A').answer).toMatchObject({ rcode: 'NOERROR', records: [] });
    expect(answerFromZone(zone, 'nope.example.com', 'A').answer).toMatchObject({ rcode: 'NXDOMAIN', records: [] });
  });

  it('TXT strings kept, long strings split at 255 bytes; the null MX as ""', () => {
    expect(answerFromZone(zone, 'example.com', 'TXT').answer.records).toEqual([['v=spf1 -all'], ['a'.repeat(255), 'b']]);
    expect(answerFromZone(zone, 'long.example.com', 'TXT').answer.records).toEqual([['x'.repeat(255), 'x'.repeat(45)]]);
    expect(answerFromZone(zone, 'example.com', 'MX').answer.records).toEqual([{ priority: 0, exchange: '' }]);
  });

  it('follows CNAME chains like a recursive resolver', () => {
    const www = answerFromZone(zone, 'www.example.com', 'A');
    expect(www.answer.records).toEqual(['192.0.2.1']);
    expect(www.chain).toEqual([{ name: 'www.example.com', target: 'example.com' }]);
    expect(answerFromZone(zone, 'www.example.com', 'CNAME').answer.records).toEqual(['example.com']);
    expect(answerFromZone(zone, 'dangling.example.com', 'A').answer.rcode).toBe('NXDOMAIN');
    expect(answerFromZone(zone, 'loop1.example.com', 'A').answer.rcode).toBe('SERVFAIL');
  });

  it('forced rcodes, by name and for a whole subtree', () => {
    expect(answerFromZone(zone, 'broken.example.com', 'MX').answer.rcode).toBe('SERVFAIL');
    expect(answerFromZone(zone, 'a.b.slow.example.com', 'A').answer.rcode).toBe('TIMEOUT');
    expect(answerFromZone(zone, 'slow.example.com', 'A').answer.rcode).toBe('TIMEOUT');
  });

  it('a replay zone answers exactly what was recorded and ERROR for the rest', () => {
    const replay = zoneFromAnswers([{ name: 'example.com', type: 'MX', rcode: 'SERVFAIL', records: [], authenticated: null }]);
    expect(answerFromZone(replay, 'example.com', 'MX').answer.rcode).toBe('SERVFAIL');
    expect(answerFromZone(replay, 'example.com', 'A').answer).toMatchObject({ rcode: 'ERROR', error: 'not in the recording' });
  });

  it('rejects bad zone files with the entry named', () => {
    expect(() => compileZone({ records: { 'a.example': { MX: ['mx.a.example'] } } }, 'z.json')).toThrow(/z\.json a\.example MX\[0\]/);
    expect(() => compileZone({ records: { 'a.example': { CNAME: 'b.example', A: ['192.0.2.1'] } } })).toThrow(/CNAME cannot sit beside/);
    expect(() => compileZone({ records: { 'a.example': { SRV: [] } } as never })).toThrow(/unknown record type SRV/);
    expect(() => compileZone({ defaultRcode: 'MAYBE' as never })).toThrow(/unknown rcode/);
  });
});

describe('ZoneResolver', () => {
  it('answers copies, optionally after a delay', async () => {
    const resolver = new ZoneResolver(zone, { delayMs: 20 });
    const started = Date.now();
    const a = await resolver.query('example.com', 'TXT');
    a.records.push(['changed']);
    expect((await resolver.query('example.com', 'TXT')).records).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });
});
