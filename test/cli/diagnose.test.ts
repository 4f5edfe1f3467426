/**
 * `maildoctor diagnose`, end to end in-process: one fixture bounce per cause of issue 6
 * (test/fixtures/diagnose/), the fixture DNS zone on 127.0.0.1 (--dns-server) and SMTP servers
 * on loopback (--smtp-port), so that each cause is proven or ruled out by real lookups and real
 * SMTP conversations; nothing leaves loopback (every run names the fixture DNS server and an
 * SMTP fixture port). Asserted per cause: the cause, confidence, actor, evidence and what was
 * ruled out; also the planner's choice of checks (by the DNS questions actually asked),
 * --offline, --markdown, --record/--replay, --probe-rcpt, --fail-on and the usage errors.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsZoneFile } from '../../src/io/dns/zone-resolver.js';
import { startDnsFixtureServer, type DnsFixtureServer } from '../helpers/dns-fixture-server.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { closedPort, startSmtpFixtureServer, type SmtpFixtureServer } from '../helpers/smtp-fixture-server.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'diagnose');

interface Evidence { source: string; check: string | null; field: string | null; code: string | null; message: string }
interface Verdict { recipient: string; group: string; causeId: string; cause: string; confidence: string; actor: string; evidence: Evidence[]; ruledOut: { check: string; status: string; message: string }[] }
interface Notes { user: string; admin: string[]; postmaster: string | null }
interface Check { check: string; target: string | null; status: string; why: string; notRunKind?: string; recipients: string[]; findings: { code: string }[]; data: unknown }
interface Diagnosis {
  bounce: { file: string; kind: string; recipients: { recipient: string; group: string; verdict: Verdict; notes: Notes }[]; offline: boolean };
  verdict: Verdict;
  checks: Check[];
  notes: Notes;
}

let dns: DnsFixtureServer;
let dir = '';
let plain: SmtpFixtureServer;
let small: SmtpFixtureServer;
let relay: { port: number; close(): Promise<void> };
let downPort = 0;

/** An SMTP server that takes no mail for the domain it is the MX of: RCPT TO is refused as relaying. */
async function startRelayRefusingServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    name: 'mx.norelay.example',
    disableReverseLookup: true,
    logger: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onRcptTo(address, _session, callback) {
      const error = new Error(`5.7.1 <${address.address}>: Relay access denied`) as Error & { responseCode: number };
      error.responseCode = 554;
      callback(error);
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'maildoctor-diagnose-'));
  const zone = JSON.parse(readFileSync(join(FIXTURES, 'diagnose.zone.json'), 'utf8')) as DnsZoneFile;
  dns = await startDnsFixtureServer(zone);
  plain = await startSmtpFixtureServer({ tls: null, name: 'mx.plain.example' });
  small = await startSmtpFixtureServer({ tls: null, name: 'mx.small.example', size: 10_485_760 });
  relay = await startRelayRefusingServer();
  downPort = await closedPort();
}, 30_000);
afterAll(async () => {
  await Promise.all([dns?.close(), plain?.close(), small?.close(), relay?.close()]);
});

/** The live options: the fixture DNS server and an SMTP fixture port (the plain server unless another is named). */
function live(port = plain.port): string[] {
  return ['--dns-server', dns.address, '--smtp-port', String(port)];
}

async function diagnose(fixture: string, args: string[] = live()): Promise<{ code: number; json: Diagnosis; stderr: string; asked: string[] }> {
  const before = dns.received.length;
  const run = await runCliCaptured(['diagnose', join(FIXTURES, fixture), ...args, '--json']);
  const asked = dns.received.slice(before).map((q) => `${q.name.toLowerCase()} ${q.type}`);
  return { code: run.code, json: JSON.parse(run.stdout || '{}') as Diagnosis, stderr: run.stderr, asked };
}

const codes = (v: Verdict): string[] => v.evidence.map((e) => e.code).filter((c): c is string => c !== null);
const ran = (d: Diagnosis): string[] => d.checks.filter((c) => c.status !== 'not-run' && c.check !== 'resolver').map((c) => `${c.check} ${c.target}`);

