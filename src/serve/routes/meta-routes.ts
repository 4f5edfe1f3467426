/**
 * `GET /api/health` (for load balancers), `GET /api/openapi.json` (the OpenAPI 3.1 document)
 * and `GET /api/docs` (the reference page rendered from it). None needs the token: they
 * hold no data, only what the API is.
 * @module
 */
import { z } from 'zod';
import { renderApiDocs } from '../docs/render-api-docs.js';
import { PROBLEM_TYPES } from '../problem.js';
import type { ApiApp } from '../route-context.js';

const HealthSchema = z.object({ status: z.literal('ok'), version: z.string() }).meta({ id: 'Health' });

export function registerMetaRoutes(app: ApiApp, version: string): void {
  app.get('/api/health', {
    schema: { tags: ['meta'], summary: 'Is the server up', description: 'Always 200 while the process serves requests; no token needed.', response: { 200: HealthSchema } },
  }, async () => ({ status: 'ok' as const, version }));

  app.get('/api/openapi.json', {
    schema: { tags: ['meta'], summary: 'This document', description: 'The OpenAPI 3.1 document of the API; no token needed.' },
  }, async () => app.swagger());

  let page: string | null = null;
  app.get('/api/docs', {
    schema: { tags: ['meta'], summary: 'The reference page', description: 'This document as a readable page, rendered by the server (no scripts); no token needed.' },
  }, async (_request, reply) => {
    page ??= renderApiDocs(app.swagger() as unknown as Record<string, unknown>, PROBLEM_TYPES);
    return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(page);
  });
}
