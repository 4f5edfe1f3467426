import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTraceMessages } from '../../src/trace/generator/generate-trace-messages.js';
import { writeTraceExport } from '../../src/trace/generator/write-trace-export.js';
import { runCliCaptured } from '../helpers/run-cli.js';

const OPTIONS = { seed: 5, peakPerHour: 100 };
let dir = '';
let db = '';
/** A failed outbound message with its FAIL text stored. */
let failed = { messageId: '', traceId: '', sender: '', recipient: '', receivedAt: 0, detail: '' };

/** An RFC 3464 delivery status notification for one recipient, in the form a remote MTA sends it. */
function dsn(options: { recipient: string; status: string; diagnostic: string; originalMessageId?: string; from: string; date: Date }): string {
  const original = [
    `From: ${options.from}`, `To: ${options.recipient}`, 'Subject: Quarterly report', `Date: ${options.date.toUTCString()}`,
    ...(options.originalMessageId ? [`Message-ID: ${options.originalMessageId}`] : []),
  ].join('\r\n');
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.fabrikam.example>', `To: ${options.from}`, 'Subject: Undelivered Mail Returned to Sender',
    `Date: ${new Date(options.date.getTime() + 60_000).toUTCString()}`, 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"', '', '--b1', 'Content-Type: text/plain', '',
    `Your message to ${options.recipient} could not be delivered.`, '', '--b1', 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; mx.fabrikam.example', '', `Final-Recipient: rfc822; ${options.recipient}`, 'Action: failed', `Status: ${options.status}`,
    `Diagnostic-Code: smtp; ${options.diagnostic}`, '', '--b1', 'Content-Type: text/rfc822-headers', '', original, '', '--b1--', '',
  ].join('\r\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'maildoctor-trace-report-cli-'));
  db = join(dir, 'trace.db');
  let summaryRows = 0;
  let detailRows = 0;
  for (const m of generateTraceMessages(OPTIONS)) {
    if (summaryRows >= 4000) break;
    summaryRows += m.recipients.length;
    detailRows += m.recipients.reduce((n, r) => n + r.events.length, 0);
  }
  writeTraceExport(join(dir, 'summary.csv'), { ...OPTIONS, format: 'exo-message-trace', rows: summaryRows });
  writeTraceExport(join(dir, 'detail.csv'), { ...OPTIONS, format: 'exo-message-trace-detail', rows: detailRows });
  const imported = await runCliCaptured(['trace', 'import', '--db', db, join(dir, 'summary.csv'), join(dir, 'detail.csv')]);
  expect(imported.code).toBe(0);
  const sqlite = new Database(db, { readonly: true });
  const row = sqlite.prepare(`
    SELECT m.message_id AS messageId, m.message_key AS traceId, m.sender AS sender, r.recipient AS recipient, m.received_at AS receivedAt, e.detail AS detail
    FROM trace_recipients r JOIN trace_messages m ON m.message_key = r.message_key
    JOIN trace_events e ON e.message_key = r.message_key AND e.recipient = r.recipient AND e.event = 'FAIL'
    WHERE r.status = 'failed' AND e.detail LIKE '5%' ORDER BY m.received_at LIMIT 1`).get() as typeof failed;
  sqlite.close();
  failed = row;
  const status = /\b5\.\d+\.\d+\b/.exec(failed.detail)?.[0] ?? '5.0.0';
  const sent = new Date(failed.receivedAt);
  writeFileSync(join(dir, 'strong.eml'), dsn({ recipient: failed.recipient, status, diagnostic: failed.detail, originalMessageId: failed.messageId, from: failed.sender, date: sent }));
  writeFileSync(join(dir, 'weak.eml'), dsn({ recipient: failed.recipient, status, diagnostic: failed.detail, from: failed.sender, date: sent }));
  writeFileSync(join(dir, 'unknown.eml'), dsn({ recipient: 'nobody@fabrikam.example', status: '5.1.1', diagnostic: '550 5.1.1 User unknown', originalMessageId: '<not-stored@northwind.example>', from: failed.sender, date: sent }));
}, 60_000);

