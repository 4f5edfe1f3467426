/**
 * The API reference page (`GET /api/docs`), rendered by the server from its own OpenAPI
 * document: one section per operation (method, path, what it does, whether it needs the
 * token, parameters, request body per media type, responses), the shared schemas once each
 * (linked where used), and the problem types the `type` URIs of errors point at. Plain HTML
 * with inline CSS: no script, no font and no request to any other server.
 * @module
 */

type Json = Record<string, unknown>;

interface ProblemTypeEntry {
  status: number;
  title: string;
  description: string;
}

const MAX_DEPTH = 8;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Inline `code` spans of descriptions, after escaping. */
function prose(text: unknown): string {
  return escapeHtml(text ?? '').replace(/`([^`]+)`/g, '<code>$1</code>');
}

const asObject = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

function refName(ref: string): string {
  return ref.replace('#/components/schemas/', '');
}

const anchor = (prefix: string, name: string): string => `${prefix}-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

/** A one-line type: `string`, `integer or null`, `array of Finding`, `"a" | "b"`, a link for a reference. */
function typeText(schema: Json): string {
  if (typeof schema['$ref'] === 'string') {
    const name = refName(schema['$ref']);
    return `<a href="#${anchor('schema', name)}">${escapeHtml(name)}</a>`;
  }
  const variants = (schema['anyOf'] ?? schema['oneOf']) as Json[] | undefined;
  if (Array.isArray(variants)) return variants.map((v) => typeText(asObject(v))).join(' or ');
  if (Array.isArray(schema['enum'])) return (schema['enum'] as unknown[]).map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(' | ');
  if (schema['const'] !== undefined) return `<code>${escapeHtml(JSON.stringify(schema['const']))}</code>`;
  const type = schema['type'];
  const types = Array.isArray(type) ? (type as string[]) : type ? [String(type)] : [];
  const parts = types.map((t) => {
    if (t === 'array') return `array of ${typeText(asObject(schema['items']))}`;
    if (t === 'object' && schema['additionalProperties'] && typeof schema['additionalProperties'] === 'object' && !schema['properties']) return `map of ${typeText(asObject(schema['additionalProperties']))}`;
    return escapeHtml(t);
  });
  return parts.length > 0 ? parts.join(' or ') : 'any';
}

/** Constraints worth showing beside the type. */
function constraints(schema: Json): string {
  const notes: string[] = [];
  if (schema['default'] !== undefined) notes.push(`default <code>${escapeHtml(JSON.stringify(schema['default']))}</code>`);
  for (const [key, label] of [['minLength', 'min length'], ['maxLength', 'max length'], ['maxItems', 'at most'], ['maximum', 'max']] as const) {
    const value = schema[key];
    if (typeof value === 'number' && Math.abs(value) < 1e15) notes.push(`${label} ${value}`);
  }
  if (typeof schema['minimum'] === 'number' && Math.abs(schema['minimum']) < 1e15) notes.push(`min ${schema['minimum']}`);
  return notes.length > 0 ? ` <span class="muted">(${notes.join(', ')})</span>` : '';
}

/** The nested object whose fields should be listed under a schema: itself, its array items, or the object branch of a nullable union. */
function fieldsHolder(schema: Json): Json | null {
  if (schema['properties']) return schema;
  const items = asObject(schema['items']);
  if (items['properties']) return items;
  const variants = (schema['anyOf'] ?? schema['oneOf']) as unknown[] | undefined;
  if (Array.isArray(variants)) {
    const object = variants.map(asObject).find((v) => v['properties'] || asObject(v['items'])['properties']);
    if (object) return fieldsHolder(object);
  }
  return null;
}

function renderFields(schema: Json, depth: number): string {
  const holder = fieldsHolder(schema);
  if (!holder || depth > MAX_DEPTH) return '';
  const required = new Set((holder['required'] as string[] | undefined) ?? []);
  const rows = Object.entries(asObject(holder['properties'])).map(([name, raw]) => {
    const field = asObject(raw);
    const description = field['description'] ? ` — ${prose(field['description'])}` : '';
    const mark = required.has(name) ? '' : ' <span class="muted">optional</span>';
    return `<li><code class="field">${escapeHtml(name)}</code>: ${typeText(field)}${mark}${constraints(field)}${description}${renderFields(field, depth + 1)}</li>`;
  });
  return rows.length > 0 ? `<ul class="fields">${rows.join('')}</ul>` : '';
}

