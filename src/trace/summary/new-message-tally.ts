/**
 * The report summaries of messages a bulk load wrote (sqlite-store.ts): counted in memory as
 * they are written, since they are all new to the store, and added to the summary tables in a
 * few statements, instead of being read back and counted hour by hour after the import
 * (update-trace-summaries.ts, which stays the definition: a tally counts exactly what its
 * `rowsIn` query would count for the same rows, and a test compares the two).
 *
 * What a recipient row counts for, as there: a message with a received time counts each of its
 * recipients in that hour; one without counts the recipients that have a known status at their
 * status time. A failed or pending recipient is counted under the classification of its latest
 * failure or deferral text. A message counts once per (hour, direction, sender) its recipients
 * fall in (COUNT(DISTINCT message_key)).
 *
 * Memory holds one entry per distinct bucket until `flush`, which the upkeep calls when
 * FLUSH_BUCKETS is reached; the hours ever counted are kept (a set of numbers bounded by the
 * time span) so that the upkeep can count them again from the rows when a bulk load ends
 * half-way or a file is rolled back.
 * @module
 */
import type { CountTable, NewMessageFacts, NewRecipientFacts, TraceImportSession } from '../store/trace-store.js';
import { DELIVERY_STATUSES } from '../types.js';
import { HOUR_MS, type TraceFailureTextsTable } from './summary-tables.js';

/** Buckets held before they are written (measured at about 500 bytes each with their keys). */
export const FLUSH_BUCKETS = 50_000;

const KNOWN_STATUS: ReadonlySet<string> = new Set(DELIVERY_STATUSES);
const SEP = '\u0000';

interface SenderBucket {
  hour: number;
  direction: string;
  sender: string;
  messages: number;
  recipients: number;
  failed: number;
}

interface OutcomeBucket {
  hour: number;
  direction: string;
  domain: string;
  status: string;
  statusCode: string;
  reason: string;
  codeId: string;
  authFailure: number;
  recipients: number;
}

/** Code-unit order, as the BINARY collation of the keys compares UTF-8 for these texts closely enough to keep inserts local. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The hour SQL's integer division gives (`(t / 3600000) * 3600000` truncates toward zero). */
function sqlHour(ms: number): number {
  return Math.trunc(ms / HOUR_MS) * HOUR_MS;
}

/** The buckets of one hour and direction. */
interface HourBuckets {
  senders: Map<string, SenderBucket>;
  /** By recipient domain, status and failure classification. */
  outcomes: Map<string, OutcomeBucket>;
}

export class NewMessageTally {
  /** Every hour counted since the tally began (also after a flush). */
  readonly hours = new Set<number>();
  private byHour = new Map<string, HourBuckets>();
  private buckets = 0;

  /** `classify` gives the stored classification of a failure text (its failureTextKey). */
  constructor(private readonly classify: (detail: string) => TraceFailureTextsTable | undefined) {}

  get size(): number {
    return this.buckets;
  }

