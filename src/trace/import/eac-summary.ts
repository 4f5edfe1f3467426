/**
 * The Exchange admin centre's message-trace summary downloaded as CSV: Date, Sender,
 * Recipient, Subject, Status, plus the details pane's Message ID, Message size, From IP, To IP
 * and the Message trace ID when present (message-trace-modern-eac.md; microsoft-365-mail-facts.md
 * section 3.3). The exact header text is not documented, so names are matched loosely.
 * @module
 */
import { hasColumns } from './trace-columns.js';
import type { TraceImporter } from './trace-importer.js';
import { bindSummaryRows } from './summary-rows.js';

export const eacSummary: TraceImporter = {
  id: 'eac-summary',
  description: 'EAC message trace summary report (CSV download)',
  matches: (columns) => hasColumns(columns, 'date*', 'sender', 'recipient', 'status') && !columns.has('event'),
  bind: (header, context) => bindSummaryRows(header, context, {
    date: ['dateutc', 'date*'],
    sender: ['sender', 'senderaddress'],
    recipient: ['recipient', 'recipientaddress'],
    messageId: ['messageid'],
    traceId: ['messagetraceid', 'networkmessageid'],
    size: ['messagesize', 'size'],
    labels: { date: 'Date', recipient: 'Recipient', ids: 'message trace id or Message ID' },
  }),
};
