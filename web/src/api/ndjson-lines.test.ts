/** The NDJSON reader over a growing text: complete lines once each, a partial line when complete. */
import { describe, expect, it } from 'vitest';
import { createNdjsonReader } from './ndjson-lines.js';

describe('createNdjsonReader', () => {
  it('gives each complete line once, waits for a partial one, and gives the last line at the end', () => {
    const reader = createNdjsonReader();
    expect(reader.next('')).toEqual([]);
    expect(reader.next('{"type":"progress","ro')).toEqual([]);
    expect(reader.next('{"type":"progress","rows":1}\n{"type":"pro')).toEqual([{ type: 'progress', rows: 1 }]);
    expect(reader.next('{"type":"progress","rows":1}\n{"type":"progress","rows":2}\n\n{"a":3}\n')).toEqual([{ type: 'progress', rows: 2 }, { a: 3 }]);
    const whole = '{"type":"progress","rows":1}\n{"type":"progress","rows":2}\n\n{"a":3}\n{"type":"result"}';
    expect(reader.next(whole)).toEqual([]);
    expect(reader.end(whole)).toEqual([{ type: 'result' }]);
    expect(reader.end(whole)).toEqual([]);
  });

  it('reads a whole answer at once, with CRLF line ends', () => {
    expect(createNdjsonReader().end('{"a":1}\r\n{"b":2}\r\n')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('a line that is not JSON throws (the caller reports a broken answer)', () => {
    expect(() => createNdjsonReader().end('{"a":1}\nnot json\n')).toThrow(SyntaxError);
  });
});
