import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpsFixtureServer, type HttpsFixtureServer } from '../../../test/helpers/https-fixture-server.js';
import { createHttpsFetcher } from './fetch-text.js';
import { RecordingFetcher, replayFetcher, validateHttpsRecording } from './recording-fetcher.js';

let server: HttpsFixtureServer;
const PATH = '/.well-known/mta-sts.txt';

beforeAll(async () => {
  server = await startHttpsFixtureServer({
    hosts: {
      'mta-sts.a.example': {
        certificate: 'valid',
        files: {
          [PATH]: { status: 200, contentType: 'text/plain; charset=utf-8', body: 'version: STSv1\r\nmode: enforce\r\n' },
          '/moved': { status: 301, location: 'https://elsewhere.example/policy.txt', body: 'moved' },
          '/big': { status: 200, contentType: 'text/plain', fillerBytes: 200_000 },
          '/slow': { status: 200, contentType: 'text/plain', body: 'late', delayMs: 1_000 },
        },
      },
      'mta-sts.b.example': { certificate: 'expired', files: { [PATH]: { status: 200, contentType: 'text/plain', body: 'x' } } },
      'mta-sts.c.example': { certificate: 'self-signed', files: { [PATH]: { status: 200, contentType: 'text/plain', body: 'x' } } },
    },
  });
}, 30_000);
afterAll(async () => {
  await server.close();
});

const url = (host: string, path = PATH) => `https://${host}${path}`;

describe('createHttpsFetcher', () => {
  it('GETs over TLS with SNI and Host, returning status, headers, body and a trusted certificate', async () => {
    const fetch = createHttpsFetcher({ port: server.port, ca: server.caPem });
    const result = await fetch({ url: url('mta-sts.a.example'), address: '127.0.0.1' });
    expect(result).toMatchObject({ ok: true, status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'version: STSv1\r\nmode: enforce\r\n' });
    expect(result.certificate).toMatchObject({ subject: 'mta-sts.a.example', issuer: 'maildoctor test CA', altNames: ['mta-sts.a.example'], trusted: true, error: null });
    expect(server.received).toContainEqual({ host: 'mta-sts.a.example', path: PATH });
  });

  it('reports expired, self-signed and unknown-CA certificates without failing the fetch', async () => {
    const trusting = createHttpsFetcher({ port: server.port, ca: server.caPem });
    const expired = await trusting({ url: url('mta-sts.b.example'), address: '127.0.0.1' });
    expect(expired).toMatchObject({ ok: true, certificate: { trusted: false, error: 'CERT_HAS_EXPIRED' } });
    expect(Date.parse(expired.certificate!.validTo)).toBeLessThan(Date.now());
    const selfSigned = await trusting({ url: url('mta-sts.c.example'), address: '127.0.0.1' });
    expect(selfSigned.certificate).toMatchObject({ trusted: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const plain = createHttpsFetcher({ port: server.port });
    const unknownCa = await plain({ url: url('mta-sts.a.example'), address: '127.0.0.1' });
    expect(unknownCa.certificate?.trusted).toBe(false);
  });

  it('does not follow redirects, caps the body, times out and never throws', async () => {
    const fetch = createHttpsFetcher({ port: server.port, ca: server.caPem, timeoutMs: 300 });
    expect(await fetch({ url: url('mta-sts.a.example', '/moved'), address: '127.0.0.1' })).toMatchObject({ ok: true, status: 301, headers: { location: 'https://elsewhere.example/policy.txt' } });
    expect(await fetch({ url: url('mta-sts.a.example', '/big'), address: '127.0.0.1' })).toMatchObject({ ok: false, code: 'too-large' });
    expect(await fetch({ url: url('mta-sts.a.example', '/slow'), address: '127.0.0.1' })).toMatchObject({ ok: false, code: 'timeout' });
    expect(await fetch({ url: 'http://mta-sts.a.example/', address: '127.0.0.1' })).toMatchObject({ ok: false, code: 'error' });
    expect(await fetch({ url: url('mta-sts.a.example'), address: 'not-an-ip' })).toMatchObject({ ok: false, code: 'error' });
    const closed = createHttpsFetcher({ port: 1, timeoutMs: 2_000 });
    expect(await closed({ url: url('mta-sts.a.example'), address: '127.0.0.1' })).toMatchObject({ ok: false, code: 'refused' });
  });
});

describe('recording and replay of fetches', () => {
  it('records each fetch once and replays it with no network; unknown URLs are not-recorded', async () => {
    const recorder = new RecordingFetcher(createHttpsFetcher({ port: server.port, ca: server.caPem }));
    const live = await recorder.fetch({ url: url('mta-sts.a.example'), address: '127.0.0.1' });
    await recorder.fetch({ url: url('mta-sts.a.example'), address: '127.0.0.1' });
    const recording = JSON.parse(JSON.stringify(recorder.toRecording())) as unknown;
    const section = validateHttpsRecording(recording, 'r.json');
    expect(section.fetches).toHaveLength(1);
    const replay = replayFetcher(section);
    expect(await replay({ url: url('mta-sts.a.example'), address: '127.0.0.1' })).toEqual(live);
    expect(await replay({ url: url('mta-sts.z.example'), address: '127.0.0.1' })).toMatchObject({ ok: false, code: 'not-recorded' });
    expect(() => validateHttpsRecording({ version: 2, fetches: [] }, 'r.json')).toThrow(/version 2/);
    expect(() => validateHttpsRecording({ version: 1, fetches: [{ ok: true, url: 'x', address: 'y' }] }, 'r.json')).toThrow(/fetches\[0\]/);
  });
});
