/**
 * Writes generated messages as one of the export formats, the way the EAC or PowerShell would:
 * Export-Csv (every field quoted, CRLF, optional `#TYPE` line, culture dates, `;` with a de-DE
 * culture as `-UseCulture` does) or ConvertTo-Json (5.1: `\/Date(ms)\/`; 7: ISO with the local
 * offset), in UTF-8, UTF-8 with BOM, or UTF-16LE with or without BOM.
 * @module
 */
import type { TraceFormatId } from '../types.js';
import { berlinOffsetMs, generateTraceMessages, type GeneratedMessage, type GenerateTraceOptions } from './generate-trace-messages.js';

export type GeneratedDateStyle = 'iso' | 'en-US' | 'de-DE' | 'ms-date' | 'iso-local';
export type GeneratedEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16le-bom';

export interface RenderTraceOptions extends GenerateTraceOptions {
  format: TraceFormatId;
  container?: 'csv' | 'json';
  /** Rows to write (after the header). */
  rows: number;
  dates?: GeneratedDateStyle;
  /** Windows PowerShell 5.1's `#TYPE` first line (CSV only). */
  typeLine?: boolean;
}

const STATUS_TEXT: Readonly<Record<string, string>> = {
  delivered: 'Delivered', failed: 'Failed', pending: 'Pending', 'filtered-as-spam': 'FilteredAsSpam', quarantined: 'Quarantined', expanded: 'Expanded',
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatGeneratedDate(at: number, style: GeneratedDateStyle): string {
  const d = new Date(at);
  const [y, mo, day, h, mi, s] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  switch (style) {
    case 'iso':
      return `${y}-${pad(mo)}-${pad(day)}T${pad(h)}:${pad(mi)}:${pad(s)}.0000000Z`;
    case 'en-US':
      return `${mo}/${day}/${y} ${h % 12 === 0 ? 12 : h % 12}:${pad(mi)}:${pad(s)} ${h < 12 ? 'AM' : 'PM'}`;
    case 'de-DE':
      return `${pad(day)}.${pad(mo)}.${y} ${pad(h)}:${pad(mi)}:${pad(s)}`;
    case 'ms-date':
      return `/Date(${at})/`;
    case 'iso-local': {
      const offset = berlinOffsetMs(at);
      const local = new Date(at + offset);
      return `${local.toISOString().slice(0, 19)}.0000000+${pad(offset / 3_600_000)}:00`;
    }
  }
}

const HEADERS: Readonly<Record<TraceFormatId, string[]>> = {
  'exo-message-trace': ['Received', 'SenderAddress', 'RecipientAddress', 'Subject', 'Status', 'ToIP', 'FromIP', 'Size', 'MessageId', 'MessageTraceId'],
  'exo-message-trace-detail': ['Date', 'Event', 'Action', 'Detail', 'Data', 'MessageId', 'MessageTraceId', 'RecipientAddress', 'SenderAddress'],
  'eac-summary': ['Date (UTC)', 'Sender', 'Recipient', 'Subject', 'Status', 'Message ID', 'Message trace ID', 'Message size', 'From IP', 'To IP'],
  'eac-enhanced-summary': ['origin_timestamp_utc', 'sender_address', 'recipient_status', 'message_subject', 'total_bytes', 'message_id', 'network_message_id', 'original_client_ip', 'directionality', 'connector_id', 'delivery_priority'],
  'eac-extended': ['date_time_utc', 'client_ip', 'client_hostname', 'server_ip', 'server_hostname', 'source_context', 'connector_id', 'source', 'event_id', 'internal_message_id', 'message_id', 'network_message_id', 'recipient_address', 'recipient_status', 'total_bytes', 'recipient_count', 'related_recipient_address', 'reference', 'message_subject', 'sender_address', 'return_path', 'message_info', 'directionality', 'tenant_id', 'original_client_ip', 'original_server_ip', 'custom_data'],
};

type Cell = string | number;

function rowsOf(m: GeneratedMessage, format: TraceFormatId, date: (at: number) => string): Cell[][] {
  const direction = m.direction === 'inbound' ? '1' : '2';
  switch (format) {
    case 'exo-message-trace':
      return m.recipients.map((r) => [date(m.receivedAt), m.sender, r.address, m.subject, STATUS_TEXT[r.status] ?? 'Pending', m.toIp, m.fromIp, m.size, m.messageId, m.traceId]);
    case 'eac-summary':
      return m.recipients.map((r) => [date(m.receivedAt), m.sender, r.address, m.subject, STATUS_TEXT[r.status] ?? 'Pending', m.messageId, m.traceId, m.size, m.fromIp, m.toIp]);
    case 'exo-message-trace-detail':
      return m.recipients.flatMap((r) => r.events.map((e) => [date(e.at), e.event, '', e.detail, '', m.messageId, m.traceId, r.address, m.sender]));
    case 'eac-enhanced-summary':
      return [[date(m.receivedAt), m.sender, m.recipients.map((r) => `${r.address}##${r.events.map((e) => e.event).join(', ')}`).join(';'), m.subject, m.size, m.messageId, m.traceId, m.fromIp, direction, '', 'Normal']];
    case 'eac-extended': {
      const rows: Cell[][] = [[date(m.receivedAt), m.fromIp, '', '', 'AM0PR07MB1234.eurprd07.prod.outlook.com', '', '', 'SMTP', 'RECEIVE', '', m.messageId, m.traceId, m.recipients.map((r) => r.address).join(';'), m.recipients.map(() => '250 2.1.5 Recipient OK').join(';'), m.size, m.recipients.length, '', '', m.subject, m.sender, m.sender, '', direction, '', m.fromIp, '', '']];
      for (const r of m.recipients) {
        for (const e of r.events.slice(1)) rows.push([date(e.at), '', '', m.toIp, '', '', '', 'SMTP', e.event.toUpperCase(), '', m.messageId, m.traceId, r.address, e.detail, m.size, 1, '', '', m.subject, m.sender, m.sender, '', direction, '', m.fromIp, '', e.event === 'Fail' ? 'S:SFA=SUM|SFV=NSPM|SCL=1' : '']);
      }
      return rows;
    }
  }
}

const quote = (cell: Cell): string => `"${String(cell).replace(/"/g, '""')}"`;

/** The export as text chunks (one per row); exactly `rows` data rows. */
export function* renderTraceExport(options: RenderTraceOptions): Generator<string> {
  const container = options.container ?? 'csv';
  const style = options.dates ?? (container === 'json' ? 'ms-date' : 'iso');
  const date = (at: number): string => formatGeneratedDate(at, style);
  const header = HEADERS[options.format];
  const delimiter = style === 'de-DE' ? ';' : ',';
  let written = 0;
  if (container === 'csv') {
    if (options.typeLine) yield '#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace\r\n';
    yield header.map(quote).join(delimiter) + '\r\n';
  } else yield '[\r\n';
  for (const message of generateTraceMessages(options)) {
    for (const row of rowsOf(message, options.format, date)) {
      if (written >= options.rows) break;
      if (container === 'csv') yield row.map(quote).join(delimiter) + '\r\n';
      else {
        const object = Object.fromEntries(header.map((name, i) => [name, row[i] ?? '']));
        // Windows PowerShell 5.1 escapes the slashes of its date strings.
        const json = JSON.stringify(object, null, 4).replace(/"\/Date\((\d+)\)\/"/g, '"\\/Date($1)\\/"');
        yield (written > 0 ? ',\r\n' : '') + json.replace(/\n/g, '\r\n');
      }
      written++;
    }
    if (written >= options.rows) break;
  }
  if (container === 'json') yield '\r\n]\r\n';
}

/** Encodes text chunks as a file would hold them. */
export function* encodeTraceText(chunks: Iterable<string>, encoding: GeneratedEncoding): Generator<Buffer> {
  if (encoding === 'utf-8-bom') yield Buffer.from([0xef, 0xbb, 0xbf]);
  if (encoding === 'utf-16le-bom') yield Buffer.from([0xff, 0xfe]);
  const wide = encoding.startsWith('utf-16le');
  let pending: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= 256 * 1024) {
      yield Buffer.from(pending.join(''), wide ? 'utf16le' : 'utf8');
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) yield Buffer.from(pending.join(''), wide ? 'utf16le' : 'utf8');
}
