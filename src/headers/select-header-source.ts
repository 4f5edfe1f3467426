/**
 * Which header block of an input to analyse: a bounce's returned original (its
 * message/rfc822 part, its text/rfc822-headers part, or the header block quoted in its text),
 * the message attached to a forwarded message, a header block pasted on its own or inside
 * other text, or else the message's own headers.
 * @module
 */
import type { Finding } from '../core/finding.js';
import { header, isFieldLine, parseHeaderBlock, type HeaderField } from '../mime/header-lines.js';
import { entityText, walkEntities, type MimeEntity, type ParsedMessage } from '../mime/parse-message.js';
import { headerFinding } from './findings.js';
import type { HeaderSource } from './types.js';

export interface HeaderSelection {
  source: HeaderSource;
  fields: HeaderField[];
  notes: Finding[];
}

export interface SelectHeaderOptions {
  /** Analyse the outer message even when it returns or attaches another one. */
  outer?: boolean;
}

const HEADERS_TYPES = new Set(['text/rfc822-headers', 'message/rfc822-headers', 'text/rfc822-header', 'message/global-headers']);
const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);
/** Fields that mark the start of a message's header block in text. */
const START_FIELDS = /^(?:received|return-path|from|to|subject|date|message-id|dkim-signature|authentication-results|arc-seal|arc-authentication-results|x-forefront-antispam-report|x-microsoft-antispam|x-ms-exchange-[a-z-]+|delivered-to|x-received|received-spf|mime-version):/i;
/** A header block in text needs at least this many fields (one field is more likely prose). */
const MIN_FIELDS = 2;

/** The first run of header fields in a text, with its 1-based line number, or null. */
export function findHeaderBlock(text: string): { fields: HeaderField[]; line: number } | null {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] ?? '';
    // Text-only bounces often indent the quoted block; the first line's indent is removed from all.
    const indent = /^[ \t]*/.exec(first)?.[0] ?? '';
    const line = first.slice(indent.length);
    if (!isFieldLine(line) || !START_FIELDS.test(line)) continue;
    let end = i;
    let count = 0;
    const block: string[] = [];
    while (end < lines.length) {
      const current = lines[end] ?? '';
      if (current.trim() === '') break;
      const unindented = current.startsWith(indent) ? current.slice(indent.length) : current;
      if (isFieldLine(unindented)) count++;
      else if (!/^[ \t]/.test(unindented)) break;
      block.push(unindented);
      end++;
    }
    if (count >= MIN_FIELDS) return { fields: parseHeaderBlock(block.join('\n')), line: i + 1 };
    i = Math.max(i, end - 1);
  }
  return null;
}

function looksLikeBounce(root: MimeEntity, entities: readonly MimeEntity[]): boolean {
  if (root.contentType === 'multipart/report') return true;
  if (entities.some((e) => e.contentType === 'message/delivery-status' || e.contentType === 'message/global-delivery-status')) return true;
  const from = (header(root.headers, 'from') ?? '').toLowerCase();
  const subject = (header(root.headers, 'subject') ?? '').toLowerCase();
  return /mailer-daemon|postmaster|mail delivery/.test(from) || /undeliver|returned mail|delivery (?:status )?notification|delivery fail|failure notice|non.?delivery/.test(subject);
}

export function selectHeaderSource(parsed: ParsedMessage, options: SelectHeaderOptions = {}): HeaderSelection {
  const notes: Finding[] = [];
  const root = parsed.root;
  if (!parsed.hasHeaders) {
    const found = findHeaderBlock(root.rawBody.slice(0, 1024 * 1024));
    if (found && found.fields.length > 0) {
      notes.push(headerFinding('headers.pasted-block', { line: found.line }));
      return { source: 'header-block', fields: found.fields, notes };
    }
    notes.push(headerFinding('headers.not-found', {}));
    return { source: 'none', fields: [], notes };
  }
  if (options.outer) return { source: 'message', fields: root.headers, notes };
  const entities = [...walkEntities(root)];
  const bounce = looksLikeBounce(root, entities);
  for (const entity of entities) {
    if (entity === root) continue;
    if (MESSAGE_TYPES.has(entity.contentType) && entity.embedded && entity.embedded.headers.length > 0) {
      const code = bounce ? 'headers.returned-original' : 'headers.attached-message';
      notes.push(headerFinding(code, { part: entity.contentType }));
      return { source: bounce ? 'returned-original' : 'attached-message', fields: entity.embedded.headers, notes };
    }
    if (HEADERS_TYPES.has(entity.contentType) || (bounce && entity.contentType === 'text/plain' && entity.disposition === 'attachment')) {
      const found = findHeaderBlock(entityText(entity));
      if (found && found.fields.length > 0) {
        const code = bounce ? 'headers.returned-original' : 'headers.attached-message';
        notes.push(headerFinding(code, { part: entity.contentType }));
        return { source: bounce ? 'returned-original' : 'attached-message', fields: found.fields, notes };
      }
    }
  }
  if (bounce) {
    // Text-only bounces quote the original's headers in their text.
    for (const entity of entities) {
      if (entity.contentType !== 'text/plain' || entity.children.length > 0) continue;
      const found = findHeaderBlock(entityText(entity));
      if (found && found.fields.some((f) => f.name === 'received' || f.name === 'message-id')) {
        notes.push(headerFinding('headers.returned-original', { part: 'the text of the bounce' }));
        return { source: 'returned-original', fields: found.fields, notes };
      }
    }
  }
  const bodyEmpty = root.rawBody.trim() === '' && root.children.length === 0;
  return { source: bodyEmpty ? 'header-block' : 'message', fields: root.headers, notes };
}
