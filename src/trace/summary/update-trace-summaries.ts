/**
 * Keeps the report summaries (migrations/0002-report-summaries.sql) true to the stored rows,
 * inside the import's transaction, on SQLite and PostgreSQL alike (portable SQL through Kysely).
 *
 * Nothing is incremented: every hour an import touched is summarised again from the rows.
 * Before each batch is added, the upkeep notes the hours its messages are counted in now (a
 * look-up by message key, needless when the store was empty as the import began), and the
 * hours of the batch's own received and status times; a row's time can only move to one of
 * these (latest wins keeps or replaces a received or status time with one from the import). Before the commit, those hours are deleted from the
 * summaries and counted again, range by range, in time order (the rows of an hour lie together
 * in the received-time index, which keeps the reading local). So importing the same rows again
 * changes nothing, a recipient moving from pending to delivered moves between the counts, and
 * a message whose received time or sender arrives with a later export moves to its hour and
 * sender. Memory holds only the set of touched hours (bounded by the time span, not the rows).
 *
 * A bulk load into an empty SQLite store reports the messages it writes instead
 * (TraceImportSession.bulkLoading, bulkObserver): they are counted in memory as they come
 * (new-message-tally.ts) and added to the summaries in key order, so nothing is read back; if
 * the load ends half-way, or a file is rolled back, the hours counted so far are summarised
 * again from the rows like any others.
 *
 * Each distinct failure or deferral text met in a batch is classified once
 * (classify-trace-failure.ts) and kept in trace_failure_texts.
 * @module
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { MAX_TRACE_FAILURE_TEXT_CHARS } from '../../core/limits.js';
import type { BulkLoadObserver, TraceDatabase, TraceImportSession, TraceStore } from '../store/trace-store.js';
import { DELIVERY_STATUSES, FAILURE_EVENTS, type ImportCounts, type TraceRecord } from '../types.js';
import { classifyTraceFailure } from './classify-trace-failure.js';
import { FLUSH_BUCKETS, NewMessageTally } from './new-message-tally.js';
import { HOUR_MS, hourStart, toNumber, withSummaryTables, type TraceFailureTextsTable } from './summary-tables.js';

const FAILURE_EVENT_SET: ReadonlySet<string> = new Set(FAILURE_EVENTS);

/** Rows per multi-row INSERT of texts: far under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 200;
/**
 * Touched hours closer than this are counted as one range (the hours between are counted
 * again too, which is correct and cheaper than many small statements).
 */
const MERGE_GAP_HOURS = 6;

export interface SummaryUpkeepCounts {
  /** Hours summarised again. */
  hours: number;
  /** Failure texts classified for the first time. */
  newFailureTexts: number;
  /** True when everything was summarised again (first use after an upgrade). */
  rebuilt: boolean;
}

export interface TraceSummaryUpkeep {
  /**
   * Before `session.add(batch)`: classifies the batch's failure texts and notes the hours it
   * touches; while the session loads in bulk (`bulkLoading`), the store reports the messages
   * it writes to `bulkObserver` instead, and they are counted as they come.
   */
  beforeAdd(db: Kysely<TraceDatabase>, records: readonly TraceRecord[], bulkLoading?: boolean): Promise<void>;
  /** Given to `session.add`. */
  readonly bulkObserver: BulkLoadObserver;
  /** After a file was rolled back to its savepoint: what was counted in memory is counted again from the rows. */
  fileRolledBack(): void;
  /** Before commit: summarises the touched hours again (everything when the store asks for it). */
  finish(db: Kysely<TraceDatabase>): Promise<SummaryUpkeepCounts>;
}

/** The key a failure text is kept under: its first characters (code points, as SQL's SUBSTR counts). */
export function failureTextKey(detail: string): string {
  if (detail.length <= MAX_TRACE_FAILURE_TEXT_CHARS) return detail;
  // Only text with surrogate pairs differs between UTF-16 units and code points.
  return /[\uD800-\uDFFF]/.test(detail) ? Array.from(detail).slice(0, MAX_TRACE_FAILURE_TEXT_CHARS).join('') : detail.slice(0, MAX_TRACE_FAILURE_TEXT_CHARS);
}

function textRow(text: string): TraceFailureTextsTable {
  const c = classifyTraceFailure(text);
  return {
    text_key: text, status_code: c.statusCode ?? '', reply_code: c.replyCode ?? '', reason: c.reason, rule_id: c.ruleId,
    code_id: c.code?.id ?? '', auth_failure: c.authFailure ? 1 : 0,
  };
}

async function keepTexts(db: Kysely<TraceDatabase>, rows: TraceFailureTextsTable[]): Promise<void> {
  const sdb = withSummaryTables(db);
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await sdb.insertInto('trace_failure_texts').values(rows.slice(i, i + INSERT_CHUNK)).onConflict((oc) => oc.column('text_key').doNothing()).execute();
  }
}

