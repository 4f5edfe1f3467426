/**
 * `Get-MessageTraceDetail` / `Get-MessageTraceDetailV2` output: one row per event of one
 * message for one recipient (Date, Event, Action, Detail, Data, MessageId, MessageTraceId,
 * RecipientAddress, SenderAddress). [PS] Get-MessageTraceDetail.md; Reporting Web Service
 * MessageTraceDetail (jj984328).
 * @module
 */
import type { TraceRecord } from '../types.js';
import { cellReader, hasColumns, optional } from './trace-columns.js';
import type { TraceImporter } from './trace-importer.js';
import { lowerCase, messageKey, normalizeAddress, normalizeEvent, statusFromEvent } from './trace-vocabulary.js';

export const exoMessageTraceDetail: TraceImporter = {
  id: 'exo-message-trace-detail',
  description: 'Get-MessageTraceDetail / Get-MessageTraceDetailV2 (Export-Csv or ConvertTo-Json)',
  matches: (columns) => hasColumns(columns, 'date', 'event', 'messagetraceid', 'recipientaddress'),
  bind(header, { parseTime }) {
    const date = cellReader(header, 'date');
    const event = cellReader(header, 'event');
    const action = cellReader(header, 'action');
    const detail = cellReader(header, 'detail');
    const data = cellReader(header, 'data');
    const messageId = cellReader(header, 'messageid');
    const traceId = cellReader(header, 'messagetraceid');
    const recipient = cellReader(header, 'recipientaddress');
    const sender = cellReader(header, 'senderaddress');
    return (row) => {
      const at = parseTime(date(row));
      if (at === null) return `Date "${date(row)}" is not a date (see --culture / --date-format)`;
      const name = normalizeEvent(event(row));
      if (!name) return 'no Event';
      const key = messageKey(traceId(row), messageId(row));
      if (!key) return 'no MessageTraceId or MessageId';
      const address = normalizeAddress(recipient(row));
      if (!address) return 'no RecipientAddress';
      const status = statusFromEvent(name);
      const record: TraceRecord = {
        line: row.line,
        message: {
          key,
          messageTraceId: optional(lowerCase(traceId(row))),
          messageId: optional(messageId(row)),
          sender: optional(normalizeAddress(sender(row))),
        },
        recipient: address,
        status: status ? { value: status, at } : undefined,
        events: [{ event: name, at, action: optional(action(row)), detail: optional(detail(row)), data: optional(data(row)) }],
      };
      return [record];
    };
  },
};
