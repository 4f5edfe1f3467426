/**
 * The EAC enhanced summary report (also the historical search `MessageTrace` report):
 * origin_timestamp*, sender_address, Recipient_status (`address##Receive, Send`, several
 * recipients joined with `;`), message_subject, total_bytes, message_id, network_message_id,
 * original_client_ip, directionality (1 inbound, 2 outbound), connector_id, delivery_priority.
 * microsoft-365-mail-facts.md section 3.3.
 * @module
 */
import type { TraceEventRecord, TraceRecord } from '../types.js';
import { cellReader, hasColumns, optional, parseSize } from './trace-columns.js';
import type { TraceImporter } from './trace-importer.js';
import { directionFromText, lowerCase, messageKey, normalizeAddress, normalizeEvent, statusFromEvent } from './trace-vocabulary.js';

export const eacEnhancedSummary: TraceImporter = {
  id: 'eac-enhanced-summary',
  description: 'EAC enhanced summary / historical search message trace report (origin_timestamp columns)',
  matches: (columns) => hasColumns(columns, 'origintimestamp*', 'recipientstatus'),
  bind(header, { parseTime }) {
    const time = cellReader(header, 'origintimestamputc', 'origintimestamp*');
    const sender = cellReader(header, 'senderaddress');
    const recipientStatus = cellReader(header, 'recipientstatus');
    const subject = cellReader(header, 'messagesubject');
    const bytes = cellReader(header, 'totalbytes');
    const messageId = cellReader(header, 'messageid');
    const networkId = cellReader(header, 'networkmessageid');
    const clientIp = cellReader(header, 'originalclientip');
    const direction = cellReader(header, 'directionality');
    return (row) => {
      const at = parseTime(time(row));
      if (at === null) return `origin_timestamp "${time(row)}" is not a date (see --culture / --date-format)`;
      const key = messageKey(networkId(row), messageId(row));
      if (!key) return 'no network_message_id or message_id';
      const message = {
        key,
        networkMessageId: optional(lowerCase(networkId(row))),
        messageId: optional(messageId(row)),
        sender: optional(normalizeAddress(sender(row))),
        subject: optional(subject(row)),
        size: parseSize(bytes(row)),
        direction: directionFromText(direction(row)),
        clientIp: optional(clientIp(row)),
        receivedAt: at,
      };
      const records: TraceRecord[] = [];
      for (const entry of recipientStatus(row).split(';')) {
        const [address = '', events = ''] = entry.split('##');
        const recipient = normalizeAddress(address);
        if (!recipient) continue;
        // The summary gives the events' order, not their times: all carry the message's time.
        const list: TraceEventRecord[] = events.split(',').map(normalizeEvent).filter(Boolean).map((event) => ({ event, at }));
        let status: TraceRecord['status'];
        for (const event of list) {
          const value = statusFromEvent(event.event);
          if (value) status = { value, at };
        }
        records.push({ line: row.line, message, recipient, status, events: list });
      }
      return records.length > 0 ? records : 'no recipient in Recipient_status';
    };
  },
};
