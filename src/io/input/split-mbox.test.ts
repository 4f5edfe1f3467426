import { describe, expect, it } from 'vitest';
import { splitMbox } from './split-mbox.js';

const mbox = (text: string): string[] => splitMbox(Buffer.from(text, 'latin1')).map((b) => b.toString('latin1'));

describe('splitMbox (RFC 4155)', () => {
  it('splits at From lines that follow a blank line and undoes >From quoting', () => {
    const parts = mbox('From a@example.com Sat Oct  4 08:00:09 2025\nSubject: one\n\n>From here\n\nFrom b@example.org Sat Oct  4 08:01:00 2025\nSubject: two\n\nbody\n');
    expect(parts).toEqual(['Subject: one\n\nFrom here', 'Subject: two\n\nbody']);
  });

  it('does not split at a body line that merely starts with "From "', () => {
    const parts = mbox('From a@example.com Sat Oct  4 08:00:09 2025\nSubject: one\n\nline\nFrom the desk of the postmaster\n');
    expect(parts).toHaveLength(1);
  });

  it('splits at a complete envelope line even without the blank line before it', () => {
    const parts = mbox('From a@example.com Sat Oct  4 08:00:09 2025\nSubject: one\n\nbody one\nFrom MAILER-DAEMON Sun Oct  5 09:10:11 2025\nSubject: two\n\nbody two\n');
    expect(parts).toEqual(['Subject: one\n\nbody one', 'Subject: two\n\nbody two']);
  });

  it('keeps a From line with a date-like tail that is not an asctime date inside the message', () => {
    const parts = mbox('From a@example.com Sat Oct  4 08:00:09 2025\nSubject: one\n\nbody\nFrom bob on Monday, 5 October 2025\n');
    expect(parts).toHaveLength(1);
    expect(parts[0]).toContain('From bob on Monday');
  });
});