describe('maildoctor diagnose: one fixture bounce per cause, proven by the fixture DNS zone and SMTP servers', () => {
  it('address error with a typo domain: gmial.com does not exist, so the typo is proven', async () => {
    const { code, json, asked } = await diagnose('address-typo.eml');
    expect(code).toBe(0);
    expect(json.verdict).toMatchObject({ recipient: 'bob@gmial.com', group: 'address', causeId: 'typo-domain', confidence: 'high', actor: 'sender' });
    expect(json.verdict.cause).toContain('gmail.com');
    expect(codes(json.verdict)).toEqual(expect.arrayContaining(['typo.suggestion', 'mx.domain-not-found']));
    expect(json.verdict.ruledOut.map((r) => r.check)).toEqual(['address-syntax']);
    expect(json.notes.user).toContain('bob@gmail.com');
    expect(json.notes.postmaster).toBeNull();
    // Only the address checks ran: MX of the recipient domain, no SPF, DKIM, DMARC or blocklist question.
    expect(ran(json).sort()).toEqual(['address-syntax bob@gmial.com', 'mx gmial.com', 'typo gmial.com']);
    expect(asked.every((q) => q.startsWith('gmial.com '))).toBe(true);
    expect(json.checks.find((c) => c.check === 'spf')).toMatchObject({ status: 'not-run' });
    expect(json.checks.find((c) => c.check === 'spf')?.why).toMatch(/^not called for by the cause \(address error\)/);
  });

  it('null MX and a domain that does not exist: two recipients, two verdicts, both proven', async () => {
    const { json } = await diagnose('null-mx-and-gone.eml');
    const [nullMx, gone] = json.bounce.recipients;
    expect(nullMx?.verdict).toMatchObject({ recipient: 'carol@nomail.example', causeId: 'null-mx', confidence: 'high', actor: 'sender' });
    expect(codes(nullMx!.verdict)).toContain('mx.null');
    expect(gone?.verdict).toMatchObject({ recipient: 'dave@gone.example', causeId: 'domain-not-found', confidence: 'high', actor: 'sender' });
    expect(codes(gone!.verdict)).toContain('mx.domain-not-found');
    // The top-level verdict is the first recipient's.
    expect(json.verdict.recipient).toBe('carol@nomail.example');
  });

  it('several recipients with different causes each get their own plan and verdict', async () => {
    const { json } = await diagnose('two-causes.eml');
    const [unknown, full] = json.bounce.recipients;
    expect(unknown).toMatchObject({ group: 'address', verdict: { causeId: 'mailbox-unknown', confidence: 'medium', actor: 'sender' } });
    expect(unknown!.verdict.ruledOut.map((r) => r.check)).toEqual(expect.arrayContaining(['address-syntax', 'typo', 'mx']));
    expect(unknown!.notes.postmaster).toBeNull();
    expect(full).toMatchObject({ group: 'other', verdict: { causeId: 'from-bounce', confidence: 'medium', actor: 'recipient-admin' } });
    // The recipient's side must act: a note for their postmaster, with the reply.
    expect(full!.notes.postmaster).toContain('erin@fabrikam.example');
    expect(full!.notes.postmaster).toContain('mailbox is full');
    const mx = json.checks.find((c) => c.check === 'mx');
    expect(mx?.recipients).toEqual(['carol@fabrikam.example']);
    // Each check is listed once: run for one recipient, it is not also listed as not called for.
    expect(json.checks.filter((c) => c.check === 'mx')).toHaveLength(1);
    expect(json.checks.filter((c) => c.check === 'spf')).toEqual([expect.objectContaining({ status: 'not-run', notRunKind: 'not-called-for', recipients: ['carol@fabrikam.example', 'erin@fabrikam.example'] })]);
  });

  it('SPF fail for the sending IP named in the reply, with the trace; the DKIM key is there', async () => {
    const { json, asked } = await diagnose('spf-fail.eml');
    expect(json.verdict).toMatchObject({ group: 'authentication', causeId: 'spf-fail', confidence: 'high', actor: 'sender-admin' });
    expect(json.verdict.cause).toContain('203.0.113.25');
    expect(codes(json.verdict)).toEqual(expect.arrayContaining(['diagnose.sending-ip', 'spf.fail-for-ip']));
    expect(json.verdict.ruledOut.map((r) => r.check)).toContain('dkim');
    const spf = json.checks.find((c) => c.check === 'spf');
    expect((spf?.data as { evaluation: { ip: string; result: string; trace: unknown[] } }).evaluation).toMatchObject({ ip: '203.0.113.25', result: 'fail' });
    expect(json.notes.admin.join('\n')).toContain('add it to the SPF record of woodgrove.example');
    // The DKIM key asked for is the signature's selector only, and no blocklist or MX was asked.
    expect(asked.filter((q) => q.includes('._domainkey.'))).toEqual(['s2026._domainkey.woodgrove.example TXT']);
    expect(asked.some((q) => q.includes('spamhaus') || q.endsWith(' MX'))).toBe(false);
  });

  it('a check that passes lowers the bounce\'s claim honestly: SPF passes now -> medium', async () => {
    const { json } = await diagnose('spf-passes-now.eml');
    expect(json.verdict).toMatchObject({ causeId: 'spf-passes-now', confidence: 'medium' });
    expect(json.verdict.cause).toMatch(/SPF passes now for 203\.0\.113\.25.*may have been fixed since/);
    expect(codes(json.verdict)).toContain('diagnose.passes-now');
    expect(json.verdict.ruledOut).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'spf', status: 'pass' })]));
  });

  it('DKIM key missing for the selector of the returned DKIM-Signature', async () => {
    const { json } = await diagnose('dkim-key-missing.eml');
    expect(json.verdict).toMatchObject({ causeId: 'dkim-key-missing', confidence: 'high', actor: 'sender-admin' });
    expect(json.verdict.cause).toContain('sel-old');
    expect(codes(json.verdict)).toContain('dkim.key-missing');
    expect(json.notes.admin[0]).toContain('sel-old._domainkey.woodgrove.example');
  });

  it('DMARC reject with misalignment: the sending service signs and bounces with its own domain', async () => {
    const { json } = await diagnose('dmarc-reject.eml');
    expect(json.verdict).toMatchObject({ causeId: 'dmarc-unaligned', confidence: 'high', actor: 'sender-admin' });
    expect(json.verdict.cause).toContain('p=reject');
    expect(codes(json.verdict)).toContain('dmarc.unaligned');
    const alignment = json.checks.find((c) => c.check === 'alignment');
    expect(alignment).toMatchObject({ target: 'woodgrove.example', status: 'fail' });
    // mailer.example's key is fine: DKIM passes, only not aligned.
    expect(json.verdict.ruledOut.map((r) => r.check)).toContain('dkim');
  });

  it('IP listed on a blocklist (fixture zone), with its removal route', async () => {
    const { json } = await diagnose('blocklisted-ip.eml');
    expect(json.verdict).toMatchObject({ group: 'reputation', causeId: 'blocklisted', confidence: 'high', actor: 'sender-admin' });
    expect(json.verdict.cause).toContain('Spamhaus ZEN');
    expect(codes(json.verdict)).toContain('dnsbl.listed');
    expect(json.verdict.ruledOut.map((r) => r.check)).toContain('ptr');
    expect(json.notes.admin.join('\n')).toMatch(/Spamhaus ZEN: .*reputation checker/);
  });

  it("Microsoft's own blocked-senders list: the bounce's words, the delist portal, and the public lists ruled out", async () => {
    const { json } = await diagnose('microsoft-banned-ip.eml');
    expect(json.verdict).toMatchObject({ causeId: 'provider-blocklist', confidence: 'medium', actor: 'sender-admin' });
    expect(codes(json.verdict)).toContain('diagnose.provider-blocklist');
    expect(json.notes.admin.join('\n')).toContain('https://sender.office.com');
    expect(json.verdict.ruledOut.map((r) => r.check)).toEqual(expect.arrayContaining(['dnsbl', 'ptr']));
  });

  it('no PTR for the sending IP', async () => {
    const { json } = await diagnose('no-ptr.eml');
    expect(json.verdict).toMatchObject({ causeId: 'ptr-missing', confidence: 'high', actor: 'sender-admin' });
    expect(codes(json.verdict)).toContain('ptr.missing');
    expect(json.verdict.cause).toContain('198.51.100.7');
  });

  it('MX unreachable: every MX host refuses the connection', async () => {
    const { json } = await diagnose('mx-unreachable.eml', live(downPort));
    expect(json.verdict).toMatchObject({ group: 'routing', causeId: 'mx-unreachable', confidence: 'high', actor: 'recipient-admin' });
    expect(codes(json.verdict)).toContain('smtp.unreachable');
    expect(json.notes.postmaster).toContain('mx.down.example');
    // --probe-rcpt was not given: the verdict says RCPT was not checked.
    expect(json.checks.find((c) => c.check === 'rcpt')).toMatchObject({ status: 'not-run' });
    expect(json.checks.find((c) => c.check === 'rcpt')?.why).toContain('--probe-rcpt');
  });

  it('no STARTTLS on the MX while the sender requires TLS', async () => {
    const { json } = await diagnose('no-starttls.eml', live(plain.port));
    expect(json.verdict).toMatchObject({ causeId: 'no-starttls', confidence: 'high', actor: 'recipient-admin' });
    expect(codes(json.verdict)).toEqual(expect.arrayContaining(['diagnose.tls-required', 'smtp.no-starttls']));
    expect(json.notes.postmaster).toContain('enable STARTTLS on mx.plain.example');
  });

  it('message too large against the SIZE the MX advertises', async () => {
    const { json } = await diagnose('too-large.eml', live(small.port));
    expect(json.verdict).toMatchObject({ group: 'size', causeId: 'size-over-limit', confidence: 'high', actor: 'sender' });
    expect(codes(json.verdict)).toEqual(expect.arrayContaining(['smtp.size-limit', 'message-size.over-limit']));
    expect(json.verdict.cause).toContain('10 MB (10485760 bytes)');
    expect(json.checks.find((c) => c.check === 'message-size')).toMatchObject({ status: 'fail', target: 'small.example' });
  });

  it('the same size bounce against an MX that advertises no SIZE: only the bounce\'s words', async () => {
    const { json } = await diagnose('too-large.eml', live(plain.port));
    expect(json.verdict).toMatchObject({ causeId: 'size-from-bounce', confidence: 'medium' });
  });

  it('sender blocked: no network check can prove it; Exchange Online admin steps; no DNS question asked', async () => {
    const { json, asked } = await diagnose('sender-restricted.eml');
    expect(json.verdict).toMatchObject({ group: 'sender-limits', causeId: 'sender-restricted', confidence: 'medium', actor: 'sender-admin' });
    const admin = json.notes.admin.join('\n');
    expect(admin).toContain('Get-BlockedSenderAddress -SenderAddress alice@woodgrove.example');
    expect(admin).toContain('Remove-BlockedSenderAddress');
    expect(admin).toContain('Restricted entities');
    expect(asked).toEqual([]);
    expect(json.checks.every((c) => c.status === 'not-run')).toBe(true);
    expect(json.checks.some((c) => c.why.startsWith('no network check can prove'))).toBe(true);
  });

  it('a temporary 4.x failure (a delay notice): actor nobody, the servers answer now', async () => {
    const { json } = await diagnose('delayed.eml');
    expect(json.bounce.kind).toBe('delay');
    expect(json.verdict).toMatchObject({ causeId: 'temporary', actor: 'none', confidence: 'medium' });
    expect(json.verdict.cause).toMatch(/^Delivery to leo@fabrikam\.example is delayed, not failed/);
    expect(json.verdict.evidence[0]).toMatchObject({ source: 'bounce', field: 'action', value: 'delayed' });
    expect(json.notes.user).toContain('Nothing to do yet');
  });

  it('relay denied: not checked without --probe-rcpt, proven with it', async () => {
    const without = await diagnose('relay-denied.eml', live(relay.port));
    expect(without.json.verdict).toMatchObject({ causeId: 'relay-denied-unchecked', confidence: 'medium' });
    expect(codes(without.json.verdict)).toContain('diagnose.rcpt-not-checked');
    const probed = await diagnose('relay-denied.eml', [...live(relay.port), '--probe-rcpt']);
    expect(probed.json.verdict).toMatchObject({ causeId: 'relay-denied', confidence: 'high', actor: 'recipient-admin' });
    expect(codes(probed.json.verdict)).toContain('smtp.postmaster-rejected');
    expect(probed.json.checks.find((c) => c.check === 'rcpt')).toMatchObject({ status: 'fail' });
  });
});

