/**
 * The EAC extended report (historical search `MessageTraceDetail`): message-tracking-log rows
 * with the underscore column names, date_time*, event_id, source, recipient_address and
 * recipient_status (`;`-separated and aligned), message_info, custom_data, …
 * microsoft-365-mail-facts.md section 3.3 (order from message-tracking.md).
 * @module
 */
import type { TraceRecord } from '../types.js';
import { cellReader, hasColumns, optional, parseSize } from './trace-columns.js';
import type { TraceImporter } from './trace-importer.js';
import { directionFromText, lowerCase, messageKey, normalizeAddress, normalizeEvent, statusFromEvent } from './trace-vocabulary.js';

export const eacExtended: TraceImporter = {
  id: 'eac-extended',
  description: 'EAC extended report / historical search message trace detail (date_time columns)',
  matches: (columns) => hasColumns(columns, 'datetime*', 'eventid', 'recipientaddress'),
  bind(header, { parseTime }) {
    const time = cellReader(header, 'datetimeutc', 'datetime*');
    const eventId = cellReader(header, 'eventid');
    const source = cellReader(header, 'source');
    const recipients = cellReader(header, 'recipientaddress');
    const statuses = cellReader(header, 'recipientstatus');
    const sender = cellReader(header, 'senderaddress');
    const subject = cellReader(header, 'messagesubject');
    const bytes = cellReader(header, 'totalbytes');
    const messageId = cellReader(header, 'messageid');
    const networkId = cellReader(header, 'networkmessageid');
    const clientIp = cellReader(header, 'originalclientip', 'clientip');
    const serverIp = cellReader(header, 'serverip');
    const direction = cellReader(header, 'directionality');
    const customData = cellReader(header, 'customdata');
    return (row) => {
      const at = parseTime(time(row));
      if (at === null) return `date_time "${time(row)}" is not a date (see --culture / --date-format)`;
      const event = normalizeEvent(eventId(row));
      if (!event) return 'no event_id';
      const key = messageKey(networkId(row), messageId(row));
      if (!key) return 'no network_message_id or message_id';
      const addresses = recipients(row).split(';').map(normalizeAddress).filter(Boolean);
      if (addresses.length === 0) return 'no recipient_address';
      const statusList = statuses(row).split(';');
      const dir = directionFromText(direction(row));
      const message = {
        key,
        networkMessageId: optional(lowerCase(networkId(row))),
        messageId: optional(messageId(row)),
        sender: optional(normalizeAddress(sender(row))),
        subject: optional(subject(row)),
        size: parseSize(bytes(row)),
        direction: dir,
        clientIp: optional(clientIp(row)),
        toIp: event === 'SEND' && dir === 'outbound' ? optional(serverIp(row)) : undefined,
      };
      const value = statusFromEvent(event);
      return addresses.map((recipient, index): TraceRecord => ({
        line: row.line,
        message,
        recipient,
        status: value ? { value, at } : undefined,
        events: [{ event, at, action: optional(source(row)), detail: optional((statusList[index] ?? statusList[0] ?? '').trim()), data: optional(customData(row)) }],
      }));
    };
  },
};
