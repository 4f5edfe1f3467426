/**
 * The message-trace routes (always behind the token when one is set):
 * - `POST /api/trace/import`: the body is one export file as downloaded (any media type); it
 *   is streamed to a temporary file in the data directory with the size limit, imported with
 *   the library the CLI's `trace import` uses, and removed. Imports of one server run one at
 *   a time (each is one store transaction). A client that accepts `application/x-ndjson`
 *   (NDJSON, https://github.com/ndjson/ndjson-spec) gets progress lines while the rows are
 *   stored and the result (or the problem) as the last line, so that a web page can show how
 *   far a long import is.
 * - `GET /api/trace/query`: the filters of `trace query`, rows as its `--json` prints them.
 * - `GET /api/trace/report`: `trace report --json` for `since`/`until` (and `top`), built by
 *   the library the CLI calls (buildTraceReport, traceReportJson).
 * - `GET /api/trace/message?id=`: `trace message --json` (`{query, messages}`); 404 when no
 *   stored message has the id, where the CLI exits 1.
 * @module
 */
import { rm } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { importTraceFiles } from '../../trace/import/import-trace-files.js';
import { createTraceTimeParser } from '../../trace/import/parse-trace-time.js';
import { queryMessageTimeline } from '../../trace/queries/query-message-timeline.js';
import { queryTraceRows } from '../../trace/queries/query-trace-rows.js';
import { buildTraceReport } from '../../trace/report/build-trace-report.js';
import { explainTraceMessage } from '../../trace/report/explain-trace-message.js';
import { traceMessageJson } from '../../report/render-trace-message.js';
import { traceReportJson } from '../../report/render-trace-report.js';
import type { DeliveryStatus, TraceDirection } from '../../trace/types.js';
import { ApiError, problemFromError } from '../problem.js';
import { problemResponses } from '../schemas/problem-schema.js';
import {
  TraceImportQuerySchema, TraceImportResultSchema, TraceMessageQuerySchema, TraceMessageResultSchema, TraceQueryResultSchema, TraceQuerySchema,
  TraceReportQuerySchema, TraceReportSchema, TraceUploadBodySchema,
} from '../schemas/trace-schemas.js';
import { receiveUpload, uploadDir } from '../trace-upload.js';
import type { ApiApp, RouteContext } from '../route-context.js';

/** An ISO 8601 date or time of the query string as ms UTC (a time without a zone is UTC). */
function utcMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const zoned = /T/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text;
  return Date.parse(zoned);
}

const NDJSON = 'application/x-ndjson';

/** Whether the client asked for the streamed variant of the import (its Accept header names NDJSON). */
function wantsNdjson(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => part.split(';')[0]!.trim().toLowerCase() === NDJSON);
}

/** Progress at most every 250 ms or 10,000 rows (the first batch always), so that a fast import sends few lines. */
function throttledProgress(now: () => number, emit: (rows: number) => void, everyMs = 250, everyRows = 10_000): (rows: number) => void {
  let lastAt = -Infinity;
  let lastRows = -Infinity;
  return (rows) => {
    const at = now();
    if (at - lastAt < everyMs && rows - lastRows < everyRows) return;
    lastAt = at;
    lastRows = rows;
    emit(rows);
  };
}

type TraceImportResultJson = z.output<typeof TraceImportResultSchema>;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));

/** Runs imports one after the other (the SQLite store has one connection, one transaction at a time). */
function importQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

