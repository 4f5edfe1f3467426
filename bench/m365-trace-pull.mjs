// Speed of `maildoctor m365 trace pull` (issue 9): a Graph stand-in on 127.0.0.1 (HTTPS, a
// self-made CA) serves --rows message-trace rows in the documented shape, 5,000 a page with
// @odata.nextLink, for one 2-day window; the CLI (in-process, from the build) pulls them into a
// fresh SQLite database. Prints rows per second (wall time of the pull, Graph requests and store
// writes included) and the requests made; a second pull of the same span shows the idempotent
// re-run. Nothing leaves loopback.
//   npm run bench:m365-trace-pull -- [--rows 50000] [--runs 3]
//   (or node bench/m365-trace-pull.mjs ...)
// MAILDOCTOR_DIST points at another build output (default dist/).
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from 'selfsigned';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' }, runs: { type: 'string', default: '3' } } });
const rows = Number(values.rows);
const pageSize = 5000;
const dist = resolve(process.env.MAILDOCTOR_DIST ?? join(root, 'dist'));
const { runCli } = await import(join(dist, 'cli', 'main.js'));

const ca = await generate([{ name: 'commonName', value: 'bench CA' }], { keyType: 'ec', algorithm: 'sha256', extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, critical: true }] });
const leaf = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keyType: 'ec', algorithm: 'sha256', ca: { key: ca.private, cert: ca.cert }, extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }] });
const dir = mkdtempSync(join(tmpdir(), 'maildoctor-bench-m365-'));
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, ca.cert);

const now = Date.now();
function page(index) {
  const value = [];
  for (let i = index * pageSize; i < Math.min(rows, (index + 1) * pageSize); i++) {
    const hex = i.toString(16).padStart(12, '0');
    value.push({ id: `00000000-0000-4000-8000-${hex}`, senderAddress: `user${i % 500}@contoso.example`, recipientAddress: `rcpt${i % 3000}@fabrikam.example`, messageId: `<${hex}@contoso.example>`, receivedDateTime: new Date(now - 3_600_000 - i * 1000).toISOString(), subject: `Message ${i}`, size: 10_000 + (i % 5000), fromIP: '', toIP: '198.51.100.25', status: i % 20 === 0 ? 'failed' : 'delivered' });
  }
  return value;
}
let requests = 0;
const server = https.createServer({ key: leaf.private, cert: leaf.cert }, (req, res) => {
  requests++;
  const index = Number(/skiptoken=(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
  const body = { value: page(index), ...((index + 1) * pageSize < rows ? { '@odata.nextLink': `https://127.0.0.1:${server.address().port}/v1.0/admin/exchange/tracing/messageTraces?$skiptoken=${index + 1}` } : {}) };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `https://127.0.0.1:${server.address().port}`;

async function pull(db) {
  let out = '';
  const io = { stdout: { write: (c) => ((out += c), true) }, stderr: { write: (c) => (process.stderr.write(c), true) }, readStdin: () => Buffer.alloc(0), env: { MAILDOCTOR_GRAPH_TOKEN: 'bench', HOME: dir } };
  requests = 0;
  const started = process.hrtime.bigint();
  const code = await runCli(['m365', 'trace', 'pull', '--since', '2d', '--graph-url', url, '--ca-file', caFile, '--db', db, '--json'], io);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`pull exited ${code}`);
  return { seconds, result: JSON.parse(out), requests };
}

const fresh = [];
for (let run = 0; run < Number(values.runs); run++) fresh.push(await pull(join(dir, `run-${run}.db`)));
const again = await pull(join(dir, 'run-0.db'));
server.close();
const rates = fresh.map((r) => rows / r.seconds).sort((a, b) => b - a);
console.log(`m365 trace pull of ${rows} rows (${Math.ceil(rows / pageSize)} pages of ${pageSize}) from a loopback Graph stand-in into SQLite:`);
console.log(`  fresh database: best ${Math.round(rates[0])} rows/s, median ${Math.round(rates[Math.floor(rates.length / 2)])} rows/s (${fresh.map((r) => r.seconds.toFixed(2)).join(', ')} s); ${fresh[0].requests} requests; imported ${fresh[0].result.counts.imported}`);
console.log(`  same span again: ${again.seconds.toFixed(2)} s, imported ${again.result.counts.imported}, unchanged ${again.result.counts.unchanged}`);
