/**
 * The OpenAPI 3.1 document of the API, produced by @fastify/swagger from the same zod
 * schemas that validate the requests and serialise the answers (fastify-type-provider-zod
 * turns them into JSON Schema 2020-12). Two additions to its transform: request bodies that
 * accept several media types (`schema.body.content`, the raw-message routes) are converted
 * here, and components that no route refers to (the provider emits an input copy of every
 * registered schema) are dropped.
 * @module
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

type Transform = typeof jsonSchemaTransform;
type TransformInput = Parameters<Transform>[0];

/** Replaces `#/$defs/X` references by the definitions themselves (a body schema is used in one place only). */
function inlineDefinitions(value: unknown, defs: Record<string, unknown>, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => inlineDefinitions(v, defs, depth));
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const ref = object['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/$defs/') && depth < 10) {
    const { $ref: _ref, ...rest } = object;
    return inlineDefinitions({ ...(defs[ref.slice('#/$defs/'.length)] as Record<string, unknown>), ...rest }, defs, depth + 1);
  }
  return Object.fromEntries(Object.entries(object).filter(([key]) => key !== '$defs').map(([key, v]) => [key, inlineDefinitions(v, defs, depth)]));
}

/** JSON Schema of a request-body schema; a raw body (a Buffer or a stream, zod `custom`) is a string of bytes. */
function bodyJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'custom') Object.assign(ctx.jsonSchema, { type: 'string' });
    },
  }) as Record<string, unknown>;
  const { $schema: _schema, ...rest } = json;
  return inlineDefinitions(rest, (json['$defs'] as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>;
}

const transform: Transform = (input: TransformInput) => {
  const body = (input.schema as { body?: { content?: Record<string, { schema: z.ZodType }> } } | undefined)?.body;
  if (!body?.content) return jsonSchemaTransform(input);
  const { body: _body, ...rest } = input.schema as Record<string, unknown>;
  const out = jsonSchemaTransform({ ...input, schema: rest } as TransformInput);
  const content = Object.fromEntries(Object.entries(body.content).map(([type, media]) => [type, { schema: bodyJsonSchema(media.schema) }]));
  return { ...out, schema: { ...(out.schema as Record<string, unknown>), body: { content } } } as ReturnType<Transform>;
};

function referencedNames(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) referencedNames(v, into);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) into.add(v.slice('#/components/schemas/'.length));
      else referencedNames(v, into);
    }
  }
}

const transformObject: typeof jsonSchemaTransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as { paths?: unknown; components?: { schemas?: Record<string, unknown> } };
  const schemas = document.components?.schemas;
  if (!schemas) return document as ReturnType<typeof jsonSchemaTransformObject>;
  // Keep what the paths use, and what those components use in turn.
  const kept = new Set<string>();
  referencedNames(document.paths, kept);
  for (let size = -1; size !== kept.size; ) {
    size = kept.size;
    for (const name of [...kept]) referencedNames(schemas[name], kept);
  }
  // The provider names the request form of a schema `<id>Input`; a schema used only in
  // requests keeps its own name.
  const renamed = new Map([...kept].filter((name) => name.endsWith('Input') && !kept.has(name.slice(0, -5))).map((name) => [name, name.slice(0, -5)]));
  const pruned = Object.fromEntries(Object.entries(schemas).filter(([name]) => kept.has(name)).map(([name, schema]) => [renamed.get(name) ?? name, schema]));
  const renameRefs = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(renameRefs);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => {
      if (key === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        const name = v.slice('#/components/schemas/'.length);
        return [key, `#/components/schemas/${renamed.get(name) ?? name}`];
      }
      return [key, renameRefs(v)];
    }));
  };
  return renameRefs({ ...document, components: { ...document.components, schemas: pruned } }) as ReturnType<typeof jsonSchemaTransformObject>;
};

/** Registers @fastify/swagger; call before the routes. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'maildoctor API',
        version,
        description:
          'Why an email did not arrive, and what to do about it: bounces explained, NDR codes, header analysis, live DNS/SMTP checks and Exchange Online message traces, over HTTP. Errors are RFC 9457 problem details (`application/problem+json`). When the server has a token, every route but `/api/health`, `/api/openapi.json` and `/api/docs` needs `Authorization: Bearer <token>`.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'The server token (MAILDOCTOR_TOKEN, or the one printed at start)' } } },
      tags: [
        { name: 'explain', description: 'Bounces (non-delivery reports) explained' },
        { name: 'diagnose', description: 'Bounces diagnosed end to end, with the live checks their cause calls for' },
        { name: 'codes', description: 'NDR and enhanced status codes' },
        { name: 'headers', description: 'Message header analysis' },
        { name: 'checks', description: 'Live DNS, SMTP and TLS checks' },
        { name: 'trace', description: 'Exchange Online message traces' },
        { name: 'meta', description: 'Health and this document' },
      ],
    },
    transform,
    transformObject,
  });
}
