/**
 * Multi-line SMTP replies (RFC 5321 section 4.2.1) that a report has already joined into one
 * text and re-wrapped at its own width (Postfix does), so that the codes of the reply's lines
 * sit in the middle of sentences. For replies quoted one line per reply line, see
 * `joinReplyLines` in smtp-transcript.ts.
 * @module
 */

/**
 * A multi-line SMTP reply (RFC 5321 section 4.2.1) joined into one line keeps the code of every
 * line (`550-5.7.1 Messages with multiple 550-5.7.1 addresses in From: ...`); the repeats after
 * the first line are dropped so that the server's sentence reads whole.
 */
export function unwrapJoinedReply(reply: string): string {
  const head = /^([2-5]\d\d)[ -](?:([245]\.\d{1,3}\.\d{1,3})\s)?/.exec(reply);
  if (!head?.[1]) return reply;
  const status = head[2] ? `${head[2].replace(/\./g, '\\.')}\\s+` : '';
  const repeat = new RegExp(`\\s${head[1]}[ -]${status}`, 'g');
  return head[0] + reply.slice(head[0].length).replace(repeat, ' ').replace(/\s+/g, ' ').trim();
}
