/**
 * `POST /api/explain`, `POST /api/headers` and the codes routes, in-process: the answers are
 * what the CLI prints with --json (compared with the CLI run on the same input), for raw
 * bodies, JSON bodies and base64 (.msg); bad input gives problem details.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCodeEntries } from '../../src/codes/lookup-code.js';
import { buildOutlookMsg } from '../helpers/build-outlook-msg.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { createTestApi, type TestApi } from '../helpers/serve-app.js';

const EXAMPLE = 'examples/exo-recipient-not-found.eml';
const HEADERS_DIR = join('test', 'fixtures', 'headers');

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

async function post(url: string, payload: string | Buffer | object, contentType?: string) {
  return api.app.inject({ method: 'POST', url, payload: payload as string, ...(contentType ? { headers: { 'content-type': contentType } } : {}) });
}

describe('POST /api/explain', () => {
  it('a raw message: exactly what `maildoctor explain --json` prints, key order included', async () => {
    const response = await post(`/api/explain?name=${encodeURIComponent(EXAMPLE)}`, readFileSync(EXAMPLE), 'message/rfc822');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const cli = await runCliCaptured(['explain', '--json', EXAMPLE]);
    expect(JSON.stringify(JSON.parse(response.body))).toBe(JSON.stringify(JSON.parse(cli.stdout)));
    expect(JSON.parse(response.body)[0]).toMatchObject({ kind: 'bounce', bounces: [{ recipient: 'jonas.berg@fabrikam.com', reason: 'userunknown', actor: 'sender' }] });
  });

  it('?headers=true is `explain --headers`; JSON text and text/plain bodies give the same answer', async () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const json = await post('/api/explain?headers=true', { message: text, name: EXAMPLE });
    const plain = await post(`/api/explain?headers=true&name=${encodeURIComponent(EXAMPLE)}`, text, 'text/plain');
    const cli = await runCliCaptured(['explain', '--json', '--headers', EXAMPLE]);
    expect(JSON.parse(json.body)).toEqual(JSON.parse(cli.stdout));
    expect(JSON.parse(plain.body)).toEqual(JSON.parse(cli.stdout));
    expect(JSON.parse(json.body)[0].originalHeaders).not.toBeNull();
  });

  it('an Outlook .msg as base64 JSON or as application/octet-stream', async () => {
    const msg = buildOutlookMsg({
      properties: [
        { tag: 0x001a001f, value: 'REPORT.IPM.Note.NDR' },
        { tag: 0x0037001f, value: 'Undeliverable: Minutes' },
        { tag: 0x1000001f, value: "Your message to bob@example.org couldn't be delivered.\r\nRemote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'" },
      ],
      recipients: [[
        { tag: 0x3001001f, value: 'bob@example.org' }, { tag: 0x3002001f, value: 'SMTP' }, { tag: 0x3003001f, value: 'bob@example.org' },
        { tag: 0x39fe001f, value: 'bob@example.org' }, { tag: 0x0c1b001f, value: "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'" },
      ]],
    });
    const viaJson = await post('/api/explain', { message: msg.toString('base64'), encoding: 'base64', name: 'ndr.msg' });
    const raw = await post('/api/explain?name=ndr.msg', msg, 'application/octet-stream');
    expect(viaJson.statusCode).toBe(200);
    const [result] = JSON.parse(viaJson.body);
    expect(result).toMatchObject({ file: 'ndr.msg', kind: 'bounce', bounces: [{ recipient: 'bob@example.org', status: '5.1.1', reason: 'userunknown' }] });
    expect(result.notes.map((n: { code: string }) => n.code)).toContain('input.outlook-msg');
    expect(raw.body).toBe(viaJson.body);
  });

  it('an mbox body gives one result per message (`-#1`, `-#2`); an empty body the input.empty note', async () => {
    const message = readFileSync(EXAMPLE, 'latin1').replace(/\r\n/g, '\n');
    const mbox = `From MAILER-DAEMON Sat Nov 28 05:00:00 2026\n${message}\nFrom MAILER-DAEMON Sat Nov 28 05:01:00 2026\n${message}\n`;
    const results = JSON.parse((await post('/api/explain', mbox, 'text/plain')).body) as { file: string; kind: string }[];
    expect(results.map((r) => [r.file, r.kind])).toEqual([['-#1', 'bounce'], ['-#2', 'bounce']]);
    const empty = JSON.parse((await post('/api/explain', '', 'text/plain')).body);
    expect(empty).toEqual([expect.objectContaining({ file: '-', kind: 'not-bounce', notes: [expect.objectContaining({ code: 'input.empty' })] })]);
  });

  it('bad input: base64 that is not, an empty JSON message, an unknown encoding, a bad headers flag', async () => {
    const cases: [string, object, string][] = [
      ['/api/explain', { message: 'not base64!', encoding: 'base64' }, 'body.message'],
      ['/api/explain', { message: '' }, 'body.message'],
      ['/api/explain', { message: 'x', encoding: 'utf-7' }, 'body.encoding'],
      ['/api/explain?headers=yes', { message: 'x' }, 'querystring.headers'],
    ];
    for (const [url, body, field] of cases) {
      const response = await post(url, body);
      expect(response.statusCode, url + JSON.stringify(body)).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'validation', errors: [expect.objectContaining({ field })] });
    }
  });

  it('413 for a JSON body past the limit', async () => {
    const response = await post('/api/explain', { message: 'x'.repeat(api.config.maxBodyBytes) });
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ status: 413, code: 'payload-too-large' });
  });
});

describe('POST /api/headers', () => {
  it('exactly what `maildoctor headers --json` prints; ?outer=true is --outer', async () => {
    for (const [name, outer] of [['m365-inbound-junk.eml', false], ['bounce-rfc822.eml', false], ['bounce-rfc822.eml', true]] as const) {
      const file = join(HEADERS_DIR, name);
      const response = await post(`/api/headers?name=${encodeURIComponent(file)}${outer ? '&outer=true' : ''}`, readFileSync(file), 'message/rfc822');
      expect(response.statusCode).toBe(200);
      const cli = await runCliCaptured(['headers', '--json', ...(outer ? ['--outer'] : []), file]);
      expect(JSON.stringify(JSON.parse(response.body))).toBe(JSON.stringify(JSON.parse(cli.stdout)));
    }
  });

  it('input with no headers is 422 unreadable-input, as the CLI exits 2', async () => {
    const empty = await post('/api/headers', { message: '   ' });
    expect(JSON.parse(empty.body)).toMatchObject({ status: 422, code: 'unreadable-input', detail: 'the input is empty' });
    const prose = await post('/api/headers', readFileSync(join(HEADERS_DIR, 'not-headers.txt')), 'text/plain');
    expect(JSON.parse(prose.body)).toMatchObject({ status: 422, code: 'unreadable-input' });
    expect((await runCliCaptured(['headers', join(HEADERS_DIR, 'not-headers.txt')])).code).toBe(2);
  });
});

describe('GET /api/codes', () => {
  it('/api/codes/{code} gives every meaning, as `maildoctor code --json`; a range works too', async () => {
    for (const code of ['5.7.1', '5.1.10', '5.7.606-649', '4.4.7']) {
      const response = await api.app.inject({ method: 'GET', url: `/api/codes/${encodeURIComponent(code)}` });
      expect(response.statusCode, code).toBe(200);
      const cli = await runCliCaptured(['code', '--json', code]);
      expect(JSON.parse(response.body)).toEqual(JSON.parse(cli.stdout));
    }
    expect(JSON.parse((await api.app.inject({ method: 'GET', url: '/api/codes/5.7.1' })).body).length).toBeGreaterThan(1);
  });

  it('?q= searches codes and pasted lines; without q every entry; no match is an empty list', async () => {
    const pasted = await api.app.inject({ method: 'GET', url: `/api/codes?q=${encodeURIComponent('550 5.7.1 Unable to relay')}` });
    expect(JSON.parse(pasted.body)).toEqual(JSON.parse((await runCliCaptured(['code', '--json', '550 5.7.1 Unable to relay'])).stdout));
    const all = JSON.parse((await api.app.inject({ method: 'GET', url: '/api/codes' })).body) as { id: string; signature?: unknown }[];
    expect(all).toHaveLength(allCodeEntries().length);
    expect(all.some((e) => 'signature' in e)).toBe(false);
    const none = await api.app.inject({ method: 'GET', url: '/api/codes?q=zzzzzz' });
    expect([none.statusCode, JSON.parse(none.body)]).toEqual([200, []]);
  });

  it('an unknown code is 404 problem details; an overlong query 400', async () => {
    const missing = await api.app.inject({ method: 'GET', url: '/api/codes/nothing-here' });
    expect(JSON.parse(missing.body)).toMatchObject({ status: 404, code: 'not-found', detail: 'no entry for "nothing-here"' });
    const long = await api.app.inject({ method: 'GET', url: `/api/codes?q=${'x'.repeat(1001)}` });
    expect(JSON.parse(long.body)).toMatchObject({ status: 400, code: 'validation', errors: [{ field: 'querystring.q' }] });
  });
});
