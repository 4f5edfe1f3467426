/**
 * `Get-MessageTrace` and `Get-MessageTraceV2` output saved with Export-Csv or ConvertTo-Json:
 * one row per message and recipient (Received, SenderAddress, RecipientAddress, Subject,
 * Status, ToIP, FromIP, Size, MessageId, MessageTraceId; V1 adds Organization, StartDate,
 * EndDate, Index). [PS] Get-MessageTrace.md, Get-MessageTraceV2.md.
 * @module
 */
import type { TraceRecord } from '../types.js';
import { cellReader, hasColumns, isLostArray, optional, parseSize, splitValues } from './trace-columns.js';
import type { TraceImporter } from './trace-importer.js';
import { directionFromIps, messageKey, normalizeAddress, statusFromText } from './trace-vocabulary.js';

export const exoMessageTrace: TraceImporter = {
  id: 'exo-message-trace',
  description: 'Get-MessageTrace / Get-MessageTraceV2 (Export-Csv or ConvertTo-Json)',
  matches: (columns) => hasColumns(columns, 'received', 'senderaddress', 'recipientaddress', 'status'),
  bind(header, { parseTime }) {
    const received = cellReader(header, 'received');
    const sender = cellReader(header, 'senderaddress');
    const recipient = cellReader(header, 'recipientaddress');
    const subject = cellReader(header, 'subject');
    const status = cellReader(header, 'status');
    const toIp = cellReader(header, 'toip');
    const fromIp = cellReader(header, 'fromip');
    const size = cellReader(header, 'size');
    const messageId = cellReader(header, 'messageid');
    const traceId = cellReader(header, 'messagetraceid');
    return (row) => {
      const at = parseTime(received(row));
      if (at === null) return `Received "${received(row)}" is not a date (see --culture / --date-format)`;
      const recipients = recipient(row);
      if (isLostArray(recipients)) return `RecipientAddress was exported as ${recipients}: re-export with -join ';'`;
      const key = messageKey(traceId(row), messageId(row));
      if (!key) return 'no MessageTraceId or MessageId';
      const statusText = status(row);
      const value = statusFromText(statusText);
      if (statusText && !value) return `unknown Status "${statusText}"`;
      const from = fromIp(row);
      const to = toIp(row);
      const message = {
        key,
        messageTraceId: optional(traceId(row).toLowerCase()),
        messageId: optional(messageId(row)),
        sender: optional(normalizeAddress(sender(row))),
        subject: optional(subject(row)),
        size: parseSize(size(row)),
        direction: directionFromIps(from, to),
        fromIp: optional(from),
        toIp: optional(to),
        receivedAt: at,
      };
      const list = splitValues(recipients).map(normalizeAddress);
      if (list.length === 0) return 'no RecipientAddress';
      return list.map((address): TraceRecord => ({
        line: row.line,
        message,
        recipient: address,
        status: value ? { value, at } : undefined,
        events: [],
      }));
    };
  },
};
