/**
 * `POST /api/diagnose` in-process, against the fixture DNS zone of the diagnose tests and an
 * SMTP fixture server on 127.0.0.1: the answer is what `maildoctor diagnose --json` prints for
 * the same bounce, resolver and SMTP port (times aside); the private-target guard works as for
 * the check routes (an MX at 127.0.0.1 is not connected to without --allow-private-targets:
 * target.private-address; a recipient under a local-network suffix is refused with 422);
 * several messages and bad JSON are 400; without the token 401 before the body is validated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsZoneFile } from '../../src/io/dns/zone-resolver.js';
import { startDnsFixtureServer, type DnsFixtureServer } from '../helpers/dns-fixture-server.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { AUTH, TEST_TOKEN, createTestApi, type TestApi } from '../helpers/serve-app.js';
import { startSmtpFixtureServer, type SmtpFixtureServer } from '../helpers/smtp-fixture-server.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'diagnose');
const bounce = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

interface Check { check: string; target: string | null; status: string; why: string; recipients: string[]; findings: { code: string; message: string }[] }
interface Diagnosis {
  bounce: { file: string; at: string | null; offline: boolean; resolver: string | null; recipients: unknown[] };
  verdict: { causeId: string; confidence: string; actor: string };
  checks: Check[];
  notes: { user: string; admin: string[]; postmaster: string | null };
}

let dns: DnsFixtureServer;
let plain: SmtpFixtureServer;

beforeAll(async () => {
  dns = await startDnsFixtureServer(JSON.parse(readFileSync(join(FIXTURES, 'diagnose.zone.json'), 'utf8')) as DnsZoneFile);
  plain = await startSmtpFixtureServer({ tls: null, name: 'mx.plain.example' });
}, 30_000);
afterAll(async () => {
  await Promise.all([dns?.close(), plain?.close()]);
});

async function withApi(allowPrivateTargets: boolean, run: (api: TestApi) => Promise<void>): Promise<void> {
  const api = await createTestApi({ token: TEST_TOKEN, allowPrivateTargets, dnsServers: [dns.address], smtpPort: plain.port, checkTimeoutMs: 10_000 });
  try {
    await run(api);
  } finally {
    await api.close();
  }
}

async function diagnose(api: TestApi, body: string | object, query = '', headers: Record<string, string> = AUTH) {
  const json = typeof body !== 'string';
  const response = await api.app.inject({ method: 'POST', url: `/api/diagnose${query}`, payload: json ? JSON.stringify(body) : body, headers: { ...headers, 'content-type': json ? 'application/json' : 'text/plain' } });
  return { status: response.statusCode, body: JSON.parse(response.body) as Diagnosis & { code?: string; detail?: string; errors?: { field: string }[] }, type: response.headers['content-type'] };
}

async function cliDiagnose(fixture: string): Promise<Diagnosis> {
  const run = await runCliCaptured(['diagnose', join(FIXTURES, fixture), '--dns-server', dns.address, '--smtp-port', String(plain.port), '--json']);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Diagnosis;
}

/** The diagnosis without what differs between two runs (the time, the input's name, timings inside check data). */
const stable = (d: Diagnosis) => ({
  bounce: { ...d.bounce, file: null, at: null },
  verdict: d.verdict,
  notes: d.notes,
  checks: d.checks.map((c) => ({ check: c.check, target: c.target, status: c.status, why: c.why, recipients: c.recipients, findings: c.findings.map((f) => f.code) })),
});