/** A set of message keys as a table `j(value)`: SQLite's json_each of one JSON parameter, PostgreSQL's unnest of one text[]. */
function keyTable(dialect: TraceStore['dialect'], keys: readonly string[]): RawBuilder<unknown> {
  return dialect === 'sqlite' ? sql`json_each(${JSON.stringify(keys)}) j` : sql`unnest(${[...keys]}::text[]) AS j(value)`;
}

const FAILURE_EVENT_LIST = sql.join(FAILURE_EVENTS.map((event) => sql.lit(event)));
const STATUS_LIST = sql.join(DELIVERY_STATUSES.map((status) => sql.lit(status)));
const HOUR = sql.lit(HOUR_MS);

/** The latest failure or deferral text of recipient `r` (failed and pending recipients only). */
const FAILURE_TEXT = sql`
  CASE WHEN r.status IN ('failed', 'pending') THEN (
    SELECT SUBSTR(e.detail, 1, ${sql.lit(MAX_TRACE_FAILURE_TEXT_CHARS)}) FROM trace_events e
    WHERE e.message_key = r.message_key AND e.recipient = r.recipient
      AND e.event IN (${FAILURE_EVENT_LIST}) AND e.detail IS NOT NULL AND e.detail <> ''
    ORDER BY e.event_at DESC, e.event
    LIMIT 1) END`;

/**
 * The recipient rows counted in [from, to): those of messages received in it, and (only when
 * some message has no received time) those without a received time whose status time is in it.
 */
function rowsIn(from: number, to: number, withoutReceived: boolean): RawBuilder<unknown> {
  const received = sql`
    SELECT m.message_key, (m.received_at / ${HOUR}) * ${HOUR}, COALESCE(m.direction, ''), COALESCE(m.sender, ''), r.recipient_domain,
      COALESCE(r.status, ''), ${FAILURE_TEXT}
    FROM trace_messages m CROSS JOIN trace_recipients r
    WHERE m.received_at >= ${from} AND m.received_at < ${to} AND r.message_key = m.message_key`;
  if (!withoutReceived) return received;
  return sql`${received}
    UNION ALL
    SELECT r.message_key, (r.status_at / ${HOUR}) * ${HOUR}, COALESCE(m.direction, ''), COALESCE(m.sender, ''), r.recipient_domain,
      r.status, ${FAILURE_TEXT}
    FROM trace_recipients r CROSS JOIN trace_messages m
    WHERE r.status IN (${STATUS_LIST}) AND r.status_at >= ${from} AND r.status_at < ${to}
      AND m.message_key = r.message_key AND m.received_at IS NULL`;
}

/**
 * Hours counted per statement on SQLite: the rows of a day are read once into a work table,
 * then summed twice, which keeps the work table small. PostgreSQL gets a whole range at once:
 * its planner may join by hashing, reading trace_recipients whole, which must happen once per
 * range rather than once per day.
 */
const SQLITE_CHUNK_MS = 24 * HOUR_MS;

async function summariseRange(db: Kysely<TraceDatabase>, from: number, to: number, withoutReceived: boolean, chunkMs: number): Promise<void> {
  await sql`DELETE FROM trace_hour_senders WHERE hour_at >= ${from} AND hour_at < ${to}`.execute(db);
  await sql`DELETE FROM trace_hour_outcomes WHERE hour_at >= ${from} AND hour_at < ${to}`.execute(db);
  // A temporary table lives on the session's own connection (SQLite's temp schema, a PostgreSQL
  // temporary table), in the import's transaction; it saves reading the rows twice.
  await sql`
    CREATE TEMP TABLE IF NOT EXISTS trace_upkeep_rows (
      message_key TEXT, hour_at BIGINT, direction TEXT, sender TEXT, recipient_domain TEXT, status TEXT, failure_text TEXT
    )`.execute(db);
  for (let start = from; start < to; start += chunkMs) {
    const end = Math.min(to, start + chunkMs);
    await sql`DELETE FROM trace_upkeep_rows`.execute(db);
    await sql`
      INSERT INTO trace_upkeep_rows (message_key, hour_at, direction, sender, recipient_domain, status, failure_text)
      ${rowsIn(start, end, withoutReceived)}`.execute(db);
    await sql`
      INSERT INTO trace_hour_senders (hour_at, direction, sender, messages, recipients, failed)
      SELECT x.hour_at, x.direction, x.sender, COUNT(DISTINCT x.message_key), COUNT(*), SUM(CASE WHEN x.status = 'failed' THEN 1 ELSE 0 END)
      FROM trace_upkeep_rows x
      GROUP BY x.hour_at, x.direction, x.sender`.execute(db);
    // A failed or pending recipient is counted under its latest failure or deferral text.
    await sql`
      INSERT INTO trace_hour_outcomes (hour_at, direction, recipient_domain, status, status_code, reason, code_id, auth_failure, recipients)
      SELECT x.hour_at, x.direction, x.recipient_domain, x.status,
        COALESCE(t.status_code, ''), COALESCE(t.reason, ''), COALESCE(t.code_id, ''), COALESCE(t.auth_failure, 0), COUNT(*)
      FROM trace_upkeep_rows x LEFT JOIN trace_failure_texts t ON t.text_key = x.failure_text
      GROUP BY x.hour_at, x.direction, x.recipient_domain, x.status,
        COALESCE(t.status_code, ''), COALESCE(t.reason, ''), COALESCE(t.code_id, ''), COALESCE(t.auth_failure, 0)`.execute(db);
  }
  await sql`DELETE FROM trace_upkeep_rows`.execute(db);
}

