import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';

const BOUNCE = [
  'From: MAILER-DAEMON@mx.example.net',
  'To: alice@example.com',
  'Subject: Undelivered Mail Returned to Sender',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
  '',
  '--B',
  'Content-Type: text/plain',
  '',
  'This is the mail system at host mx.example.net.',
  '',
  '<bob@example.org>: host mx.example.org[192.0.2.10] said: 550 5.1.1 <bob@example.org>:',
  '    Recipient address rejected: User unknown (in reply to RCPT TO command)',
  '--B',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.example.net',
  '',
  'Final-Recipient: rfc822; bob@example.org',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mx.example.org',
  'Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown',
  '--B--',
  '',
].join('\n');

const MAILBOX_FULL = BOUNCE.replace(/5\.1\.1/g, '5.2.2').replace(/User unknown/g, 'Mailbox full').replace(/550/g, '552');
const PLAIN = 'From: alice@example.com\nTo: bob@example.org\nSubject: lunch\n\nSee you at noon.\n';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maildoctor-cli-'));
  mkdirSync(join(dir, 'maildir', 'cur'), { recursive: true });
  writeFileSync(join(dir, 'bounce.eml'), BOUNCE);
  writeFileSync(join(dir, 'full.eml'), MAILBOX_FULL);
  writeFileSync(join(dir, 'plain.eml'), PLAIN);
  writeFileSync(join(dir, 'empty.eml'), '');
  writeFileSync(join(dir, 'maildir', 'cur', '1'), BOUNCE);
  writeFileSync(join(dir, 'maildir', 'cur', '2'), PLAIN);
  const mbox = [BOUNCE, PLAIN, 'From: x@example.com\nSubject: quoted\n\n>From the start of a line\n']
    .map((m) => `From MAILER-DAEMON Sat Nov 28 05:00:00 2026\n${m}\n`).join('');
  writeFileSync(join(dir, 'box.mbox'), mbox);
});

