import { describe, expect, it } from 'vitest';
import { parseMessage } from '../mime/parse-message.js';
import { findHeaderBlock, selectHeaderSource } from './select-header-source.js';

const ORIGINAL = 'Received: from a.contoso.com (10.0.0.1) by b.contoso.com with ESMTP id 1; Mon, 3 Mar 2025 10:00:00 +0000\nFrom: a@contoso.com\nSubject: original\nMessage-ID: <o@contoso.com>';

describe('selectHeaderSource', () => {
  it('takes a message\'s own headers, and calls a message without a body a header block', () => {
    expect(selectHeaderSource(parseMessage(`${ORIGINAL}\n\nbody\n`))).toMatchObject({ source: 'message', notes: [] });
    expect(selectHeaderSource(parseMessage(`${ORIGINAL}\n`)).source).toBe('header-block');
  });

  it('takes the original quoted in the text of a text-only bounce, indented or not', () => {
    const bounce = `From: MAILER-DAEMON@mx.contoso.com\nSubject: Undelivered Mail\n\nThis message could not be delivered.\n\n--- original headers ---\n${ORIGINAL.split('\n').map((l) => `   ${l}`).join('\n')}\n`;
    const selection = selectHeaderSource(parseMessage(bounce));
    expect(selection.source).toBe('returned-original');
    expect(selection.fields.map((f) => f.name)).toEqual(['received', 'from', 'subject', 'message-id']);
    expect(selection.notes[0]?.message).toContain('the text of the bounce');
  });

  it('takes an attached message of a message that is not a bounce as the attached message', () => {
    const forward = `From: a@contoso.com\nSubject: FW: look\nContent-Type: multipart/mixed; boundary="X"\n\n--X\nContent-Type: text/plain\n\nsee attached\n--X\nContent-Type: message/rfc822\n\n${ORIGINAL}\n\nbody\n--X--\n`;
    expect(selectHeaderSource(parseMessage(forward))).toMatchObject({ source: 'attached-message', fields: expect.arrayContaining([{ name: 'subject', value: 'original' }]) });
    expect(selectHeaderSource(parseMessage(forward), { outer: true }).source).toBe('message');
  });

  it('finds a header block in pasted text, or says none was found', () => {
    expect(selectHeaderSource(parseMessage(`Here you go:\n\n${ORIGINAL}\n\nthanks`))).toMatchObject({ source: 'header-block', notes: [{ code: 'headers.pasted-block', data: { line: 3 } }] });
    expect(selectHeaderSource(parseMessage('Just a sentence: nothing else.\nAnother one.'))).toMatchObject({ source: 'none', fields: [], notes: [{ code: 'headers.not-found' }] });
  });

  it('needs two fields in a row to call text a header block', () => {
    expect(findHeaderBlock('Subject: one line of prose\n\nmore prose')).toBeNull();
    expect(findHeaderBlock('x\nFrom: a@contoso.com\nTo: b@contoso.com\n')).toMatchObject({ line: 2 });
  });
});
