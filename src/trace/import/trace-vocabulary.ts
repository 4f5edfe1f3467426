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

/** `Delivered`, `FilteredAsSpam`, `Filtered as spam`, `filteredAsSpam` (Graph) -> status. */
export function statusFromText(text: string): DeliveryStatus | undefined {
  return STATUS_WORDS[text.toLowerCase().replace(/[^a-z]/g, '')];
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
  return text.trim().replace(/\s+/g, ' ').toUpperCase();
}

export function statusFromEvent(event: string): DeliveryStatus | undefined {
  return EVENT_STATUS[event.replace(/ /g, '')];
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

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/**
 * The message key: the message trace id, which Exchange Online sets to the network message id,
 * so summary, detail and EAC rows of one message meet; else the Message-ID.
 */
export function messageKey(traceId: string, messageId: string): string | undefined {
  const guid = GUID.exec(traceId);
  if (guid?.[1]) return guid[1].toLowerCase();
  if (messageId) return 'mid:' + messageId.toLowerCase();
  return undefined;
}

/** `<Alice@Example.COM>` or `SMTP:alice@example.com` -> `alice@example.com`. */
export function normalizeAddress(text: string): string {
  return text.trim().replace(/^smtp:/i, '').replace(/^<(.*)>$/, '$1').toLowerCase();
}
