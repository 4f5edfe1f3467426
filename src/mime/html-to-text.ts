/**
 * HTML to plain text for bounces that have only an HTML body (some Microsoft and web-mail
 * reports). Enough structure is kept (line breaks at blocks, cells separated) for the text
 * scanners; this is not a renderer.
 * @module
 */

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

export function htmlToText(html: string): string {
  return decodeHtmlEntities(
    html
      .replace(/<(head|style|script)\b[^>]{0,1000}>[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<br\b[^>]{0,1000}>/gi, '\n')
      .replace(/<\/(?:p|div|tr|li|h[1-6]|table|blockquote|pre)\s*>/gi, '\n')
      .replace(/<\/t[dh]\s*>/gi, '  ')
      .replace(/<[^>]{0,2000}>/g, '')
      .replace(/[ \t\f\v]*\n[ \t\f\v]*/g, '\n')
      .replace(/\n{3,}/g, '\n\n'),
  ).replace(/\u00a0/g, ' ');
}
