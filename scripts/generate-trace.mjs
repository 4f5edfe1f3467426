// Writes a generated message-trace export (tests, benchmarks, trying the importer):
//   node scripts/generate-trace.mjs --format exo-message-trace --rows 100000 --encoding utf-16le-bom --out trace.csv
// Options: --format (exo-message-trace, exo-message-trace-detail, eac-summary, eac-enhanced-summary, eac-extended),
// --container csv|json, --dates iso|en-US|de-DE|ms-date|iso-local, --encoding utf-8|utf-8-bom|utf-16le|utf-16le-bom,
// --type-line, --seed N. Uses the compiled code in dist/ (or MAILDOCTOR_DIST).
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const { values } = parseArgs({
  options: {
    format: { type: 'string', default: 'exo-message-trace' },
    container: { type: 'string', default: 'csv' },
    dates: { type: 'string' },
    encoding: { type: 'string', default: 'utf-8' },
    rows: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    'type-line': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
if (!values.out) {
  console.error('usage: node scripts/generate-trace.mjs --out FILE [--format F] [--rows N] [--encoding E] [--container csv|json] [--dates D] [--type-line] [--seed N]');
  process.exit(2);
}
const dist = resolve(process.env.MAILDOCTOR_DIST ?? join(import.meta.dirname, '..', 'dist'));
const { writeTraceExport } = await import(pathToFileURL(join(dist, 'trace', 'generator', 'write-trace-export.js')).href);
const started = performance.now();
writeTraceExport(values.out, {
  format: values.format, container: values.container, dates: values.dates, encoding: values.encoding,
  rows: Number(values.rows), seed: Number(values.seed), typeLine: values['type-line'],
});
console.error(`${values.out}: ${values.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