/** A schema: its type line, description and fields; `expand` lists the fields of a referenced component too (request bodies). */
function renderSchemaBlock(schema: Json, components: Json = {}, expand = false): string {
  const ref = typeof schema['$ref'] === 'string' ? asObject(components[refName(schema['$ref'])]) : null;
  const shown = ref && expand ? ref : schema;
  const description = shown['description'] && (!schema['$ref'] || expand) ? `<p>${prose(shown['description'])}</p>` : '';
  return `<div class="schema"><p class="type">${typeText(schema)}${constraints(schema)}</p>${description}${renderFields(shown, 0)}</div>`;
}

function renderParameters(parameters: Json[]): string {
  if (parameters.length === 0) return '';
  const rows = parameters.map((p) => {
    const schema = asObject(p['schema']);
    const description = p['description'] ?? schema['description'];
    return `<tr><td><code>${escapeHtml(p['name'])}</code></td><td>${escapeHtml(p['in'])}</td><td>${typeText(schema)}${p['required'] ? '' : ' <span class="muted">optional</span>'}${constraints(schema)}</td><td>${prose(description ?? '')}</td></tr>`;
  });
  return `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>type</th><th>meaning</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderContent(content: Json, components: Json, expand: boolean): string {
  return Object.entries(content)
    .map(([type, media]) => `<p class="media"><code>${escapeHtml(type)}</code></p>${renderSchemaBlock(asObject(asObject(media)['schema']), components, expand)}`)
    .join('');
}

/** Fastify's placeholder description of a response, replaced by the description of what it returns. */
function responseDescription(response: Json, components: Json): string {
  const text = String(response['description'] ?? '');
  if (text !== 'Default Response') return text;
  const schema = asObject(Object.values(asObject(response['content'])).map((m) => asObject(asObject(m)['schema']))[0]);
  const ref = typeof schema['$ref'] === 'string' ? asObject(components[refName(schema['$ref'])]) : {};
  return String(schema['description'] ?? ref['description'] ?? 'Success');
}

function renderOperation(method: string, path: string, operation: Json, components: Json): string {
  const id = anchor('op', `${method}-${path}`);
  const secured = Array.isArray(operation['security']) && (operation['security'] as unknown[]).length > 0;
  const body = asObject(operation['requestBody']);
  const responses = Object.entries(asObject(operation['responses'])).map(([status, raw]) => {
    const response = asObject(raw);
    const content = asObject(response['content']);
    const problem = Object.keys(content).some((t) => t.includes('problem+json'));
    return `<details${status.startsWith('2') ? ' open' : ''}><summary><strong>${escapeHtml(status)}</strong> ${prose(responseDescription(response, components))}${problem ? ' <span class="muted">(problem details, see below)</span>' : ''}</summary>${problem ? '' : renderContent(content, components, false)}</details>`;
  });
  return `<section class="op" id="${id}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p><strong>${prose(operation['summary'] ?? '')}</strong>${secured ? ' <span class="badge">token</span>' : ' <span class="badge open">no token</span>'}</p>
${operation['description'] ? `<p>${prose(operation['description'])}</p>` : ''}
${renderParameters((operation['parameters'] as Json[] | undefined) ?? [])}
${body['content'] ? `<h4>Request body</h4>${renderContent(asObject(body['content']), components, true)}` : ''}
<h4>Responses</h4>${responses.join('')}
</section>`;
}

const STYLE = `body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:2px solid #ddd}h3{font-size:1.1rem;margin:0 0 .3rem}h4{margin:.8rem 0 .2rem;font-size:.95rem}
code{font:0.9em ui-monospace,Menlo,Consolas,monospace;background:#f3f3f3;padding:0 .2em;border-radius:3px}
.op{border:1px solid #ccc;border-radius:6px;padding:.8rem;margin:1rem 0}
.method{display:inline-block;min-width:3.5em;text-align:center;border-radius:4px;padding:0 .4em;color:#fff;font-weight:bold}
.get{background:#1f6f43}.post{background:#1d4f91}.put,.patch{background:#8a5a00}.delete{background:#9b1c1c}
.badge{font-size:.8rem;border:1px solid #1d4f91;color:#1d4f91;border-radius:3px;padding:0 .3em}.badge.open{border-color:#555;color:#555}
.muted{color:#555;font-size:.9em}ul.fields{margin:.2rem 0;padding-left:1.2rem}table{border-collapse:collapse;width:100%;font-size:.95rem}
td,th{border:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}details{margin:.3rem 0}summary{cursor:pointer}
a{color:#1d4f91}a:focus,summary:focus{outline:3px solid #f0b400}nav ul{columns:2 16rem}
@media (max-width:40rem){main{padding:.5rem}table{font-size:.85rem}}`;

/** The whole page. */
export function renderApiDocs(document: Json, problemTypes: Record<string, ProblemTypeEntry>): string {
  const info = asObject(document['info']);
  const paths = asObject(document['paths']);
  const components = asObject(asObject(document['components'])['schemas']);
  const tags = ((document['tags'] as Json[] | undefined) ?? []).map((t) => ({ name: String(t['name']), description: String(t['description'] ?? '') }));
  const operations: { tag: string; method: string; path: string; operation: Json }[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = asObject(asObject(item)[method]);
      if (Object.keys(operation).length === 0) continue;
      operations.push({ tag: String(((operation['tags'] as string[] | undefined) ?? ['other'])[0]), method, path, operation });
    }
  }
  const tagNames = [...tags.map((t) => t.name), ...new Set(operations.map((o) => o.tag).filter((t) => !tags.some((k) => k.name === t)))];
  const sections = tagNames.map((name) => {
    const ops = operations.filter((o) => o.tag === name);
    if (ops.length === 0) return '';
    const description = tags.find((t) => t.name === name)?.description ?? '';
    return `<h2 id="${anchor('tag', name)}">${escapeHtml(name)}</h2><p>${prose(description)}</p>${ops.map((o) => renderOperation(o.method, o.path, o.operation, components)).join('\n')}`;
  });
  const toc = operations.map((o) => `<li><a href="#${anchor('op', `${o.method}-${o.path}`)}">${o.method.toUpperCase()} ${escapeHtml(o.path)}</a></li>`).join('');
  const schemas = Object.entries(components).map(
    ([name, schema]) => `<section class="op" id="${anchor('schema', name)}"><h3><code>${escapeHtml(name)}</code></h3>${renderSchemaBlock(asObject(schema))}</section>`,
  );
  const problems = Object.entries(problemTypes).map(
    ([code, p]) => `<tr id="${anchor('problem', code)}"><td><code>${escapeHtml(code)}</code></td><td>${p.status}</td><td>${escapeHtml(p.title)}</td><td>${prose(p.description)}</td></tr>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info['title'] ?? 'API')} reference</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(info['title'] ?? 'API')} <span class="muted">${escapeHtml(info['version'] ?? '')}</span></h1>
<p>${prose(info['description'] ?? '')}</p>
<p>Machine-readable: <a href="/api/openapi.json"><code>/api/openapi.json</code></a> (OpenAPI ${escapeHtml(document['openapi'] ?? '')}).</p>
<nav aria-label="Operations"><h2>Operations</h2><ul>${toc}</ul></nav>
${sections.join('\n')}
<h2 id="problems">Problem types</h2>
<p>Every error is an <code>application/problem+json</code> body (RFC 9457) with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> and <code>code</code>; <code>type</code> points here.</p>
<table><thead><tr><th>code</th><th>status</th><th>title</th><th>meaning</th></tr></thead><tbody>${problems.join('')}</tbody></table>
<h2 id="schemas">Schemas</h2>
${schemas.join('\n')}
</main></body></html>
`;
}
