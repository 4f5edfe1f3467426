/**
 * The row mapper shared by the one-row-per-message-and-recipient formats (the EAC summary
 * download and Get-MessageTrace/V2): they carry the same facts under different column names.
 * @module
 */
import type { TraceRecord } from '../types.js';
import { cellReader, isLostArray, optional, parseSize, splitValues } from './trace-columns.js';
import type { TraceImportContext, TraceRowMapper } from './trace-importer.js';
import { directionFromIps, lowerCase, messageKey, normalizeAddress, statusFromText } from './trace-vocabulary.js';

/** Candidate column names per fact (normalised, see normalizeColumnName), and the names users see in messages. */
export interface SummaryColumns {
  date: string[];
  sender: string[];
  recipient: string[];
  messageId: string[];
  traceId: string[];
  size: string[];
  labels: { date: string; recipient: string; ids: string };
}

export function bindSummaryRows(header: readonly string[], { parseTime }: TraceImportContext, columns: SummaryColumns): TraceRowMapper {
  const date = cellReader(header, ...columns.date);
  const sender = cellReader(header, ...columns.sender);
  const recipient = cellReader(header, ...columns.recipient);
  const subject = cellReader(header, 'subject');
  const status = cellReader(header, 'status');
  const messageId = cellReader(header, ...columns.messageId);
  const traceId = cellReader(header, ...columns.traceId);
  const size = cellReader(header, ...columns.size);
  const fromIp = cellReader(header, 'fromip');
  const toIp = cellReader(header, 'toip');
  const { labels } = columns;
  return (row) => {
    const dateText = date(row);
    const at = parseTime(dateText);
    if (at === null) return `${labels.date} "${dateText}" is not a date (see --culture / --date-format)`;
    const recipients = recipient(row);
    if (isLostArray(recipients)) return `${labels.recipient} was exported as ${recipients}: re-export with -join ';'`;
    const traceText = traceId(row);
    const messageIdText = messageId(row);
    const key = messageKey(traceText, messageIdText);
    if (!key) return `no ${labels.ids}`;
    const statusText = status(row);
    const value = statusFromText(statusText);
    if (statusText && !value) return `unknown Status "${statusText}"`;
    const from = fromIp(row);
    const to = toIp(row);
    const message = {
      key,
      messageTraceId: optional(lowerCase(traceText)),
      messageId: optional(messageIdText),
      sender: optional(normalizeAddress(sender(row))),
      subject: optional(subject(row)),
      size: parseSize(size(row)),
      direction: directionFromIps(from, to),
      fromIp: optional(from),
      toIp: optional(to),
      receivedAt: at,
    };
    const list = splitValues(recipients);
    if (list.length === 0) return `no ${labels.recipient}`;
    const statusValue = value ? { value, at } : undefined;
    const records: TraceRecord[] = [];
    for (const address of list) records.push({ line: row.line, message, recipient: normalizeAddress(address), status: statusValue, events: [] });
    return records;
  };
}