describe('maildoctor trace message', () => {
  it('prints the timeline with the NDR knowledge of the failure, by Message-ID or trace id', async () => {
    const text = await runCliCaptured(['trace', 'message', '--db', db, failed.messageId]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(failed.recipient);
    expect(text.stdout).toMatch(/Who must act:/);
    expect(text.stdout).toMatch(/FAIL/);
    const json = await runCliCaptured(['trace', 'message', '--db', db, '--json', failed.traceId.toUpperCase()]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { messages: Array<{ message: { messageId: string; receivedAt: string }; recipients: Array<{ recipient: string; status: string; failure: { statusCode: string; reason: string; actor: string; explanation: { summary: string } } | null }>; events: Array<{ at: string; event: string }> }> };
    expect(parsed.messages).toHaveLength(1);
    const message = parsed.messages[0];
    expect(message?.message.messageId).toBe(failed.messageId);
    expect(message?.message.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const recipient = message?.recipients.find((r) => r.recipient === failed.recipient);
    expect(recipient?.status).toBe('failed');
    expect(recipient?.failure?.statusCode).toBe(/\b[45]\.\d+\.\d+\b/.exec(failed.detail)?.[0]);
    expect(recipient?.failure?.reason).toMatch(/^[a-z]+$/);
    expect(recipient?.failure?.explanation.summary.length).toBeGreaterThan(10);
    const times = message?.events.map((e) => e.at) ?? [];
    expect(times).toEqual([...times].sort());
  });

  it('exits 1 with one line when no message matches', async () => {
    const run = await runCliCaptured(['trace', 'message', '--db', db, '<nothing@example.org>']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('maildoctor trace report', () => {
  it('prints JSON with the totals and every section', async () => {
    const run = await runCliCaptured(['trace', 'report', '--db', db, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown> & { totals: Record<string, number>; range: { since: string; until: string }; alerts: Array<{ code: string; severity: string }> };
    expect(Object.keys(report.totals)).toEqual(['total', 'delivered', 'failed', 'pending', 'deliveryRate']);
    expect(report.totals['total']).toBeGreaterThanOrEqual(4000);
    for (const key of ['byStatus', 'failuresByCode', 'failuresByReason', 'byDomain', 'bySender', 'byHour', 'topFailingDomains', 'alerts']) expect(Array.isArray(report[key])).toBe(true);
    expect(report.range.since).toMatch(/T\d\d:00:00Z$/);
    expect((report['failuresByCode'] as Array<{ statusCode: string | null }>).some((f) => f.statusCode !== null)).toBe(true);
  });

  it('prints text and CSV, and limits the range', async () => {
    const text = await runCliCaptured(['trace', 'report', '--db', db]);
    expect(text.stdout).toMatch(/^Message trace report /);
    expect(text.stdout).toMatch(/Failures by status code/);
    const csv = await runCliCaptured(['trace', 'report', '--db', db, '--csv', '--since', '2026-03-23T10:00:00Z', '--until', '2026-03-23T12:00:00Z']);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe('section,key,total,delivered,failed,pending,rate,detail');
    expect(lines[1]).toMatch(/^totals,2026-03-23T10:00:00Z\/2026-03-23T12:00:00Z,/);
    expect(lines.filter((l) => l.startsWith('hour,'))).toHaveLength(2);
  });

  it('exits 1 with --fail-on when an alert reaches it, 0 otherwise', async () => {
    const report = JSON.parse((await runCliCaptured(['trace', 'report', '--db', db, '--json'])).stdout) as { alerts: Array<{ code: string; severity: string }> };
    // The generated history keeps some greylisted mail pending for hours and has litware.example's
    // outage (warnings: the recipients' side), and nothing of our side (no errors).
    expect(report.alerts.map((a) => `${a.code}:${a.severity}`).sort()).toEqual(['trace.domain-failing-for-everyone:warning', 'trace.long-pending:warning']);
    expect((await runCliCaptured(['trace', 'report', '--db', db, '--fail-on', 'warning'])).code).toBe(1);
    expect((await runCliCaptured(['trace', 'report', '--db', db, '--fail-on', 'error'])).code).toBe(0);
  });

  it('exits 2 with one line for bad options', async () => {
    for (const args of [['--fail-on', 'fatal'], ['--since', 'yesterday'], ['--json', '--csv'], ['--top', '0'], ['--since', '2026-03-24', '--until', '2026-03-23']]) {
      const run = await runCliCaptured(['trace', 'report', '--db', db, ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('reports an empty database as such', async () => {
    const run = await runCliCaptured(['trace', 'report', '--db', join(dir, 'empty.db'), '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { totals: unknown }).totals).toEqual({ total: 0, delivered: 0, failed: 0, pending: 0, deliveryRate: null });
  });
});

describe('maildoctor trace correlate', () => {
  it("finds a bounce's trace by the original Message-ID", async () => {
    const run = await runCliCaptured(['trace', 'correlate', '--db', db, '--json', join(dir, 'strong.eml')]);
    expect(run.code).toBe(0);
    const [result] = JSON.parse(run.stdout) as Array<{ bounce: { kind: string; bounces: Array<{ recipient: string }> }; trace: { match: string; messages: Array<{ message: { messageId: string } }> } }>;
    expect(result?.bounce.kind).toBe('bounce');
    expect(result?.bounce.bounces[0]?.recipient).toBe(failed.recipient);
    expect(result?.trace.match).toBe('message-id');
    expect(result?.trace.messages.map((m) => m.message.messageId)).toEqual([failed.messageId]);
  });

  it('falls back to recipient, sender and time, and says the match is weaker', async () => {
    const run = await runCliCaptured(['trace', 'correlate', '--db', db, '--json', join(dir, 'weak.eml')]);
    const [result] = JSON.parse(run.stdout) as Array<{ trace: { match: string; note: string; messages: Array<{ message: { messageId: string } }> } }>;
    expect(result?.trace.match).toBe('recipient-sender-time');
    expect(result?.trace.note).toMatch(/weaker match/);
    expect(result?.trace.messages[0]?.message.messageId).toBe(failed.messageId);
    const text = await runCliCaptured(['trace', 'correlate', '--db', db, join(dir, 'weak.eml')]);
    expect(text.stdout).toMatch(/WEAKER MATCH by recipient, sender and time/);
  });

  it('exits 1 when no bounce matches anything, and 0 when one does', async () => {
    const none = await runCliCaptured(['trace', 'correlate', '--db', db, '--json', join(dir, 'unknown.eml')]);
    expect(none.code).toBe(1);
    expect((JSON.parse(none.stdout) as Array<{ trace: { match: string } }>)[0]?.trace.match).toBe('none');
    expect((await runCliCaptured(['trace', 'correlate', '--db', db, join(dir, 'unknown.eml'), join(dir, 'strong.eml')])).code).toBe(0);
    expect((await runCliCaptured(['trace', 'correlate', '--db', db, join(dir, 'missing.eml')])).code).toBe(2);
  });
});
