/**
 * Errors of the HTTP API as RFC 9457 problem details (`application/problem+json`): `ApiError`
 * for what a route decides (401, 404, 422, ...), and `problemFromError` for everything else
 * that reaches Fastify's error handler (validation, body too large, media type, handler
 * timeout, bugs). A 5xx answer never carries internals: the detail names the request id, and
 * the server log holds the rest.
 *
 * Each problem type has a stable slug (`code`) and a `type` URI reference that points at its
 * description on the reference page (`/api/docs#problem-<code>`), as RFC 9457 section 3.1.1
 * suggests for types that people look up.
 * @module
 */
import { STATUS_CODES } from 'node:http';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ToolkitError } from '../core/errors.js';

/** Every problem type of the API: its status, title and what it means (shown on /api/docs). */
export const PROBLEM_TYPES = {
  'bad-request': { status: 400, title: 'Bad request', description: 'The request cannot be read: malformed JSON, an empty body, a bad option value.' },
  validation: { status: 400, title: 'Invalid request', description: 'A field of the query, path or body does not match the schema; `errors` lists each one.' },
  unauthorized: { status: 401, title: 'Token required', description: 'The server requires `Authorization: Bearer <token>` on this route, and the request had none or a wrong one. Checked before anything else about the request.' },
  'not-found': { status: 404, title: 'Not found', description: 'No such route, or nothing matches (an unknown code).' },
  'request-timeout': { status: 408, title: 'Request not received in time', description: 'The client did not send the whole request within the time limit.' },
  'payload-too-large': { status: 413, title: 'Body too large', description: 'The body is larger than the limit of the route (`serve --help` names the limits).' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', description: 'The Content-Type of the body is not one the route accepts.' },
  'private-target': { status: 422, title: 'Target refused', description: 'The check target is, or resolves to, a private, loopback, link-local, shared, multicast or otherwise internal address or name; the server refuses to probe its own network unless started with --allow-private-targets.' },
  'unreadable-input': { status: 422, title: 'Input not readable', description: 'The input holds nothing the route can analyse (no mail headers, an export in an unknown format).' },
  internal: { status: 500, title: 'Internal error', description: 'A bug. The answer names the request id; the server log has the details.' },
  'store-unavailable': { status: 503, title: 'Trace database unavailable', description: 'The trace database could not be opened or reached; the server log says why.' },
  timeout: { status: 503, title: 'Timed out', description: 'The answer took longer than the server allows for the route.' },
} as const satisfies Record<string, { status: number; title: string; description: string }>;

export type ProblemCode = keyof typeof PROBLEM_TYPES;

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: FieldError[];
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The `type` URI reference of a problem code. */
export function problemType(code: ProblemCode): string {
  return `/api/docs#problem-${code}`;
}

export function problem(code: ProblemCode, detail: string, errors?: FieldError[]): ProblemDetails {
  const entry = PROBLEM_TYPES[code];
  return { type: problemType(code), title: entry.title, status: entry.status, detail, code, ...(errors ? { errors } : {}) };
}

/** An error a route throws on purpose; rendered as its problem details. */
export class ApiError extends Error {
  readonly problem: ProblemDetails;

  constructor(code: ProblemCode, detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = 'ApiError';
    this.problem = problem(code, detail, errors);
  }
}

interface FastifyLikeError extends Error {
  code?: string;
  statusCode?: number;
  validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
}

function fieldErrors(error: FastifyLikeError): FieldError[] {
  const where = error.validationContext ?? 'body';
  return (error.validation ?? []).map((issue) => {
    const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    return { field: path ? `${where}.${path}` : where, message: issue.message ?? 'invalid' };
  });
}

/**
 * The problem details of any error that reaches the error handler. `internal` says whether
 * it is a server fault to be logged with its stack (the answer then says only where to look).
 */
export function problemFromError(error: unknown, requestId: string): { problem: ProblemDetails; internal: boolean } {
  if (error instanceof ApiError) return { problem: error.problem, internal: false };
  if (error instanceof ToolkitError) {
    if (error.code === 'usage') return { problem: problem('bad-request', error.message), internal: false };
    if (error.code === 'input-unreadable' || error.code === 'input-missing') return { problem: problem('unreadable-input', error.message), internal: false };
  }
  const e = error as FastifyLikeError;
  if (hasZodFastifySchemaValidationErrors(e) || Array.isArray(e.validation)) {
    const errors = fieldErrors(e);
    const detail = errors.map((f) => `${f.field}: ${f.message}`).join('; ');
    return { problem: problem('validation', detail || 'the request does not match the schema', errors), internal: false };
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { problem: problem('payload-too-large', 'the body is larger than the limit of this route'), internal: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { problem: problem('unsupported-media-type', e.message), internal: false };
    case 'FST_ERR_HANDLER_TIMEOUT':
      return { problem: problem('timeout', 'the answer took longer than the server allows for this route; try again, or with fewer checks'), internal: false };
  }
  const status = e.statusCode ?? 500;
  if (status === 404) return { problem: problem('not-found', e.message), internal: false };
  if (status === 413) return { problem: problem('payload-too-large', e.message), internal: false };
  if (status === 415) return { problem: problem('unsupported-media-type', e.message), internal: false };
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx messages (bad JSON, bad Content-Length) say what is wrong and nothing more.
    return { problem: { ...problem('bad-request', e.message), status, title: STATUS_CODES[status] ?? 'Bad request' }, internal: false };
  }
  return { problem: problem('internal', `internal error (request ${requestId}); the server log has the details`), internal: true };
}
