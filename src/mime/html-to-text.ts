/**
 * HTML to plain text for bounces that have only an HTML body (some Microsoft and web-mail
 * reports). Enough structure is kept (line breaks at blocks, cells separated) for the text
 * scanners; this is not a renderer.
 * @module
 */
import { trimChars } from '../core/trim-chars.js';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®',
  eacute: 'é', egrave: 'è', agrave: 'à', ecirc: 'ê', ccedil: 'ç', uuml: 'ü', ouml: 'ö', auml: 'ä',
  szlig: 'ß', ntilde: 'ñ', aacute: 'á', iacute: 'í', oacute: 'ó', uacute: 'ú', atilde: 'ã', otilde: 'õ',
  laquo: '«', raquo: '»', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', ndash: '–', mdash: '—', hellip: '…',
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** Removes <head>, <style> and <script> elements with one forward scan (a lazy regex would be quadratic on unclosed tags). */
function dropHiddenElements(html: string): string {
  const lower = html.toLowerCase();
  const out: string[] = [];
  const opening = /<(head|style|script)\b/g;
  let pos = 0;
  for (;;) {
    opening.lastIndex = pos;
    const m = opening.exec(lower);
    if (!m) break;
    const at = m.index;
    const close = lower.indexOf(`</${m[1] ?? 'head'}`, at);
    out.push(html.slice(pos, at));
    if (close < 0) {
      pos = html.length;
      break;
    }
    const end = lower.indexOf('>', close);
    pos = end < 0 ? html.length : end + 1;
  }
  out.push(html.slice(pos));
  return out.join('');
}

/** Removes <!-- comments --> in one forward scan; an unclosed comment runs to the end. */
function dropComments(html: string): string {
  const out: string[] = [];
  let pos = 0;
  for (let open = html.indexOf('<!--'); open >= 0; open = html.indexOf('<!--', pos)) {
    out.push(html.slice(pos, open));
    const close = html.indexOf('-->', open + 4);
    pos = close < 0 ? html.length : close + 3;
  }
  out.push(html.slice(pos));
  return out.join('');
}

export function htmlToText(html: string): string {
  const text = decodeHtmlEntities(
    dropComments(dropHiddenElements(html))
      .replace(/<br\b[^<>]{0,1000}>/gi, '\n')
      .replace(/<\/(?:p|div|tr|li|h[1-6]|table|blockquote|pre)\s{0,10}>/gi, '\n')
      .replace(/<\/t[dh]\s{0,10}>/gi, '  ')
      .replace(/<[^<>]{0,2000}>/g, ''),
  ).replace(/\u00a0/g, ' ');
  // Trim each line and fold runs of blank lines, without regular expressions that a long run
  // of spaces could make quadratic.
  const lines: string[] = [];
  let blank = 0;
  for (const line of text.split('\n')) {
    const trimmed = trimChars(line, ' \t\f\v');
    blank = trimmed ? 0 : blank + 1;
    if (blank <= 1) lines.push(trimmed);
  }
  return lines.join('\n');
}
