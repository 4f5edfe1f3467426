import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { cacheAnswers } from './cached-resolver.js';
import { QueryLog, logQueries } from './query-log.js';
import { RecordingResolver, readRecording, replayResolver, validateRecording, writeRecording } from './recording-resolver.js';
import { judgeResolverHealth } from './resolver-health.js';
import type { DnsAnswer } from './resolver.js';
import { ZoneResolver } from './zone-resolver.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const zone = () => ZoneResolver.fromFile({ records: { 'a.example': { A: ['192.0.2.1'] }, 'slow.example': { A: ['192.0.2.2'] } }, rcodes: { 'bad.example': 'SERVFAIL' } });

describe('query log and cache', () => {
  it('logs in asking order with time and answer; the cache asks each question once', async () => {
    const log = new QueryLog();
    let asked = 0;
    const inner = zone();
    const counting = { description: 'z', query: ((name: string, type: never) => (asked++, inner.query(name, type))) as typeof inner.query };
    const resolver = cacheAnswers(logQueries(counting, fixedClock(new Date('2026-01-02T03:04:05Z')), log));
    await Promise.all([resolver.query('slow.example', 'A'), resolver.query('a.example', 'A'), resolver.query('A.example.', 'A')]);
    expect(asked).toBe(2);
    expect(log.entries.map((e) => [e.name, e.rcode, e.at])).toEqual([
      ['slow.example', 'NOERROR', '2026-01-02T03:04:05.000Z'],
      ['a.example', 'NOERROR', '2026-01-02T03:04:05.000Z'],
    ]);
  });
});

describe('recording and replay', () => {
  it('records the first answer per question and replays exactly that', async () => {
    const recorder = new RecordingResolver(zone());
    await recorder.query('a.example', 'A');
    await recorder.query('bad.example', 'MX');
    await recorder.query('a.example', 'A');
    const recording = recorder.toRecording(new Date('2026-03-01T10:00:00Z'), { kind: 'domain', name: 'a.example' });
    expect(recording.dns.map((a) => [a.name, a.type, a.rcode])).toEqual([
      ['a.example', 'A', 'NOERROR'],
      ['bad.example', 'MX', 'SERVFAIL'],
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'maildoctor-rec-')), 'r.json');
    writeRecording(file, recording);
    const replay = replayResolver(readRecording(file), file);
    expect((await replay.query('a.example', 'A')).records).toEqual(['192.0.2.1']);
    expect((await replay.query('bad.example', 'MX')).rcode).toBe('SERVFAIL');
    expect((await replay.query('other.example', 'A')).rcode).toBe('ERROR');
    expect(replay.description).toContain('replay of');
  });

  it('validates recordings', () => {
    expect(() => validateRecording({ format: 'maildoctor-check-recording', version: 2 })).toThrow(/version 2/);
    expect(() => validateRecording({ format: 'maildoctor-check-recording', version: 1, recordedAt: 'x' })).toThrow(/recordedAt/);
    const dir = mkdtempSync(join(tmpdir(), 'maildoctor-rec-'));
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => readRecording(join(dir, 'bad.json'))).toThrow(/not JSON/);
    expect(() => readRecording(join(dir, 'missing.json'))).toThrow(/ENOENT/);
  });
});

describe('judgeResolverHealth', () => {
  const a = (name: string, rcode: DnsAnswer['rcode'], records: string[] = []): DnsAnswer => ({ name, type: 'A', rcode, records, authenticated: null });
  it('tells failing, partly failing, all-NXDOMAIN and healthy apart', () => {
    expect(judgeResolverHealth([]).state).toBe('no-queries');
    expect(judgeResolverHealth([a('x', 'SERVFAIL'), a('y', 'TIMEOUT'), a('z', 'REFUSED')]).state).toBe('failing');
    expect(judgeResolverHealth([a('x', 'SERVFAIL'), a('y', 'NOERROR', ['192.0.2.1'])]).state).toBe('partly-failing');
    expect(judgeResolverHealth([a('x', 'NXDOMAIN'), a('y', 'NXDOMAIN')]).state).toBe('all-nxdomain');
    expect(judgeResolverHealth([a('x', 'NXDOMAIN')]).state).toBe('healthy');
    expect(judgeResolverHealth([a('x', 'NXDOMAIN'), a('x', 'NXDOMAIN'), a('y', 'NOERROR')])).toMatchObject({ state: 'healthy', total: 2, byRcode: { NXDOMAIN: 1, NOERROR: 1 } });
  });
});
