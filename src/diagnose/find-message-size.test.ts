import { describe, expect, it } from 'vitest';
import { parseMessage } from '../mime/parse-message.js';
import { findMessageSize, returnedCopySize, sizesInReply } from './find-message-size.js';

describe('sizesInReply', () => {
  it('reads the sizes servers write', () => {
    expect(sizesInReply('552 5.3.4 message size 15728640 exceeds size limit 10485760 of server mx.example.org[192.0.2.1]')).toEqual({ size: 15728640, limit: 10485760 });
    expect(sizesInReply('552 message too big: read=52428800 max=20971520')).toEqual({ size: 52428800, limit: 20971520 });
    expect(sizesInReply('552 5.3.4 Size of message is 41943040, and maximum allowed is 36700160')).toEqual({ size: 41943040, limit: 36700160 });
    expect(sizesInReply('552 5.2.3 Message size is 12 MB, over the limit of 10 MB')).toEqual({ size: 12 * 1_048_576, limit: 10 * 1_048_576 });
    expect(sizesInReply('552 5.3.4 Maximum message size is 10240000')).toEqual({ size: null, limit: 10240000 });
  });

  it('finds nothing in replies without sizes, and ignores small bare numbers', () => {
    expect(sizesInReply('552 5.3.4 Message size exceeds fixed maximum message size')).toEqual({ size: null, limit: null });
    expect(sizesInReply('550 5.1.1 user unknown')).toEqual({ size: null, limit: null });
    expect(sizesInReply('552 5.3.4 message size 5 exceeds size limit 3')).toEqual({ size: null, limit: null });
  });
});

describe('returnedCopySize / findMessageSize', () => {
  const original = parseMessage('From: a@example.com\nSubject: x\n\nline one\nline two\n').root;
  it('measures a returned copy with its body on the wire (CRLF), and nothing for headers only', () => {
    expect(returnedCopySize(original)).toBe('From: a@example.com\r\nSubject: x\r\n\r\nline one\r\nline two\r\n'.length);
    expect(returnedCopySize(parseMessage('From: a@example.com\nSubject: x\n\n').root)).toBeNull();
    expect(returnedCopySize(null)).toBeNull();
  });
  it('prefers the reply, then the returned copy (as a lower bound)', () => {
    expect(findMessageSize('message size 15728640 exceeds size limit 10485760', original)).toMatchObject({ size: 15728640, atLeast: false, statedLimit: 10485760 });
    expect(findMessageSize('552 5.3.4 too big', original)).toMatchObject({ atLeast: true, statedLimit: null });
    expect(findMessageSize(null, null)).toEqual({ size: null, atLeast: false, source: null, statedLimit: null });
  });
});
