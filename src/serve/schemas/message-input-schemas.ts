/**
 * How a message reaches `POST /api/explain` and `POST /api/headers`: the raw bytes as the
 * body (text/plain, message/rfc822, or application/octet-stream for an Outlook .msg), or JSON
 * `{message, encoding}` with base64 for binary files. Either way the body is bounded by
 * MAX_API_BODY_BYTES and the message by the CLI's own MAX_MESSAGE_BYTES.
 * @module
 */
import { z } from 'zod';

/** Media types whose body is the message itself. */
export const RAW_MESSAGE_TYPES = ['text/plain', 'message/rfc822', 'application/octet-stream', 'application/vnd.ms-outlook'] as const;

export const MessageNameSchema = z.string().max(200).optional().describe('Shown as `file` in the result (default `-`)');

export const MessageJsonBodySchema = z
  .object({
    message: z.string().min(1).describe('The raw message (.eml, mbox or pasted text), or with encoding=base64 the bytes of a file such as an Outlook .msg'),
    encoding: z.enum(['text', 'base64']).default('text'),
    name: MessageNameSchema,
  })
  .meta({ id: 'MessageInput', description: 'A message sent as JSON.' });

export const RawMessageBodySchema = z
  .custom<Buffer>((value) => Buffer.isBuffer(value), 'the body must be the raw message')
  .describe('The raw message: .eml, mbox or pasted text; an Outlook .msg as application/octet-stream');

/** The body schema of a route that takes a message: JSON or one of the raw media types. */
export function messageBodySchema(): { content: Record<string, { schema: z.ZodType }> } {
  return {
    content: {
      'application/json': { schema: MessageJsonBodySchema },
      ...Object.fromEntries(RAW_MESSAGE_TYPES.map((type) => [type, { schema: RawMessageBodySchema }])),
    },
  };
}