  add(message: NewMessageFacts, recipients: readonly NewRecipientFacts[]): void {
    const direction = message.direction ?? '';
    const sender = message.sender ?? '';
    // With a received time every recipient falls in one hour: its buckets are found once.
    const received = message.receivedAt === null ? null : sqlHour(message.receivedAt);
    let receivedBuckets: HourBuckets | null = null;
    let messageBucket: SenderBucket | null = null;
    let countedIn: Set<SenderBucket> | null = null;
    for (const recipient of recipients) {
      let hour: number;
      let status: string;
      let buckets: HourBuckets;
      let bucket: SenderBucket;
      if (received !== null) {
        hour = received;
        status = recipient.status ?? '';
        buckets = receivedBuckets ??= this.hourBuckets(hour, direction);
        if (!messageBucket) {
          messageBucket = this.senderBucket(buckets, hour, direction, sender);
          messageBucket.messages++;
        }
        bucket = messageBucket;
      } else {
        if (recipient.status === null || !KNOWN_STATUS.has(recipient.status) || recipient.statusAt === null) continue;
        hour = sqlHour(recipient.statusAt);
        status = recipient.status;
        buckets = this.hourBuckets(hour, direction);
        bucket = this.senderBucket(buckets, hour, direction, sender);
        // Counted once per bucket its recipients fall in (COUNT(DISTINCT message_key)).
        if (!(countedIn ??= new Set()).has(bucket)) {
          countedIn.add(bucket);
          bucket.messages++;
        }
      }
      bucket.recipients++;
      if (status === 'failed') bucket.failed++;

      const text = (status === 'failed' || status === 'pending') && recipient.failureDetail ? this.classify(recipient.failureDetail) : undefined;
      const outcomeKey = text
        ? `${recipient.domain}${SEP}${status}${SEP}${text.status_code}${SEP}${text.reason}${SEP}${text.code_id}${SEP}${text.auth_failure}`
        : `${recipient.domain}${SEP}${status}`;
      const outcome = buckets.outcomes.get(outcomeKey);
      if (outcome) outcome.recipients++;
      else {
        this.buckets++;
        buckets.outcomes.set(outcomeKey, {
          hour, direction, domain: recipient.domain, status, statusCode: text?.status_code ?? '', reason: text?.reason ?? '', codeId: text?.code_id ?? '',
          authFailure: text?.auth_failure ?? 0, recipients: 1,
        });
      }
    }
  }

  private hourBuckets(hour: number, direction: string): HourBuckets {
    const key = `${hour}${SEP}${direction}`;
    let buckets = this.byHour.get(key);
    if (!buckets) {
      this.hours.add(hour);
      buckets = { senders: new Map(), outcomes: new Map() };
      this.byHour.set(key, buckets);
    }
    return buckets;
  }

  private senderBucket(buckets: HourBuckets, hour: number, direction: string, sender: string): SenderBucket {
    let bucket = buckets.senders.get(sender);
    if (!bucket) {
      this.buckets++;
      bucket = { hour, direction, sender, messages: 0, recipients: 0, failed: 0 };
      buckets.senders.set(sender, bucket);
    }
    return bucket;
  }

  /** Forgets what is not written yet (the hours stay). */
  clear(): void {
    this.byHour = new Map();
    this.buckets = 0;
  }

  /** Adds the buckets to the summary tables (inside the import's transaction) and forgets them. */
  async flush(addCounts: TraceImportSession['addCounts']): Promise<void> {
    // In key order, so that the primary-key index takes them at its end rather than at random places.
    const senders = [...this.byHour.values()].flatMap((b) => [...b.senders.values()]).sort((a, b) => a.hour - b.hour || compareText(a.direction, b.direction) || compareText(a.sender, b.sender));
    const outcomes = [...this.byHour.values()].flatMap((b) => [...b.outcomes.values()]).sort((a, b) => a.hour - b.hour || compareText(a.direction, b.direction) || compareText(a.domain, b.domain) || compareText(a.status, b.status)
      || compareText(a.statusCode, b.statusCode) || compareText(a.reason, b.reason) || compareText(a.codeId, b.codeId) || a.authFailure - b.authFailure);
    this.clear();
    await addCounts(HOUR_SENDERS, senders.map((b) => [b.hour, b.direction, b.sender, b.messages, b.recipients, b.failed]));
    await addCounts(HOUR_OUTCOMES, outcomes.map((b) => [b.hour, b.direction, b.domain, b.status, b.statusCode, b.reason, b.codeId, b.authFailure, b.recipients]));
  }
}

/** The summary tables as count tables (migrations/0002-report-summaries.sql). */
export const HOUR_SENDERS: CountTable = {
  table: 'trace_hour_senders',
  keys: [['hour_at', 'bigint'], ['direction', 'text'], ['sender', 'text']],
  counts: ['messages', 'recipients', 'failed'],
};
export const HOUR_OUTCOMES: CountTable = {
  table: 'trace_hour_outcomes',
  keys: [['hour_at', 'bigint'], ['direction', 'text'], ['recipient_domain', 'text'], ['status', 'text'], ['status_code', 'text'], ['reason', 'text'], ['code_id', 'text'], ['auth_failure', 'integer']],
  counts: ['recipients'],
};
