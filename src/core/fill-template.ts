/**
 * Knowledge texts are templates with `{name}` slots (finding messages and fixes); this fills
 * them from a finding's data. A slot without a value stays as written, so a missing datum
 * shows instead of vanishing; lists are joined with commas.
 * @module
 */
export function fillTemplate(template: string, vars: Record<string, unknown>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined || value === null) return whole;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}
