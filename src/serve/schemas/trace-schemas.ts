/**
 * Request and response schemas of the message-trace routes: `POST /api/trace/import` (the
 * body is the export file itself), `GET /api/trace/query` (the filters of
 * `maildoctor trace query`, times in ISO 8601), `GET /api/trace/report` (what
 * `trace report --json` prints, src/report/render-trace-report.ts) and `GET /api/trace/message`
 * (`trace message --json`, src/report/render-trace-message.ts). The report's and the
 * timeline's rows are loose objects: their main fields are named here, and every field the CLI
 * prints passes through.
 * @module
 */
import { z } from 'zod';
import { MAX_API_TRACE_ROWS } from '../../core/limits.js';
import { DELIVERY_STATUSES } from '../../trace/types.js';

export const TraceImportQuerySchema = z.object({
  name: z.string().max(200).optional().describe('The file name, shown in messages (default `upload`)'),
  culture: z.string().max(20).optional().describe('Culture of dates such as 11/9/2026 2:19:58 PM (default en-US), as `--culture`'),
  dateFormat: z.string().max(60).optional().describe('.NET-style pattern for such dates, as `--date-format`'),
});

export const TraceUploadBodySchema = z
  .custom<NodeJS.ReadableStream>(() => true)
  .describe('The export file as it was downloaded or saved (CSV or JSON, UTF-8 or UTF-16); the format is detected from its header');

export const TraceImportResultSchema = z
  .object({
    file: z.string(),
    format: z.string().nullable().describe('The detected export format, null when it was not recognised'),
    rows: z.number().int(),
    imported: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    skipped: z.number().int(),
    skippedRows: z.array(z.object({ line: z.number().int(), reason: z.string() })).describe('Unreadable rows, listed up to a limit'),
  })
  .meta({ id: 'TraceImportResult', description: 'What one uploaded export added to the database.' });

const isoTime = z
  .string()
  .refine((text) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && !Number.isNaN(Date.parse(text)), 'a date (2026-11-09) or an ISO 8601 time (2026-11-09T14:00:00Z)')
  .describe('UTC date (2026-11-09) or ISO 8601 time');

export const TraceQuerySchema = z.object({
  sender: z.string().max(320).optional().describe('Sender address, or a pattern with * (*@example.com)'),
  recipient: z.string().max(320).optional(),
  domain: z.string().max(253).optional().describe("Sender's or recipient's domain"),
  status: z.enum(DELIVERY_STATUSES as readonly [string, ...string[]]).optional(),
  since: isoTime.optional().describe('From this time (inclusive)'),
  until: isoTime.optional().describe('Before this time'),
  messageId: z.string().max(1000).optional().describe('Message-ID, message trace id or network message id'),
  subject: z.string().max(1000).optional().describe('Subject contains this text'),
  direction: z.enum(['inbound', 'outbound', 'internal']).optional(),
  ip: z.string().max(45).optional().describe('From, to or client IP'),
  limit: z.coerce.number().int().min(1).max(MAX_API_TRACE_ROWS).default(1000).describe(`Most rows (at most ${MAX_API_TRACE_ROWS})`),
});

const TraceRowSchema = z.object({
  receivedAt: z.string().nullable(),
  sender: z.string().nullable(),
  recipient: z.string(),
  subject: z.string().nullable(),
  status: z.string().nullable(),
  statusAt: z.string().nullable(),
  direction: z.string().nullable(),
  messageId: z.string().nullable(),
  messageKey: z.string(),
  fromIp: z.string().nullable(),
  toIp: z.string().nullable(),
  size: z.number().nullable(),
});

export const TraceQueryResultSchema = z
  .object({
    rows: z.array(TraceRowSchema).describe('Message/recipient rows, newest first (as `trace query --json`)'),
    count: z.number().int(),
    limit: z.number().int(),
    more: z.boolean().describe('More rows match than the limit let through'),
  })
  .meta({ id: 'TraceQueryResult' });

export const TraceReportQuerySchema = z.object({
  since: isoTime.optional().describe('From this time (inclusive; rounded down to the hour; default: everything stored)'),
  until: isoTime.optional().describe('Before this time (rounded up to the hour); also the time pending mail is aged at'),
  top: z.coerce.number().int().min(1).max(MAX_API_TRACE_ROWS).default(20).describe('Rows in the by-domain and by-sender lists, as `--top` (default 20)'),
});

const counted = z.number();
const row = <T extends z.core.$ZodLooseShape>(shape: T) => z.array(z.looseObject(shape));

export const TraceReportSchema = z
  .object({
    range: z.object({ since: z.string(), until: z.string(), hours: z.number().int() }).describe('Whole hours, since inclusive, until exclusive (ISO 8601 UTC)'),
    totals: z.object({ total: counted, delivered: counted, failed: counted, pending: counted, deliveryRate: z.number().nullable() }).describe('Recipients'),
    byStatus: row({ status: z.string(), recipients: counted }),
    failuresByCode: row({ statusCode: z.string().nullable(), reason: z.string().nullable(), recipients: counted, share: z.number() }).describe('With the knowledge of each code (titles, actor, admin steps)'),
    failuresByReason: row({ reason: z.string().nullable(), recipients: counted, share: z.number() }),
    byDomain: row({ domain: z.string(), total: counted, failed: counted }),
    bySender: row({ sender: z.string(), recipients: counted, failed: counted }),
    byHour: row({ hour: z.string(), total: counted }).describe('Per hour, ISO 8601 UTC'),
    topFailingDomains: row({ domain: z.string(), perDay: z.array(z.looseObject({ day: z.string() })) }).describe('With their trend per day'),
    alerts: row({ code: z.string(), severity: z.enum(['info', 'warning', 'error']), title: z.string(), message: z.string(), window: z.object({ from: z.string(), to: z.string() }) }),
  })
  .meta({ id: 'TraceReport', description: 'Totals, failures by code and reason, traffic by domain, sender and hour, failing-domain trends and alerts, as `maildoctor trace report --json` prints them.' });

export const TraceMessageQuerySchema = z.object({
  id: z.string().trim().min(1).max(1000).describe('Message-ID (with or without <>), message trace id or network message id'),
});

const TraceMessageSchema = z
  .object({
    message: z.looseObject({ receivedAt: z.string().nullable() }).describe('The message: ids, sender, subject, size, IPs'),
    recipients: row({ recipient: z.string(), status: z.string().nullable(), statusAt: z.string().nullable(), failure: z.looseObject({ at: z.string().nullable() }).nullable() }).describe('With the NDR knowledge of each failure'),
    events: row({ at: z.string().nullable(), event: z.string() }).describe('In time order'),
  })
  .meta({ id: 'TraceMessage' });

export const TraceMessageResultSchema = z
  .object({
    query: z.string(),
    messages: z.array(TraceMessageSchema).describe('Every stored message with that id (one, usually)'),
  })
  .meta({ id: 'TraceMessageResult', description: 'One message\'s timeline, as `maildoctor trace message --json` prints it.' });
