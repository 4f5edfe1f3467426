/**
 * The Exchange admin centre's message-trace summary downloaded as CSV: Date, Sender,
 * Recipient, Subject, Status, plus the details pane's Message ID, Message size, From IP, To IP
 * and the Message trace ID when present (message-trace-modern-eac.md; microsoft-365-mail-facts.md
 * section 3.3). The exact header text is not documented, so names are matched loosely.
 * @module
 */
import type { TraceRecord } from '../types.js';
import { cellReader, hasColumns, isLostArray, optional, parseSize, splitValues } from './trace-columns.js';
import type { TraceImporter } from './trace-importer.js';
import { directionFromIps, messageKey, normalizeAddress, statusFromText } from './trace-vocabulary.js';

export const eacSummary: TraceImporter = {
  id: 'eac-summary',
  description: 'EAC message trace summary report (CSV download)',
  matches: (columns) => hasColumns(columns, 'date*', 'sender', 'recipient', 'status') && !columns.has('event'),
  bind(header, { parseTime }) {
    const date = cellReader(header, 'dateutc', 'date*');
    const sender = cellReader(header, 'sender', 'senderaddress');
    const recipient = cellReader(header, 'recipient', 'recipientaddress');
    const subject = cellReader(header, 'subject');
    const status = cellReader(header, 'status');
    const messageId = cellReader(header, 'messageid');
    const traceId = cellReader(header, 'messagetraceid', 'networkmessageid');
    const size = cellReader(header, 'messagesize', 'size');
    const fromIp = cellReader(header, 'fromip');
    const toIp = cellReader(header, 'toip');
    return (row) => {
      const at = parseTime(date(row));
      if (at === null) return `Date "${date(row)}" is not a date (see --culture / --date-format)`;
      const recipients = recipient(row);
      if (isLostArray(recipients)) return `Recipient was exported as ${recipients}`;
      const key = messageKey(traceId(row), messageId(row));
      if (!key) return 'no message trace id or Message ID';
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
      if (list.length === 0) return 'no Recipient';
      return list.map((address): TraceRecord => ({ line: row.line, message, recipient: address, status: value ? { value, at } : undefined, events: [] }));
    };
  },
};
