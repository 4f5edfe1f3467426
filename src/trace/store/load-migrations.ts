/**
 * The schema files (migrations/NNNN-name.sql), read beside the compiled module, split into
 * statements; each store runs the ones newer than its recorded version.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface TraceMigration {
  version: number;
  name: string;
  statements: string[];
}

export function loadMigrations(): TraceMigration[] {
  const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
  return readdirSync(dir)
    .filter((name) => /^\d{4}-.*\.sql$/.test(name))
    .sort()
    .map((name) => ({
      version: Number(name.slice(0, 4)),
      name,
      statements: readFileSync(dir + name, 'utf8')
        .replace(/--[^\n]*/g, '')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean),
    }));
}
