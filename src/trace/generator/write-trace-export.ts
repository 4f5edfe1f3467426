/**
 * Writes a generated export file (for tests, `npm run trace:generate` and benchmarks).
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { encodeTraceText, renderTraceExport, type GeneratedEncoding, type RenderTraceOptions } from './render-trace-export.js';

export function writeTraceExport(path: string, options: RenderTraceOptions & { encoding?: GeneratedEncoding }): void {
  const fd = openSync(path, 'w');
  try {
    for (const buffer of encodeTraceText(renderTraceExport(options), options.encoding ?? 'utf-8')) writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}
