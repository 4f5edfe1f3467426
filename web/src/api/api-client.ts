/**
 * Calls to maildoctor's HTTP API from the pages: JSON in and out, the bearer token from the
 * tab's session (RFC 6750 section 2.1) and, on 401, the token dialog, then the same request
 * again; errors as ApiFailure values (problem details, not-available, token declined). Only
 * same-origin `/api/` URLs are called.
 * @module
 */
import { ApiFailure, failureOfAnswer, networkFailure, notAvailable, tokenDeclined } from './api-problem.js';
import { hasRoute } from './route-catalogue.js';
import { askForToken } from './token-prompt.js';
import { currentToken, forgetToken, saveToken } from './token-store.js';

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** `/api/...`, with its query string. */
  path: string;
  /** The route's pattern in the OpenAPI document (`/api/codes/{code}`), when the path has parameters. */
  route?: string;
  body?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
}

function routeOf(request: Pick<ApiRequest, 'path' | 'route'>): string {
  return request.route ?? request.path.split('?')[0]!;
}

/** The Authorization header for the current token, if any. */
export function authorizationHeader(): Record<string, string> {
  const token = currentToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * Gets a token after a 401: asks the person (the dialog says whether the last one was refused);
 * returns false when they cancel.
 */
export async function renewToken(hadToken: boolean): Promise<boolean> {
  if (hadToken) forgetToken();
  const token = await askForToken(hadToken);
  if (token === null || token.trim() === '') return false;
  saveToken(token.trim());
  return true;
}

/** Turns a 404 into not-available when the route is not in the server's document. */
export async function failureOf404(request: Pick<ApiRequest, 'method' | 'path' | 'route'>, failure: ApiFailure): Promise<ApiFailure> {
  const route = routeOf(request);
  const exists = await hasRoute(request.method, route);
  if (exists === false) return notAvailable(request.method, route);
  return failure;
}

/** Sends a request; answers the parsed JSON of a 2xx answer, throws ApiFailure otherwise. */
export async function apiJson<T>(request: ApiRequest): Promise<T> {
  for (;;) {
    const token = currentToken();
    let response: Response;
    try {
      response = await fetch(request.path, {
        method: request.method,
        headers: { accept: 'application/json', ...(request.contentType ? { 'content-type': request.contentType } : {}), ...authorizationHeader() },
        ...(request.body !== undefined ? { body: request.body } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        credentials: 'omit',
      });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw networkFailure(error);
    }
    if (response.status === 401) {
      if (await renewToken(token !== null)) continue;
      throw tokenDeclined();
    }
    const text = await response.text().catch((error: unknown) => {
      throw networkFailure(error);
    });
    if (!response.ok) {
      const failure = failureOfAnswer(response.status, response.headers.get('content-type'), text);
      throw response.status === 404 ? await failureOf404(request, failure) : failure;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw networkFailure(error);
    }
  }
}

/** The query string of the given parameters, without empty ones. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
