// Compiles src/ to dist/ with the TypeScript compiler and bundles the web app (web/) into dist/web
// with Vite; run by `npm ci` (prepare) and `npm run build`.
// The CLI runs compiled JavaScript so that start-up does not pay for a TypeScript loader.
import { cpSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // Installed as a dependency without dev tools: dist/ ships in the package.
  process.exit(0);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
// tsc copies no .sql: the trace store reads its schema files beside the compiled module.
if (result.status === 0) cpSync(join(root, 'src/trace/store/migrations'), join(root, 'dist/trace/store/migrations'), { recursive: true });
// The web app (web/): bundled by Vite into dist/web, which `maildoctor serve` serves at `/`.
if (result.status === 0) {
  try {
    const { build } = await import('vite');
    await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir: join(root, 'dist/web'), emptyOutDir: true } });
  } catch (error) {
    console.error(`web app build failed: ${error?.message ?? error}`);
    process.exit(1);
  }
}
process.exit(result.status ?? 1);