describe('POST /api/diagnose', () => {
  it('answers as `diagnose --json` for the same bounce and resolver (SPF fail for the IP of the reply)', async () => {
    // The reply names a documentation address (203.0.113.25), which the guard refuses as a target unless allowed.
    await withApi(true, async (api) => {
      const { status, body } = await diagnose(api, bounce('spf-fail.eml'), '?name=spf-fail.eml');
      expect(status).toBe(200);
      expect(body.bounce.file).toBe('spf-fail.eml');
      expect(body.bounce.offline).toBe(false);
      expect(body.verdict).toMatchObject({ causeId: 'spf-fail', confidence: 'high', actor: 'sender-admin' });
      expect(stable(body)).toEqual(stable(await cliDiagnose('spf-fail.eml')));
      expect(api.connections).toEqual([]);
    });
  });

  it('the same bounce as JSON with base64 gives the same diagnosis', async () => {
    await withApi(false, async (api) => {
      const raw = await diagnose(api, bounce('address-typo.eml'));
      const json = await diagnose(api, { message: Buffer.from(bounce('address-typo.eml')).toString('base64'), encoding: 'base64', name: 'typo.eml' });
      expect(json.status).toBe(200);
      expect(raw.body.bounce.file).toBe('-');
      expect(json.body.bounce.file).toBe('typo.eml');
      expect(stable(json.body)).toEqual(stable(raw.body));
      expect(json.body.verdict).toMatchObject({ causeId: 'typo-domain' });
    });
  });

  it('with --allow-private-targets the MX at 127.0.0.1 is probed on the server\'s SMTP port, as the CLI does', async () => {
    await withApi(true, async (api) => {
      const { status, body } = await diagnose(api, bounce('no-starttls.eml'));
      expect(status).toBe(200);
      expect(body.verdict).toMatchObject({ causeId: 'no-starttls', confidence: 'high', actor: 'recipient-admin' });
      expect(api.connections).toContain(`smtp 127.0.0.1:${plain.port}`);
      expect(stable(body)).toEqual(stable(await cliDiagnose('no-starttls.eml')));
    });
  });

  it('without it nothing connects to 127.0.0.1: the SMTP check carries target.private-address', async () => {
    const before = plain.commands.length;
    await withApi(false, async (api) => {
      const { status, body } = await diagnose(api, bounce('no-starttls.eml'));
      expect(status).toBe(200);
      const smtp = body.checks.find((c) => c.check === 'smtp' && c.status !== 'not-run');
      expect(smtp?.findings.map((f) => f.code)).toContain('target.private-address');
      expect(smtp?.findings.find((f) => f.code === 'target.private-address')?.message).toContain('[127.0.0.1]: that is a loopback address');
      expect(body.verdict.causeId).not.toBe('no-starttls');
      expect(api.connections).toEqual([]);
    });
    expect(plain.commands.length).toBe(before);
  });

  it('a recipient under a local-network suffix, or a sending IP that is not public, is refused (422) before anything is asked, unless allowed', async () => {
    const internal = bounce('no-starttls.eml').replaceAll('plain.example', 'mail.corp.internal');
    await withApi(false, async (api) => {
      const documentation = await diagnose(api, bounce('spf-fail.eml'));
      expect(documentation.status).toBe(422);
      expect(documentation.body.detail).toBe('203.0.113.25 is a documentation address; this server does not check internal addresses');
      const asked = dns.received.length;
      const { status, body, type } = await diagnose(api, internal);
      expect(status).toBe(422);
      expect(type).toContain('application/problem+json');
      expect(body).toMatchObject({ code: 'private-target' });
      expect(body.detail).toContain('mail.corp.internal is under .internal');
      expect(dns.received.length).toBe(asked);
    });
    await withApi(true, async (api) => {
      expect((await diagnose(api, internal)).status).toBe(200);
    });
  });

  it('several messages (an mbox), bad base64 and a JSON body without the message are 400', async () => {
    await withApi(false, async (api) => {
      const one = bounce('address-typo.eml');
      const mbox = `From MAILER-DAEMON Mon Nov  9 14:00:00 2026\n${one}\nFrom MAILER-DAEMON Mon Nov  9 14:05:00 2026\n${one}\n`;
      const several = await diagnose(api, mbox);
      expect(several.status).toBe(400);
      expect(several.body.detail).toContain('more than one message');
      const base64 = await diagnose(api, { message: 'not base64!', encoding: 'base64' });
      expect(base64.body).toMatchObject({ code: 'validation', errors: [{ field: 'body.message' }] });
      const missing = await diagnose(api, { encoding: 'text' });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ code: 'validation' });
    });
  });

  it('needs the token: 401 before the body is validated or anything is asked', async () => {
    await withApi(false, async (api) => {
      const asked = dns.received.length;
      for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }] as Record<string, string>[]) {
        const response = await diagnose(api, { encoding: 'nonsense' }, '', headers);
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ code: 'unauthorized' });
      }
      expect((await diagnose(api, bounce('spf-fail.eml'), '', {})).status).toBe(401);
      expect(dns.received.length).toBe(asked);
    });
  });

  it('is in the OpenAPI document with its body and response schemas, behind the token', async () => {
    await withApi(false, async (api) => {
      const doc = JSON.parse((await api.app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
      const route = doc.paths['/api/diagnose'].post;
      expect(route.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(route.requestBody.content)).toEqual(expect.arrayContaining(['application/json', 'text/plain', 'message/rfc822']));
      expect(route.responses['200']).toBeDefined();
      expect(route.responses['422']).toBeDefined();
      expect(JSON.stringify(doc.components.schemas.Diagnosis)).toContain('verdict');
    });
  });
});
