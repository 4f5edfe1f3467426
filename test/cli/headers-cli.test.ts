import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'headers');
const fixture = (name: string): string => join(FIXTURES, name);

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maildoctor-headers-'));
  writeFileSync(join(dir, 'empty.eml'), '');
});

describe('maildoctor headers', () => {
  it('prints the route table with delays, then authentication, filter verdicts and findings, and exits 0', async () => {
    const run = await runCliCaptured(['headers', fixture('exchange-onprem.eml')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    const order = ['Route', 'Authentication', 'Filter verdicts', 'Findings'].map((h) => out.indexOf(`\n${h}`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(out).toMatch(/#\s+delay\s+date \(UTC\)\s+from\s+by\s+with\s+TLS/);
    expect(out).toMatch(/1\*\s+-\s+2025-03-10 09:12:02Z\s+smtp\.fabrikam\.com \[192\.0\.2\.45\]\s+EDGE01\.contoso\.com\s+Microsoft SMTP Server\s+none/);
    expect(out).toMatch(/2\s+1h 35m 27s\s+2025-03-10 10:47:29Z/);
    expect(out).toContain('Total: 1h 35m 29s, 4 hop(s)');
    expect(out).toContain('route.slow-hop');
    expect(out).toContain('Fix:');
    expect(out).toContain('AuthAs');
    expect(out).not.toMatch(/\x1b\[/);
  });

  it('shows each decoded Microsoft value beside its raw value, the folder and compauth', async () => {
    const run = await runCliCaptured(['headers', fixture('m365-inbound-junk.eml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/SFV\s+SPM\s+spam filtering marked the message as spam/);
    expect(run.stdout).toMatch(/CAT\s+SPOOF\s+spoofing/);
    expect(run.stdout).toMatch(/SFS\s+\(13230040\)\(4022899009\)\(8096899003\)\s+Undocumented/);
    expect(run.stdout).toContain('Folder: Junk Email (dest:J in X-Microsoft-Antispam-Mailbox-Delivery');
    expect(run.stdout).toContain('compauth=fail reason=000');
    expect(run.stdout).toContain('Authentication-Results added by AM4PEPF00027A5F.mail.protection.outlook.com (no authserv-id): trusted');
  });

  it('prints every parsed field with --json: hops origin first, delays in seconds, findings at the top level', async () => {
    const run = await runCliCaptured(['headers', '--json', fixture('gmail-inbound.eml')]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.file).toBe(fixture('gmail-inbound.eml'));
    expect(json.source).toBe('message');
    expect(json.route.hops.map((h: { hop: number; by: string; delaySeconds: number | null }) => [h.hop, h.by, h.delaySeconds])).toEqual([
      [1, 'mail.contoso.com', null], [2, 'mx.google.com', 2], [3, '2001:db8:7010:5c8f:b0:3f1:2a4c:9d07', 0],
    ]);
    expect(json.route.hops[1]).toMatchObject({ protocol: 'ESMTPS', tls: { version: 'TLS 1.3', cipher: 'TLS_AES_256_GCM_SHA384' }, fromIp: '203.0.113.40', date: { iso: '2025-03-07T11:41:09.000Z' } });
    expect(json.authentication.arc).toMatchObject({ status: 'pass', instances: [{ instance: 1, seal: { domain: 'google.com', cv: 'none' } }] });
    expect(Array.isArray(json.findings)).toBe(true);
    expect(Array.isArray(json.notes)).toBe(true);
  });

  it('reads standard input as -, and a pasted header block', async () => {
    const run = await runCliCaptured(['headers', '--json', '-'], readFileSync(fixture('pasted-with-preface.txt'), 'utf8'));
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ file: '-', source: 'header-block', notes: [{ code: 'headers.pasted-block' }] });
  });

  it('analyses the returned original of a bounce, or the bounce itself with --outer', async () => {
    const inner = JSON.parse((await runCliCaptured(['headers', '--json', fixture('bounce-rfc822.eml')])).stdout);
    expect(inner).toMatchObject({ source: 'returned-original', message: { subject: 'Quarterly figures' } });
    const outer = JSON.parse((await runCliCaptured(['headers', '--json', '--outer', fixture('bounce-rfc822.eml')])).stdout);
    expect(outer).toMatchObject({ source: 'message', message: { subject: 'Undelivered Mail Returned to Sender' } });
    const text = await runCliCaptured(['headers', fixture('forwarded-attachment.eml')]);
    expect(text.stdout).toContain('the message attached to the input');
  });

  it('exits 1 with --fail-on only when a finding reaches the level', async () => {
    expect((await runCliCaptured(['headers', '--fail-on', 'error', fixture('m365-inbound-junk.eml')])).code).toBe(1);
    expect((await runCliCaptured(['headers', '--fail-on', 'error', fixture('exchange-onprem.eml')])).code).toBe(0);
    expect((await runCliCaptured(['headers', '--fail-on', 'warning', fixture('exchange-onprem.eml')])).code).toBe(1);
    expect((await runCliCaptured(['headers', '--fail-on', 'info', fixture('gmail-inbound.eml')])).code).toBe(0);
    expect((await runCliCaptured(['headers', '--json', '--fail-on', 'warning', fixture('spamassassin.eml')])).code).toBe(1);
  });

  it('exits 2 with one line for unreadable input: missing file, empty input, no headers, a directory, a bad level', async () => {
    const cases: [string[], RegExp][] = [
      [['headers', join(dir, 'nope.eml')], /no such file or directory/],
      [['headers', join(dir, 'empty.eml')], /the input is empty/],
      [['headers', fixture('not-headers.txt')], /no mail headers found/],
      [['headers', dir], /is a directory/],
      [['headers', '--fail-on', 'loud', fixture('gmail-inbound.eml')], /--fail-on must be info, warning or error/],
    ];
    for (const [args, message] of cases) {
      const run = await runCliCaptured(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });
});
