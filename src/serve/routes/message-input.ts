/**
 * The message of a request to `POST /api/explain` or `POST /api/headers`: the raw body (a
 * Buffer, from the raw media types), or the JSON `{message, encoding, name}`, decoded to
 * bytes. Base64 is checked, not guessed: a body with other characters is a validation problem.
 * @module
 */
import type { z } from 'zod';
import { ApiError } from '../problem.js';
import type { MessageJsonBodySchema } from '../schemas/message-input-schemas.js';

export interface MessageInput {
  bytes: Buffer;
  /** Shown as `file` in results: the name given, else `-` as for standard input. */
  name: string;
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

export function messageInput(body: Buffer | z.output<typeof MessageJsonBodySchema>, queryName: string | undefined): MessageInput {
  if (Buffer.isBuffer(body)) return { bytes: body, name: queryName ?? '-' };
  const name = body.name ?? queryName ?? '-';
  if (body.encoding === 'text') return { bytes: Buffer.from(body.message, 'utf8'), name };
  if (!BASE64.test(body.message)) throw new ApiError('validation', 'body.message: not base64', [{ field: 'body.message', message: 'not base64 (A-Z, a-z, 0-9, +, / and = padding)' }]);
  return { bytes: Buffer.from(body.message, 'base64'), name };
}
