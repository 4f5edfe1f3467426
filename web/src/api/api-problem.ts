/**
 * Failures of an API call as values the pages can show: the server's RFC 9457 problem details
 * (`application/problem+json`: title, detail, field errors), a route this server does not have
 * (`not-available`: the page says so instead of failing), a token the person declined to
 * give, or a network failure.
 * @module
 */
export interface FieldError {
  field: string;
  message: string;
}

export type ApiFailureKind = 'problem' | 'not-available' | 'token-declined' | 'network';

export class ApiFailure extends Error {
  readonly kind: ApiFailureKind;
  readonly status: number | null;
  /** The problem's code (`validation`, `private-target`, ...), when the server sent one. */
  readonly code: string | null;
  readonly title: string;
  readonly errors: FieldError[];

  constructor(kind: ApiFailureKind, title: string, detail: string, options: { status?: number | null; code?: string | null; errors?: FieldError[] } = {}) {
    super(detail);
    this.name = 'ApiFailure';
    this.kind = kind;
    this.title = title;
    this.status = options.status ?? null;
    this.code = options.code ?? null;
    this.errors = options.errors ?? [];
  }
}

interface ProblemBody {
  title?: unknown;
  detail?: unknown;
  code?: unknown;
  errors?: unknown;
}

/** The failure of an answer that is not 2xx, from its body (problem details or anything else). */
export function failureOfAnswer(status: number, contentType: string | null, text: string): ApiFailure {
  let body: ProblemBody = {};
  if (contentType && /json/i.test(contentType)) {
    try {
      body = JSON.parse(text) as ProblemBody;
    } catch {
      body = {};
    }
  }
  const title = typeof body.title === 'string' ? body.title : `The server answered ${status}`;
  const detail = typeof body.detail === 'string' ? body.detail : text.slice(0, 300);
  const errors = Array.isArray(body.errors)
    ? body.errors.filter((e): e is FieldError => typeof e === 'object' && e !== null && typeof (e as FieldError).field === 'string' && typeof (e as FieldError).message === 'string')
    : [];
  return new ApiFailure('problem', title, detail, { status, code: typeof body.code === 'string' ? body.code : null, errors });
}

export function notAvailable(method: string, path: string): ApiFailure {
  return new ApiFailure('not-available', 'Not available on this server', `This server has no ${method} ${path} route yet (it came with a later version of maildoctor).`, { status: 404, code: 'not-found' });
}

export function tokenDeclined(): ApiFailure {
  return new ApiFailure('token-declined', 'Token needed', 'This server needs its access token for this page. Reload the page or press the button again to enter it.', { status: 401, code: 'unauthorized' });
}

export function networkFailure(error: unknown): ApiFailure {
  return new ApiFailure('network', 'The server did not answer', `The request did not reach the server or its answer was cut off (${(error as Error)?.message ?? String(error)}). Is \`maildoctor serve\` still running?`);
}
