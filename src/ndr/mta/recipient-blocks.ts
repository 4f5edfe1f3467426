/**
 * The "address line, then its lines" layout that qmail and several qmail-derived or unnamed
 * MTAs write (qmail-send.c): a line holding only `<bob@example.org>:`, then the diagnostic lines
 * up to a blank line or the next address line.
 * @module
 */

export interface RecipientBlock {
  recipient: string;
  /** The diagnostic lines, joined with single spaces. */
  text: string;
}

const ADDRESS_LINE = /^\s*(?:To\s*:\s*)?<([^<>\s]{1,320}@[^<>\s]{1,255})>:?\s*$/;
const MAX_LINES = 5_000;
const MAX_BLOCK_LINES = 60;

/** Blocks of `text`, in order; reading stops at the first line that `stop` matches. */
export function readRecipientBlocks(text: string, stop?: RegExp): RecipientBlock[] {
  const blocks: { recipient: string; lines: string[] }[] = [];
  let open = false;
  for (const line of text.split('\n', MAX_LINES)) {
    if (stop?.test(line)) break;
    const address = ADDRESS_LINE.exec(line);
    if (address?.[1]) {
      blocks.push({ recipient: address[1], lines: [] });
      open = true;
      continue;
    }
    const current = blocks[blocks.length - 1];
    if (!open || !current) continue;
    if (line.trim() === '') {
      if (current.lines.length > 0) open = false;
      continue;
    }
    if (current.lines.length < MAX_BLOCK_LINES) current.lines.push(line.trim());
  }
  return blocks.map((b) => ({ recipient: b.recipient, text: b.lines.join(' ').replace(/\s+/g, ' ').trim() }));
}