/** Sorted hours -> [from, to) ranges, neighbours closer than MERGE_GAP_HOURS merged. */
export function hourRanges(hours: Iterable<number>): Array<[number, number]> {
  const sorted = [...hours].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const hour of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && hour <= last[1] + MERGE_GAP_HOURS * HOUR_MS) last[1] = Math.max(last[1], hour + HOUR_MS);
    else ranges.push([hour, hour + HOUR_MS]);
  }
  return ranges;
}

async function hasRowsWithoutReceived(db: Kysely<TraceDatabase>): Promise<boolean> {
  const { rows } = await sql`SELECT 1 AS x FROM trace_messages WHERE received_at IS NULL LIMIT 1`.execute(db);
  return rows.length > 0;
}

/** Every hour that holds a row (for the rebuild after an upgrade). */
async function storedSpan(db: Kysely<TraceDatabase>): Promise<[number, number] | null> {
  const { rows } = await sql<{ lo: number | null; hi: number | null }>`
    SELECT MIN(t.lo) AS lo, MAX(t.hi) AS hi FROM (
      SELECT MIN(received_at) AS lo, MAX(received_at) AS hi FROM trace_messages
      UNION ALL
      SELECT MIN(status_at), MAX(status_at) FROM trace_recipients
    ) t`.execute(db);
  const row = rows[0];
  if (!row || row.lo === null || row.hi === null) return null;
  return [hourStart(toNumber(row.lo)), hourStart(toNumber(row.hi)) + HOUR_MS];
}

/** Classifies every stored failure text not yet classified (after an upgrade). */
async function classifyStoredTexts(db: Kysely<TraceDatabase>): Promise<number> {
  const { rows } = await sql<{ text_key: string }>`
    SELECT DISTINCT SUBSTR(e.detail, 1, ${sql.lit(MAX_TRACE_FAILURE_TEXT_CHARS)}) AS text_key FROM trace_events e
    WHERE e.event IN (${FAILURE_EVENT_LIST}) AND e.detail IS NOT NULL AND e.detail <> ''
      AND NOT EXISTS (SELECT 1 FROM trace_failure_texts t WHERE t.text_key = SUBSTR(e.detail, 1, ${sql.lit(MAX_TRACE_FAILURE_TEXT_CHARS)}))`.execute(db);
  await keepTexts(db, rows.map((row) => textRow(row.text_key)));
  return rows.length;
}

