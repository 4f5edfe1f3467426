/**
 * Which routes this server has, from its OpenAPI document (`/api/openapi.json`, public). A 404
 * answer means "no such route" only when the route is missing from the document; otherwise it
 * is the route saying that nothing matched (an unknown code, no such message).
 * @module
 */
let catalogue: Promise<Set<string> | null> | null = null;

async function loadCatalogue(): Promise<Set<string> | null> {
  try {
    const response = await fetch('/api/openapi.json', { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const document = (await response.json()) as { paths?: Record<string, Record<string, unknown>> };
    const routes = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths ?? {})) {
      for (const method of Object.keys(operations)) routes.add(`${method.toUpperCase()} ${path}`);
    }
    return routes;
  } catch {
    return null;
  }
}

/** Whether the server documents `METHOD path` (path without its query); null when the document cannot be read. */
export async function hasRoute(method: string, path: string): Promise<boolean | null> {
  catalogue ??= loadCatalogue();
  const routes = await catalogue;
  if (!routes) {
    catalogue = null;
    return null;
  }
  return routes.has(`${method.toUpperCase()} ${path}`);
}