export function registerTraceRoutes(app: ApiApp, route: RouteContext): void {
  const queued = importQueue();

  // The upload route reads its body itself (streamed to disk), whatever its media type.
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post('/api/trace/import', {
      handlerTimeout: route.config.importTimeoutMs,
      bodyLimit: route.config.maxUploadBytes,
      schema: {
        tags: ['trace'],
        summary: 'Import a message-trace export',
        description: `The body is one export file, as downloaded from the Exchange admin center or saved from Get-MessageTrace(V2) / Get-MessageTraceDetail(V2) with Export-Csv or ConvertTo-Json (any media type; UTF-8 or UTF-16); the format is detected from its header. At most ${route.config.maxUploadBytes} bytes. The same as \`maildoctor trace import\`: importing the same rows again adds nothing, a later status replaces an earlier one, unreadable rows are listed and the rest imports. With \`Accept: application/x-ndjson\` the answer (once the file is received and the options are checked; problems found before then are answered as usual) is 200 with newline-delimited JSON: \`{"type":"progress","rows":N,"file":NAME}\` lines while the rows are stored (at most every 250 ms or 10,000 rows), then one last line, \`{"type":"result", ...}\` with the fields of the JSON answer below, or \`{"type":"error","problem":{...}}\` with the problem details the JSON answer would have had.`,
        security: [{ bearerAuth: [] }],
        querystring: TraceImportQuerySchema,
        body: { content: { 'application/octet-stream': { schema: TraceUploadBodySchema }, 'text/csv': { schema: TraceUploadBodySchema } } },
        response: { 200: TraceImportResultSchema, ...problemResponses(400, 401, 413, 422, 500, 503) },
      },
    }, async (request, reply) => {
      const name = request.query.name ?? 'upload';
      // Options are checked before a byte is stored.
      const time = { culture: request.query.culture, dateFormat: request.query.dateFormat };
      createTraceTimeParser(time);
      const declared = Number(request.headers['content-length']);
      if (declared > route.config.maxUploadBytes) throw new ApiError('payload-too-large', `the upload (${declared} bytes) is larger than the limit of ${route.config.maxUploadBytes} bytes`);
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw new ApiError('bad-request', 'the body must be the export file');
      const store = await route.store();
      const path = await receiveUpload(body, uploadDir(route.config.dataDir), route.config.maxUploadBytes);
      const run = async (onProgress?: (rowsSoFar: number) => void): Promise<TraceImportResultJson> => {
        try {
          const result = await queued(() => importTraceFiles(store, [path], { time, ...(onProgress ? { onProgress } : {}) }));
          const named = (text: string): string => text.split(path).join(name);
          const file = result.files[0];
          if (!file || file.error) throw new ApiError('unreadable-input', named(file?.error ?? 'nothing was imported'));
          return {
            file: name,
            format: file.format ?? null,
            rows: file.rows,
            ...file.counts,
            skipped: file.skippedCount,
            skippedRows: result.skipped.map((row) => ({ line: row.line, reason: named(row.reason) })),
          };
        } finally {
          await rm(path, { force: true });
        }
      };
      if (!wantsNdjson(request.headers.accept)) return run();
      // The NDJSON variant: the status is sent now, progress lines follow, the last line is the outcome.
      const lines = new PassThrough();
      // A client that goes away destroys the stream; the import still finishes (its rows stay), its lines go nowhere.
      lines.on('error', () => undefined);
      const progress = throttledProgress(() => route.deps.clock.now().getTime(), (rows) => !lines.destroyed && lines.write(`${JSON.stringify({ type: 'progress', rows, file: name })}\n`));
      void run(progress).then(
        (result) => lines.end(`${JSON.stringify({ type: 'result', ...result })}\n`),
        (error: unknown) => {
          const { problem: details, internal } = problemFromError(error, request.id);
          if (internal) {
            const e = error as Error;
            route.deps.log({ time: route.deps.clock.now().toISOString(), level: 'error', msg: 'internal error', reqId: request.id, route: '/api/trace/import', error: `${e?.name}: ${e?.message}`, stack: e?.stack ?? null });
          }
          lines.end(`${JSON.stringify({ type: 'error', problem: details })}\n`);
        },
      );
      // A stream is sent as it is (Fastify serializes objects only), not checked against the JSON schema.
      return reply.type(NDJSON).send(lines as unknown as TraceImportResultJson);
    });
  });

  app.get('/api/trace/query', {
    schema: {
      tags: ['trace'],
      summary: 'Query message traces',
      description: 'Stored message/recipient rows matching the filters, newest first; the filters of `maildoctor trace query` (times in ISO 8601, UTC).',
      security: [{ bearerAuth: [] }],
      querystring: TraceQuerySchema,
      response: { 200: TraceQueryResultSchema, ...problemResponses(400, 401, 500, 503) },
    },
  }, async (request) => {
    const q = request.query;
    const store = await route.store();
    const rows = await queryTraceRows(store.db, {
      sender: q.sender, recipient: q.recipient, domain: q.domain,
      status: q.status as DeliveryStatus | undefined,
      since: utcMs(q.since), until: utcMs(q.until),
      messageId: q.messageId, subject: q.subject,
      direction: q.direction as TraceDirection | undefined,
      ip: q.ip,
      // One more than asked, to tell whether there are more.
      limit: q.limit + 1,
    });
    const shown = rows.slice(0, q.limit);
    return {
      rows: shown.map((r) => ({ ...r, receivedAt: iso(r.receivedAt), statusAt: iso(r.statusAt) })),
      count: shown.length,
      limit: q.limit,
      more: rows.length > q.limit,
    };
  });

  app.get('/api/trace/report', {
    schema: {
      tags: ['trace'],
      summary: 'Report on message traces',
      description: 'Totals, failures by status code and reason with their knowledge, traffic by recipient domain, sender and hour, the top failing domains with their trend, and the alerts; the same as `maildoctor trace report --json` (times in ISO 8601, UTC; since rounded down and until rounded up to the hour).',
      security: [{ bearerAuth: [] }],
      querystring: TraceReportQuerySchema,
      response: { 200: TraceReportSchema, ...problemResponses(400, 401, 500, 503) },
    },
  }, async (request) => {
    const since = utcMs(request.query.since);
    const until = utcMs(request.query.until);
    if (since !== undefined && until !== undefined && until <= since) {
      throw new ApiError('validation', 'querystring.until: must be later than since', [{ field: 'querystring.until', message: 'must be later than since' }]);
    }
    const store = await route.store();
    return traceReportJson(await buildTraceReport(store, { since, until, limit: request.query.top })) as z.output<typeof TraceReportSchema>;
  });

  app.get('/api/trace/message', {
    schema: {
      tags: ['trace'],
      summary: "One message's timeline",
      description: 'The stored messages with this Message-ID, message trace id or network message id: their recipients with the NDR knowledge of each failure, and every event in time order; the same as `maildoctor trace message --json`. 404 when none has it.',
      security: [{ bearerAuth: [] }],
      querystring: TraceMessageQuerySchema,
      response: { 200: TraceMessageResultSchema, ...problemResponses(400, 401, 404, 500, 503) },
    },
  }, async (request) => {
    const id = request.query.id;
    const store = await route.store();
    const views = (await queryMessageTimeline(store.db, id)).map(explainTraceMessage);
    if (views.length === 0) throw new ApiError('not-found', 'no stored message has this Message-ID, trace id or network message id');
    return { query: id, messages: views.map(traceMessageJson) } as z.output<typeof TraceMessageResultSchema>;
  });
}