describe('maildoctor explain', () => {
  it('explains a bounce in text with sections for the user and the admin', async () => {
    const run = await runCliCaptured(['explain', join(dir, 'bounce.eml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('bob@example.org');
    expect(run.stdout).toContain('userunknown');
    expect(run.stdout).toContain('What you can do:');
    expect(run.stdout).toContain('For the mail admin:');
    expect(run.stdout).not.toMatch(/\x1b\[/);
  });

  it('prints one JSON line per message with --jsonl, mbox messages as path#N', async () => {
    const run = await runCliCaptured(['explain', '--jsonl', join(dir, 'box.mbox'), join(dir, 'plain.eml')]);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([`${join(dir, 'box.mbox')}#1`, `${join(dir, 'box.mbox')}#2`, `${join(dir, 'box.mbox')}#3`, join(dir, 'plain.eml')]);
    expect(lines[0]).toMatchObject({ kind: 'bounce', bounces: [{ recipient: 'bob@example.org', status: '5.1.1', replyCode: '550', reason: 'userunknown', hardBounce: true, permanent: true, actor: 'sender' }] });
    expect(lines[1].kind).toBe('not-bounce');
    expect(lines[3]).toMatchObject({ kind: 'not-bounce', bounces: [] });
    expect(lines[0].bounces[0].ruleId).toBeTruthy();
  });

  it('prints a JSON array with --json, walks directories, and reads standard input as -', async () => {
    const run = await runCliCaptured(['explain', '--json', join(dir, 'maildir'), '-'], BOUNCE);
    const results = JSON.parse(run.stdout);
    expect(results.map((r: { file: string }) => r.file)).toEqual([join(dir, 'maildir', 'cur', '1'), join(dir, 'maildir', 'cur', '2'), '-']);
    expect(results[2].kind).toBe('bounce');
  });

  it('gives a note for an empty file and still exits 0', async () => {
    const run = await runCliCaptured(['explain', '--json', join(dir, 'empty.eml')]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)[0]).toMatchObject({ kind: 'not-bounce', notes: [{ code: 'input.empty' }] });
  });

  it('exits 1 only with --fail-on when a bounce reaches the level', async () => {
    expect((await runCliCaptured(['explain', join(dir, 'bounce.eml')])).code).toBe(0);
    expect((await runCliCaptured(['explain', '--fail-on', 'hard', join(dir, 'bounce.eml')])).code).toBe(1);
    expect((await runCliCaptured(['explain', '--fail-on', 'hard', join(dir, 'full.eml')])).code).toBe(0);
    expect((await runCliCaptured(['explain', '--fail-on', 'any', join(dir, 'full.eml')])).code).toBe(1);
    expect((await runCliCaptured(['explain', '--fail-on', 'any', join(dir, 'plain.eml')])).code).toBe(0);
  });

  it('exits 2 with one line for a missing file or a bad option, before any output', async () => {
    const missing = await runCliCaptured(['explain', join(dir, 'bounce.eml'), join(dir, 'nope.eml')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('nope.eml');
    const badOption = await runCliCaptured(['explain', '--fail-on', 'sometimes', join(dir, 'bounce.eml')]);
    expect(badOption.code).toBe(2);
    expect((await runCliCaptured(['explain'])).code).toBe(2);
    expect((await runCliCaptured(['frobnicate'])).code).toBe(2);
  });
});

describe('maildoctor code', () => {
  it('explains a code and exits 0, or exits 1 when nothing matches', async () => {
    const found = await runCliCaptured(['code', '550', '5.7.23']);
    expect(found.code).toBe(0);
    expect(found.stdout).toContain('5.7.23');
    const json = await runCliCaptured(['code', '--json', '5.7.1']);
    expect(JSON.parse(json.stdout).length).toBeGreaterThanOrEqual(5);
    const none = await runCliCaptured(['code', 'no such thing here']);
    expect(none.code).toBe(1);
  });
});

describe('the installed binary', () => {
  it('runs from dist/ and reports errors in one line without a stack trace', async () => {
    const { spawnSync } = await import('node:child_process');
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'maildoctor.js');
    const ok = spawnSync(process.execPath, [bin, 'explain', '--jsonl', join(dir, 'bounce.eml')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).kind).toBe('bounce');
    const bad = spawnSync(process.execPath, [bin, 'explain', join(dir, 'missing.eml')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('maildoctor explain --headers', () => {
  it("adds the returned original's header analysis", async () => {
    const withOriginal = BOUNCE.replace('--B--', ['--B', 'Content-Type: text/rfc822-headers', '', 'Received: from mail.example.com (mail.example.com [192.0.2.7]) by mx.example.net with ESMTPS; Mon, 2 Nov 2026 10:00:00 +0000', 'From: alice@example.com', 'To: bob@example.org', 'Subject: lunch', 'Message-ID: <1@example.com>', '--B--'].join('\n'));
    writeFileSync(join(dir, 'with-original.eml'), withOriginal);
    const json = JSON.parse((await runCliCaptured(['explain', '--json', '--headers', join(dir, 'with-original.eml')])).stdout)[0];
    expect(json.originalHeaders.route.hops.length).toBe(1);
    expect(json.originalHeaders.message.subject).toBe('lunch');
    const plain = JSON.parse((await runCliCaptured(['explain', '--json', join(dir, 'with-original.eml')])).stdout)[0];
    expect(plain.originalHeaders).toBeNull();
    const text = await runCliCaptured(['explain', '--headers', join(dir, 'with-original.eml')]);
    expect(text.stdout).toContain('returned original');
  });
});

describe('maildoctor explain --summary', () => {
  it('groups results with counts and shares, and lists messages that are not bounces', async () => {
    const run = await runCliCaptured(['explain', '--summary', '--json', join(dir, 'box.mbox'), join(dir, 'full.eml')]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.messages).toBe(4);
    expect(summary.recipients).toBe(2);
    expect(summary.groups.reason).toEqual([
      { key: 'mailboxfull', count: 1, share: 0.5 },
      { key: 'userunknown', count: 1, share: 0.5 },
    ]);
    expect(summary.groups.recipientDomain).toEqual([{ key: 'example.org', count: 2, share: 1 }]);
    expect(summary.groups.hardness.map((r: { key: string }) => r.key).sort()).toEqual(['hard', 'soft']);
    expect(summary.notAnalysed.map((n: { file: string }) => n.file)).toEqual([`${join(dir, 'box.mbox')}#2`, `${join(dir, 'box.mbox')}#3`]);
  });

  it('prints CSV and a text table, and refuses --csv without --summary', async () => {
    const csv = await runCliCaptured(['explain', '--summary', '--csv', join(dir, 'bounce.eml')]);
    expect(csv.stdout.split('\r\n')[0]).toBe('group,key,count,share,note');
    expect(csv.stdout).toContain('reason,userunknown,1,1.0000,');
    const text = await runCliCaptured(['explain', '--summary', join(dir, 'bounce.eml')]);
    expect(text.stdout).toContain('By reason');
    expect((await runCliCaptured(['explain', '--csv', join(dir, 'bounce.eml')])).code).toBe(2);
  });
});