/** Starts the upkeep of one import session. */
export function startTraceSummaryUpkeep(dialect: TraceStore['dialect'], addCounts: TraceImportSession['addCounts']): TraceSummaryUpkeep {
  const hours = new Set<number>();
  const classified = new Map<string, TraceFailureTextsTable>();
  let newFailureTexts = 0;
  // Into a store that was empty when the import began, every stored row came from this import,
  // so the hours it is counted in are already among the records' hours: no look-ups needed.
  let startedEmpty: boolean | null = null;
  // Messages a bulk load wrote, counted as they come (new-message-tally.ts).
  const tally = new NewMessageTally((detail) => classified.get(failureTextKey(detail)));
  const noteHours = (records: readonly TraceRecord[]): void => {
    for (const record of records) {
      if (record.message.receivedAt !== undefined) hours.add(hourStart(record.message.receivedAt));
      if (record.status) hours.add(hourStart(record.status.at));
    }
  };
  // The tally's hours are counted again from the rows (what it holds is dropped, what it wrote
  // is replaced): after this, every stored row's hours are among the noted ones again.
  const recountTally = (): void => {
    for (const hour of tally.hours) hours.add(hour);
    tally.hours.clear();
    tally.clear();
  };
  return {
    bulkObserver: {
      newMessage: (message, recipients) => tally.add(message, recipients),
      leave(records) {
        recountTally();
        noteHours(records);
      },
    },
    fileRolledBack: recountTally,
    async beforeAdd(db, records, bulkLoading = false) {
      startedEmpty ??= (await sql`SELECT 1 AS x FROM trace_messages LIMIT 1`.execute(db)).rows.length === 0;
      const keys = new Set<string>();
      const texts = new Map<string, TraceFailureTextsTable>();
      if (!bulkLoading) noteHours(records);
      else if (tally.size >= FLUSH_BUCKETS) await tally.flush(addCounts);
      const lookUpHours = !startedEmpty && !bulkLoading;
      for (const record of records) {
        if (lookUpHours) keys.add(record.message.key);
        for (const event of record.events) {
          if (!event.detail || !FAILURE_EVENT_SET.has(event.event)) continue;
          const key = failureTextKey(event.detail);
          let row = classified.get(key);
          if (!row) {
            row = textRow(key);
            classified.set(key, row);
            newFailureTexts++;
          }
          texts.set(key, row);
        }
      }
      if (keys.size > 0) {
        const { rows } = await sql<{ hour_at: number }>`
          SELECT DISTINCT (COALESCE(m.received_at, r.status_at) / ${HOUR}) * ${HOUR} AS hour_at
          FROM ${keyTable(dialect, [...keys])} CROSS JOIN trace_messages m CROSS JOIN trace_recipients r
          WHERE m.message_key = j.value AND r.message_key = m.message_key AND COALESCE(m.received_at, r.status_at) IS NOT NULL`.execute(db);
        for (const row of rows) hours.add(toNumber(row.hour_at));
      }
      // Kept again for every batch (the insert adds nothing when they are there): a file
      // rolled back to its savepoint takes the texts it added with it.
      if (texts.size > 0) await keepTexts(db, [...texts.values()]);
    },

    async finish(db) {
      if (tally.size > 0) await tally.flush(addCounts);
      const sdb = withSummaryTables(db);
      const flag = await sdb.selectFrom('trace_summary_state').select('value').where('name', '=', 'rebuild').executeTakeFirst();
      let ranges = hourRanges(hours);
      if (flag) {
        newFailureTexts += await classifyStoredTexts(db);
        const span = await storedSpan(db);
        await sql`DELETE FROM trace_hour_senders`.execute(db);
        await sql`DELETE FROM trace_hour_outcomes`.execute(db);
        ranges = span ? [span] : [];
        await sdb.deleteFrom('trace_summary_state').where('name', '=', 'rebuild').execute();
      }
      const withoutReceived = ranges.length > 0 && (await hasRowsWithoutReceived(db));
      let count = 0;
      for (const [from, to] of ranges) {
        await summariseRange(db, from, to, withoutReceived, dialect === 'sqlite' ? SQLITE_CHUNK_MS : to - from);
        count += (to - from) / HOUR_MS;
      }
      hours.clear();
      return { hours: count, newFailureTexts, rebuilt: Boolean(flag) };
    },
  };
}

/**
 * An import session whose files and batches keep the report summaries: what `trace import` and
 * `m365 trace pull` do, in the order the upkeep needs (look-ups before each add, the bulk
 * load's observer given to it, a rolled-back file's hours counted again, the indexes settled
 * before the final count).
 */
export interface SummarisingImport {
  beginFile(): Promise<void>;
  add(records: readonly TraceRecord[]): Promise<ImportCounts>;
  endFile(keep: boolean): Promise<void>;
  /** After the last file, before the commit. */
  finish(): Promise<SummaryUpkeepCounts>;
}

export function keepSummaries(session: TraceImportSession, dialect: TraceStore['dialect']): SummarisingImport {
  const upkeep = startTraceSummaryUpkeep(dialect, session.addCounts);
  return {
    beginFile: () => session.beginFile(),
    async add(records) {
      const bulkLoading = session.bulkLoading;
      await session.run((db) => upkeep.beforeAdd(db, records, bulkLoading));
      return session.add(records, upkeep.bulkObserver);
    },
    async endFile(keep) {
      await session.endFile(keep);
      if (!keep) upkeep.fileRolledBack();
    },
    async finish() {
      await session.settle();
      return session.run((db) => upkeep.finish(db));
    },
  };
}

/**
 * Brings the summaries up to date outside an import (the first report after an upgrade):
 * does nothing unless the store asks for a rebuild.
 */
export async function refreshTraceSummaries(store: TraceStore): Promise<SummaryUpkeepCounts | null> {
  const flag = await withSummaryTables(store.db).selectFrom('trace_summary_state').select('value').where('name', '=', 'rebuild').executeTakeFirst();
  if (!flag) return null;
  const session = await store.beginImport();
  try {
    const counts = await session.run((db) => startTraceSummaryUpkeep(store.dialect, session.addCounts).finish(db));
    await session.commit();
    return counts;
  } catch (error) {
    await session.rollback();
    throw error;
  }
}
