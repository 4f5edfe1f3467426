/**
 * The HTTP API of `maildoctor serve`: `createApp(config, deps)` builds the Fastify instance
 * with every route, without listening, so tests drive it with `inject()` and the command
 * with `listen()`. The order of a request: the token check (an onRequest hook, before the
 * body is read or validated), body parsing within the route's size limit, validation by the
 * route's zod schema, the handler within its time limit, the answer serialised by the same
 * schema; errors become RFC 9457 problem details; one JSON log line per request.
 *
 * Routes (each in routes/):
 * - GET  /api/health, /api/openapi.json, /api/docs   (no token)
 * - POST /api/explain                                 explain --json
 * - POST /api/diagnose                                diagnose --json
 * - GET  /api/codes?q=..., /api/codes/{code}          code --json
 * - POST /api/headers                                 headers --json
 * - POST /api/check/domain, /api/check/path, /api/check/ip   check ... --json
 * - POST /api/trace/import, GET /api/trace/query      trace import, trace query --json
 * - GET /api/trace/report, /api/trace/message         trace report, trace message --json
 * - GET /, /checks, /trace, ... and /assets/*          the web app (web-app.ts; no token)
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TraceStore } from '../trace/store/trace-store.js';
import { bearerTokenChecker } from './bearer-token.js';
import { registerOpenApi } from './openapi-document.js';
import { ApiError, PROBLEM_MEDIA_TYPE, problem, problemFromError, type ProblemDetails } from './problem.js';
import type { ApiApp, RouteContext, ServeDeps } from './route-context.js';
import { registerCheckRoutes } from './routes/check-routes.js';
import { registerCodesRoutes } from './routes/codes-route.js';
import { registerDiagnoseRoute } from './routes/diagnose-route.js';
import { registerExplainRoute } from './routes/explain-route.js';
import { registerHeadersRoute } from './routes/headers-route.js';
import { registerMetaRoutes } from './routes/meta-routes.js';
import { registerTraceRoutes } from './routes/trace-routes.js';
import { RAW_MESSAGE_TYPES } from './schemas/message-input-schemas.js';
import type { ServeConfig } from './serve-config.js';
import { DEFAULT_WEB_ROOT, registerWebApp } from './web-app.js';

/** /api/ routes open without the token: they hold no data, only what the API is. */
export const PUBLIC_API_PATHS: readonly string[] = ['/api/health', '/api/openapi.json', '/api/docs'];

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/**
 * Whether a request needs the token. Decided on the route that matched (its pattern), not on
 * the URL as written: the router decodes the path (`/%61pi/codes/x` reaches `/api/codes/:code`),
 * so a test of the raw text could be walked around. A request that matched no route needs the
 * token when its decoded path is under /api, so that routes cannot be probed.
 */
function needsToken(request: FastifyRequest): boolean {
  const pattern = request.routeOptions.url;
  if (pattern !== undefined) return pattern.startsWith('/api/') && !PUBLIC_API_PATHS.includes(pattern);
  let path = pathOf(request.url);
  try {
    path = decodeURIComponent(path);
  } catch {
    // Malformed escapes: judged as written.
  }
  return /^\/+api(\/|$)/i.test(path);
}

function sendProblem(reply: FastifyReply, details: ProblemDetails): FastifyReply {
  if (details.status === 401) reply.header('www-authenticate', 'Bearer realm="maildoctor"');
  return reply.code(details.status).type(PROBLEM_MEDIA_TYPE).send(details);
}

/** Node's own client errors (request timeout, oversized headers, bad HTTP) as problem details on the socket. */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const details =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? problem('request-timeout', 'the request was not received in time')
      : { ...problem('bad-request', error.code === 'HPE_HEADER_OVERFLOW' ? 'the request headers are too large' : 'the request is not valid HTTP'), status: error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400 };
  const body = JSON.stringify(details);
  const reason = details.status === 408 ? 'Request Timeout' : details.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  if (socket.writable) socket.write(`HTTP/1.1 ${details.status} ${reason}\r\nContent-Type: ${PROBLEM_MEDIA_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  socket.destroy();
}

export interface CreateAppOptions {
  version: string;
  /** How often Node looks for requests past their time (tests make it short). */
  connectionsCheckingIntervalMs?: number;
  /** The built web app served at `/` (default: dist/web beside the compiled server; null: none). */
  webRoot?: string | null;
}

export async function createApp(config: ServeConfig, deps: ServeDeps, options: CreateAppOptions): Promise<ApiApp> {
  const fastify = Fastify({
    logger: false,
    bodyLimit: config.maxBodyBytes,
    handlerTimeout: config.handlerTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    http: { headersTimeout: config.headersTimeoutMs, ...(options.connectionsCheckingIntervalMs ? { connectionsCheckingInterval: options.connectionsCheckingIntervalMs } : {}) },
    clientErrorHandler,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    exposeHeadRoutes: false,
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>() as ApiApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // The token, before anything else is done with the request.
  const tokenMatches = config.token ? bearerTokenChecker(config.token) : null;
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (tokenMatches && needsToken(request) && !tokenMatches(request.headers.authorization)) {
      return sendProblem(reply, problem('unauthorized', request.headers.authorization ? 'the token is not valid' : 'this route needs Authorization: Bearer <token>'));
    }
    return undefined;
  });

  // One line per request: method, route pattern, status and time; no URL, query, headers or body.
  app.addHook('onResponse', async (request, reply) => {
    deps.log({
      time: deps.clock.now().toISOString(),
      level: reply.statusCode >= 500 ? 'error' : 'info',
      msg: 'request',
      reqId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    });
  });

  app.setErrorHandler((error, request, reply) => {
    const { problem: details, internal } = problemFromError(error, request.id);
    if (internal) {
      const e = error as Error;
      deps.log({ time: deps.clock.now().toISOString(), level: 'error', msg: 'internal error', reqId: request.id, route: request.routeOptions.url ?? '(no route)', error: `${e?.name}: ${e?.message}`, stack: e?.stack ?? null });
    }
    return sendProblem(reply, details);
  });
  // The web app's files, and its page for every page address that no route matched.
  const webApp = await registerWebApp(app, options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot);
  app.setNotFoundHandler((request, reply) => webApp.fallback(request, reply) ?? sendProblem(reply, problem('not-found', `no route ${request.method} ${pathOf(request.url)}; the routes are listed at /api/docs`)));

  // Raw messages (explain, headers) arrive as bytes, within the body limit.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser([...RAW_MESSAGE_TYPES], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  let opening: Promise<TraceStore> | null = null;
  let store: TraceStore | null = null;
  let closing = false;
  const route: RouteContext = {
    config,
    deps,
    store: () => {
      opening ??= deps.openStore(config.db).then(
        async (opened) => {
          // Opened while the server was closing: nobody will use it.
          if (closing) await opened.close();
          store = opened;
          return opened;
        },
        (error: unknown) => {
          opening = null;
          deps.log({ time: deps.clock.now().toISOString(), level: 'error', msg: 'trace store unavailable', error: (error as Error).message });
          throw new ApiError('store-unavailable', 'the trace database is not available; the server log says why');
        },
      );
      return opening;
    },
  };
  app.addHook('onClose', async () => {
    closing = true;
    await store?.close();
  });

  await registerOpenApi(app, options.version);
  registerMetaRoutes(app, options.version);
  registerExplainRoute(app);
  registerDiagnoseRoute(app, route);
  registerCodesRoutes(app);
  registerHeadersRoute(app);
  registerCheckRoutes(app, route);
  registerTraceRoutes(app, route);
  await app.ready();
  return app;
}
