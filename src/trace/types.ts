/**
 * The message-trace domain: what an importer produces from one export row and what the store
 * keeps. Vocabulary from Exchange Online (microsoft-365-mail-facts.md section 3): summary
 * statuses of Get-MessageTrace(V2) and the EAC, event names of Get-MessageTraceDetail and the
 * message-tracking log.
 * @module
 */

/** Export formats, detected from the header row or the JSON keys (never the file name). */
export type TraceFormatId =
  | 'eac-summary'
  | 'eac-enhanced-summary'
  | 'eac-extended'
  | 'exo-message-trace'
  | 'exo-message-trace-detail';

/** Delivery status of one message for one recipient (Get-MessageTraceV2 `Status`, lower-cased). */
export type DeliveryStatus =
  | 'delivered'
  | 'failed'
  | 'pending'
  | 'expanded'
  | 'quarantined'
  | 'filtered-as-spam'
  | 'getting-status'
  | 'recalled'
  | 'none';

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'delivered', 'failed', 'pending', 'expanded', 'quarantined', 'filtered-as-spam', 'getting-status', 'recalled', 'none',
];

/**
 * Events whose detail says why a recipient failed or waits (message-tracking event names); the
 * latest of them is the failure text a failed or pending recipient is counted under.
 */
export const FAILURE_EVENTS: readonly string[] = ['FAIL', 'DELIVERFAIL', 'SUBMITFAIL', 'RESUBMITFAIL', 'DROP', 'BADMAIL', 'POISONMESSAGE', 'DEFER', 'SUBMITDEFER', 'RESUBMITDEFER'];

/** Statuses after which the service does nothing more for that recipient. */
export const FINAL_STATUSES: ReadonlySet<DeliveryStatus> = new Set(['delivered', 'failed', 'expanded', 'quarantined', 'filtered-as-spam', 'recalled']);

/** EAC `directionality`: 1 = inbound, 2 = outbound; `originating` is mail our users sent internally. */
export type TraceDirection = 'inbound' | 'outbound' | 'internal';

/** One event of a message for one recipient (a Get-MessageTraceDetail row, an extended-report row). */
export interface TraceEventRecord {
  /** Upper-case event name: RECEIVE, SEND, DELIVER, FAIL, DEFER, EXPAND, TRANSFER, … */
  event: string;
  /** Milliseconds since 1970 UTC, whole seconds (exports differ in sub-second precision). */
  at: number;
  action?: string | undefined;
  detail?: string | undefined;
  data?: string | undefined;
}

/** The message-level facts of a row; every field but `key` may be missing in a given format. */
export interface TraceMessageRecord {
  /** Lower-case message trace id / network message id, else `mid:` + the Message-ID. */
  key: string;
  messageTraceId?: string | undefined;
  networkMessageId?: string | undefined;
  messageId?: string | undefined;
  sender?: string | undefined;
  subject?: string | undefined;
  size?: number | undefined;
  direction?: TraceDirection | undefined;
  fromIp?: string | undefined;
  toIp?: string | undefined;
  clientIp?: string | undefined;
  receivedAt?: number | undefined;
}

/** What one export row says about one recipient of one message. */
export interface TraceRecord {
  /** Line of the row in its file (1-based, first line of a multi-line row). */
  line: number;
  message: TraceMessageRecord;
  /** Lower-case recipient address. */
  recipient: string;
  status?: { value: DeliveryStatus; at: number } | undefined;
  events: TraceEventRecord[];
}

/** A row that could not be read, reported as file:line and kept out of the store. */
export interface SkippedRow {
  file: string;
  line: number;
  reason: string;
}

/** Outcome of adding records: new facts, changed statuses, and rows that added nothing. */
export interface ImportCounts {
  imported: number;
  updated: number;
  unchanged: number;
}