describe('maildoctor diagnose: modes and exit codes', () => {
  it('--offline stops after the analysis: no DNS question, verdicts from the bounce alone (never high)', async () => {
    const before = dns.received.length;
    const typo = await runCliCaptured(['diagnose', join(FIXTURES, 'address-typo.eml'), '--offline', '--json']);
    const json = JSON.parse(typo.stdout) as Diagnosis;
    expect(typo.code).toBe(0);
    expect(json.bounce.offline).toBe(true);
    expect(json.verdict).toMatchObject({ causeId: 'typo-domain', confidence: 'medium' });
    expect(json.checks.find((c) => c.check === 'mx')).toMatchObject({ status: 'not-run' });
    expect(json.checks.find((c) => c.check === 'mx')?.why).toContain('--offline');
    const spf = JSON.parse((await runCliCaptured(['diagnose', join(FIXTURES, 'spf-fail.eml'), '--offline', '--json'])).stdout) as Diagnosis;
    expect(spf.verdict).toMatchObject({ causeId: 'unchecked', confidence: 'medium' });
    expect(dns.received.length).toBe(before);
  });

  it('human text and --markdown', async () => {
    const text = await runCliCaptured(['diagnose', join(FIXTURES, 'spf-fail.eml'), ...live()]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Cause:');
    expect(text.stdout).toContain('[Sender: action required]');
    expect(text.stdout).toMatch(/SPF for 203\.0\.113\.25: fail/);
    expect(text.stdout).not.toMatch(/\x1b\[/);
    const md = await runCliCaptured(['diagnose', join(FIXTURES, 'two-causes.eml'), ...live(), '--markdown']);
    expect(md.stdout).toMatch(/^## Diagnosis of /);
    expect(md.stdout).toContain('### carol@fabrikam.example (550 5.1.1): address error');
    expect(md.stdout).toContain("**For the recipient's postmaster**");
    expect(md.stdout).toContain('| check | target | status | why | findings |');
  });

  it('--record writes the evidence; --replay gives the same diagnosis with no network, and refuses another bounce', async () => {
    const file = join(dir, 'blocklisted.json');
    const recorded = await diagnose('blocklisted-ip.eml', [...live(), '--record', file]);
    const recording = JSON.parse(readFileSync(file, 'utf8')) as { target: { kind: string; name: string } };
    expect(recording.target.kind).toBe('diagnose');
    const before = dns.received.length;
    const replayed = await diagnose('blocklisted-ip.eml', ['--replay', file]);
    expect(dns.received.length).toBe(before);
    expect(replayed.json.verdict).toEqual(recorded.json.verdict);
    expect(replayed.json.notes).toEqual(recorded.json.notes);
    const other = await runCliCaptured(['diagnose', join(FIXTURES, 'no-ptr.eml'), '--replay', file]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/not a recording of diagnose for this bounce/);
  });

  it('--fail-on hard|any as explain: 1 only when reached', async () => {
    expect((await runCliCaptured(['diagnose', join(FIXTURES, 'address-typo.eml'), '--offline', '--fail-on', 'hard'])).code).toBe(1);
    expect((await runCliCaptured(['diagnose', join(FIXTURES, 'spf-fail.eml'), '--offline', '--fail-on', 'hard'])).code).toBe(0);
    expect((await runCliCaptured(['diagnose', join(FIXTURES, 'spf-fail.eml'), '--offline', '--fail-on', 'any'])).code).toBe(1);
    expect((await runCliCaptured(['diagnose', join(FIXTURES, 'delayed.eml'), '--offline', '--fail-on', 'any'])).code).toBe(0);
  });

  it('a message that is not a bounce is an answer, not an error', async () => {
    const run = await runCliCaptured(['diagnose', '-', '--offline', '--json'], 'From: a@example.com\nTo: b@example.org\nSubject: hello\n\nJust a note.\n');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Diagnosis;
    expect(json.verdict).toMatchObject({ causeId: 'not-bounce', actor: 'none' });
    expect(Object.keys(json)).toEqual(['bounce', 'verdict', 'checks', 'notes']);
  });

  it('usage and input errors: exit 2 with one line on standard error', async () => {
    const cases: string[][] = [
      ['diagnose', join(FIXTURES, 'missing.eml'), '--offline'],
      ['diagnose', join(FIXTURES, 'spf-fail.eml'), '--offline', '--dns-server', '127.0.0.1'],
      ['diagnose', join(FIXTURES, 'spf-fail.eml'), '--json', '--markdown', '--offline'],
      ['diagnose', join(FIXTURES, 'spf-fail.eml'), '--fail-on', 'warn', '--offline'],
      ['diagnose', join(FIXTURES, 'spf-fail.eml'), '--dns-server', 'not-an-ip'],
      ['diagnose', join(FIXTURES, 'spf-fail.eml'), '--smtp-port', '0', '--dns-server', dns.address],
      ['diagnose', FIXTURES, '--offline'],
    ];
    for (const args of cases) {
      const run = await runCliCaptured(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
