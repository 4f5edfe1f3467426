/**
 * Builds the analysers' view of a message: the report's human text (never the returned
 * original's), the RFC 3464 / RFC 5965 report parts, and the returned original's headers.
 * @module
 */
import { MAX_LINE_CHARS, MAX_SCAN_TEXT_CHARS } from '../core/limits.js';
import { header, parseHeaderBlock } from '../mime/header-lines.js';
import { htmlToText } from '../mime/html-to-text.js';
import { entityText, type MimeEntity, type ParsedMessage } from '../mime/parse-message.js';
import type { BounceMessage } from './types.js';

const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const HEADERS_TYPES = new Set(['text/rfc822-headers', 'message/rfc822-headers', 'text/rfc822-header', 'message/global-headers']);

interface Collected {
  plain: string[];
  html: string[];
  deliveryStatus: string[];
  feedback: string | null;
  originalEntity: MimeEntity | null;
  originalHeadersText: string | null;
}

function collect(entity: MimeEntity, out: Collected, inAlternative: boolean): void {
  const type = entity.contentType;
  if (type.startsWith('multipart/')) {
    const alternative = type === 'multipart/alternative';
    const hasPlain = alternative && entity.children.some((c) => c.contentType === 'text/plain');
    for (const child of entity.children) {
      if (alternative && hasPlain && child.contentType === 'text/html') continue;
      collect(child, out, alternative || inAlternative);
    }
    return;
  }
  if (DELIVERY_STATUS_TYPES.has(type)) {
    out.deliveryStatus.push(entityText(entity));
    return;
  }
  if (type === 'message/feedback-report') {
    out.feedback ??= entityText(entity);
    return;
  }
  if (type === 'message/rfc822' || type === 'message/global') {
    if (!out.originalEntity && entity.embedded) out.originalEntity = entity.embedded;
    return;
  }
  if (HEADERS_TYPES.has(type)) {
    out.originalHeadersText ??= entityText(entity);
    return;
  }
  if (type === 'text/plain' || type === 'text/enriched' || type === 'message/partial' || type === 'text') {
    // A text/plain attachment after the report parts is usually the returned original.
    if (entity.disposition === 'attachment' && (out.deliveryStatus.length > 0 || out.plain.length > 0)) {
      if (!out.originalHeadersText && !out.originalEntity) out.originalHeadersText = entityText(entity);
      return;
    }
    out.plain.push(entityText(entity));
    return;
  }
  if (type === 'text/html' && !inAlternative) {
    out.html.push(entityText(entity));
    return;
  }
  if (type === 'text/html') out.html.push(entityText(entity));
}

/** Cuts lines longer than MAX_LINE_CHARS, so that line-oriented scanners stay linear. */
function cutLongLines(text: string): string {
  if (text.length <= MAX_LINE_CHARS) return text;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', i + 1)) {
    const end = i < 0 ? text.length : i;
    longest = Math.max(longest, end - start);
    if (i < 0) break;
    start = i + 1;
  }
  if (longest <= MAX_LINE_CHARS) return text;
  return text.split('\n').map((line) => (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line)).join('\n');
}

export function buildBounceMessage(parsed: ParsedMessage): BounceMessage {
  const root = parsed.root;
  const out: Collected = { plain: [], html: [], deliveryStatus: [], feedback: null, originalEntity: null, originalHeadersText: null };
  collect(root, out, false);
  let text = out.plain.join('\n');
  if (!text.trim() && out.html.length > 0) text = htmlToText(out.html.join('\n'));
  // A multipart whose boundary never occurs in its body (old MTAs wrote such reports): its body is the text.
  if (!text.trim() && root.contentType.startsWith('multipart/') && root.children.length === 0) text = root.rawBody;
  if (text.length > MAX_SCAN_TEXT_CHARS) text = text.slice(0, MAX_SCAN_TEXT_CHARS);
  text = cutLongLines(text);
  const reportType = root.contentType === 'multipart/report' ? (root.params['report-type'] ?? '').toLowerCase() || null : null;
  let originalHeaders = out.originalEntity?.headers ?? null;
  if (!originalHeaders && out.originalHeadersText) {
    const block = out.originalHeadersText.replace(/^\n+/, '');
    const end = block.indexOf('\n\n');
    originalHeaders = parseHeaderBlock(end < 0 ? block : block.slice(0, end));
    if (originalHeaders.length === 0) originalHeaders = null;
  }
  return {
    parsed,
    headers: root.headers,
    subject: header(root.headers, 'subject') ?? '',
    from: header(root.headers, 'from') ?? '',
    text,
    textLower: text.toLowerCase(),
    deliveryStatus: out.deliveryStatus.length > 0 ? out.deliveryStatus.join('\n\n') : null,
    feedbackReport: out.feedback,
    reportType,
    originalHeaders,
    originalEntity: out.originalEntity,
    pasted: !parsed.hasHeaders,
  };
}
