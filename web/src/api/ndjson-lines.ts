/**
 * Reads newline-delimited JSON (NDJSON, https://github.com/ndjson/ndjson-spec) from a text
 * that grows, as XMLHttpRequest's `responseText` does while an answer arrives: each call
 * gives the complete lines that were not given before; a line still being received waits
 * for its newline (or for `end`).
 * @module
 */
export interface NdjsonReader {
  /** The new complete lines of `text` (the whole answer so far), parsed. */
  next(text: string): unknown[];
  /** The lines left when the answer is complete (a last line without its newline too). */
  end(text: string): unknown[];
}

export function createNdjsonReader(): NdjsonReader {
  let offset = 0;
  const take = (text: string, upTo: number): unknown[] => {
    const lines = text.slice(offset, upTo).split('\n').map((line) => line.trim()).filter((line) => line !== '');
    offset = upTo;
    return lines.map((line) => JSON.parse(line) as unknown);
  };
  return {
    next(text) {
      const lastNewline = text.lastIndexOf('\n');
      return lastNewline < offset ? [] : take(text, lastNewline + 1);
    },
    end(text) {
      return take(text, text.length);
    },
  };
}
