/**
 * Exchange Online's words for statuses, events and direction, mapped to the store's closed
 * vocabulary (microsoft-365-mail-facts.md sections 3.1-3.3).
 * @module
 */
import type { DeliveryStatus, TraceDirection } from '../types.js';

const STATUS_WORDS: Readonly<Record<string, DeliveryStatus>> = {
  delivered: 'delivered',
  failed: 'failed',
  pending: 'pending',
  expanded: 'expanded',
  quarantined: 'quarantined',
  filteredasspam: 'filtered-as-spam',
  gettingstatus: 'getting-status',
  recalled: 'recalled',
  none: 'none',
};

/** The spellings exports use most, looked up as they are (one Map lookup per row). */
const STATUS_SPELLINGS: ReadonlyMap<string, DeliveryStatus> = new Map(
  Object.entries(STATUS_WORDS).flatMap(([word, status]) => [[word, status], [word[0]?.toUpperCase() + word.slice(1), status]] as Array<[string, DeliveryStatus]>)
    .concat([['FilteredAsSpam', 'filtered-as-spam'], ['GettingStatus', 'getting-status']]),
);

/** `Delivered`, `FilteredAsSpam`, `Filtered as spam`, `filteredAsSpam` (Graph) -> status. */
export function statusFromText(text: string): DeliveryStatus | undefined {
  return STATUS_SPELLINGS.get(text) ?? STATUS_WORDS[text.toLowerCase().replace(/[^a-z]/g, '')];
}

/** Capitals or anything beyond ASCII: what toLowerCase may change. */
const MAY_CHANGE_CASE = /[A-Z\u0080-\uffff]/;

/**
 * Lower case without a copy when there is nothing to change (plain ASCII without capitals),
 * which is most addresses and ids. (A regular-expression test, which allocates nothing, is
 * faster here than a JavaScript loop over characters of text sliced from a large string.)
 */
export function lowerCase(text: string): string {
  return MAY_CHANGE_CASE.test(text) ? text.toLowerCase() : text;
}

/**
 * The status an event leaves a recipient in. SEND counts as delivered because Exchange Online
 * has handed the message to the next hop, which is what the summary's `Delivered` means for
 * outbound mail; RECEIVE and DEFER leave it pending.
 */
const EVENT_STATUS: Readonly<Record<string, DeliveryStatus>> = {
  DELIVER: 'delivered',
  SEND: 'delivered',
  DUPLICATEDELIVER: 'delivered',
  FAIL: 'failed',
  DELIVERFAIL: 'failed',
  SUBMITFAIL: 'failed',
  RESUBMITFAIL: 'failed',
  DROP: 'failed',
  BADMAIL: 'failed',
  POISONMESSAGE: 'failed',
  DEFER: 'pending',
  SUBMITDEFER: 'pending',
  RESUBMITDEFER: 'pending',
  RECEIVE: 'pending',
  EXPAND: 'expanded',
  QUARANTINE: 'quarantined',
};

/** Event names as exported (`Receive`, `DELIVER`, `Spam Diagnostics`) -> `RECEIVE`, `SPAM DIAGNOSTICS`. */
export function normalizeEvent(text: string): string {
  if (UPPER_WORD.test(text)) return text;
  return text.trim().replace(/\s+/g, ' ').toUpperCase();
}

const UPPER_WORD = /^[A-Z]+$/;

export function statusFromEvent(event: string): DeliveryStatus | undefined {
  return EVENT_STATUS[event.indexOf(' ') < 0 ? event : event.replace(/ /g, '')];
}

/** EAC `directionality` (1/2), tracking-log words (Incoming/Originating), or plain words. */
export function directionFromText(text: string): TraceDirection | undefined {
  const word = text.trim().toLowerCase();
  if (word === '1' || word === 'incoming' || word === 'inbound' || word === 'received') return 'inbound';
  if (word === '2' || word === 'originating' || word === 'outbound' || word === 'sent') return 'outbound';
  if (word === 'internal' || word === 'intraorg') return 'internal';
  return undefined;
}

/**
 * Get-MessageTrace has no direction column: ToIP is set only for mail sent out to a resolved
 * MX, FromIP only for mail received from outside ([PS] Get-MessageTrace).
 */
export function directionFromIps(fromIp: string, toIp: string): TraceDirection | undefined {
  if (toIp) return 'outbound';
  if (fromIp) return 'inbound';
  return undefined;
}

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

/** A GUID, `{8-4-4-4-12}` hex digits, braces optional (either may be missing), lower-cased. */
function guidIn(text: string): string | undefined {
  if (!GUID.test(text)) return undefined;
  const start = text.charCodeAt(0) === 123 ? 1 : 0;
  return lowerCase(start === 0 && text.length === 36 ? text : text.slice(start, start + 36));
}

/**
 * The message key: the message trace id, which Exchange Online sets to the network message id,
 * so summary, detail and EAC rows of one message meet; else the Message-ID.
 */
export function messageKey(traceId: string, messageId: string): string | undefined {
  const guid = guidIn(traceId);
  if (guid) return guid;
  if (messageId) return 'mid:' + messageId.toLowerCase();
  return undefined;
}

/** A character outside printable ASCII, a capital, `:`, `<` or `>`: the address needs cleaning. */
const NOT_CLEAN = /[^\x21-\x39\x3b\x3d\x3f\x40\x5b-\x7e]/;

/** `<Alice@Example.COM>` or `SMTP:alice@example.com` -> `alice@example.com`. */
export function normalizeAddress(text: string): string {
  // Most addresses are already clean and are returned as they are.
  if (!NOT_CLEAN.test(text)) return text;
  return text.trim().replace(/^smtp:/i, '').replace(/^<(.*)>$/, '$1').toLowerCase();
}
