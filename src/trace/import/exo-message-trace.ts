/**
 * `Get-MessageTrace` and `Get-MessageTraceV2` output saved with Export-Csv or ConvertTo-Json:
 * one row per message and recipient (Received, SenderAddress, RecipientAddress, Subject,
 * Status, ToIP, FromIP, Size, MessageId, MessageTraceId; V1 adds Organization, StartDate,
 * EndDate, Index). [PS] Get-MessageTrace.md, Get-MessageTraceV2.md.
 * @module
 */
import { hasColumns } from './trace-columns.js';
import type { TraceImporter } from './trace-importer.js';
import { bindSummaryRows } from './summary-rows.js';

export const exoMessageTrace: TraceImporter = {
  id: 'exo-message-trace',
  description: 'Get-MessageTrace / Get-MessageTraceV2 (Export-Csv or ConvertTo-Json)',
  matches: (columns) => hasColumns(columns, 'received', 'senderaddress', 'recipientaddress', 'status'),
  bind: (header, context) => bindSummaryRows(header, context, {
    date: ['received'],
    sender: ['senderaddress'],
    recipient: ['recipientaddress'],
    messageId: ['messageid'],
    traceId: ['messagetraceid'],
    size: ['size'],
    labels: { date: 'Received', recipient: 'RecipientAddress', ids: 'MessageTraceId or MessageId' },
  }),
};
