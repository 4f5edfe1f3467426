// npm run bench:corpus — accuracy of `explain` on the shared bounce corpus, scored as its README
// says. Prints the figures overall and for the Microsoft family; `--misses` lists every wrong entry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFile, CORPUS_DIR, corpusAvailable, loadExpectations, MICROSOFT_FAMILY, scoreMessage, summarize } from './score-corpus.mjs';

// MAILDOCTOR_DIST points at another build output, so several people can build and measure at once.
const dist = process.env.MAILDOCTOR_DIST ? pathToFileURL(join(process.env.MAILDOCTOR_DIST, 'index.js')).href : '../dist/index.js';
const { analyzeBounce } = await import(dist);
const { messagesOfBytes } = await import(dist.replace(/index\.js$/, 'io/input/read-inputs.js'));

if (!corpusAvailable()) {
  console.log(`corpus not found at ${CORPUS_DIR}: nothing to measure`);
  process.exit(0);
}
const showMisses = process.argv.includes('--misses');
const filter = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const verdicts = [];
for (const expectation of loadExpectations()) {
  if (filter && !expectation.file.includes(filter)) continue;
  const report = analyzeFile(readFileSync(join(CORPUS_DIR, expectation.file)), analyzeBounce, messagesOfBytes);
  verdicts.push(...scoreMessage(expectation, report));
}
const pct = (s) => `${s.percent.toFixed(1)} % (${s.right}/${s.total})`;
function print(label, list) {
  const s = summarize(list);
  console.log(`${label}: ${s.entries} entries in ${s.messages.total} messages`);
  console.log(`  reason      ${pct(s.reason)}`);
  console.log(`  status      ${pct(s.status)}   (real statuses only)`);
  console.log(`  reply code  ${pct(s.replyCode)}`);
  console.log(`  hard/soft   ${pct(s.hardBounce)}`);
  console.log(`  recipient   ${pct(s.recipient)}`);
  console.log(`  messages fully right ${pct(s.messages)}`);
}
print('all', verdicts);
print('microsoft family', verdicts.filter((v) => MICROSOFT_FAMILY.test('/' + v.file)));
if (showMisses) {
  for (const v of verdicts) {
    if (v.reason && v.status !== false && v.recipient !== false) continue;
    const r = v.reported;
    console.log(`MISS ${v.file} expect ${v.expected.recipient ?? '-'} ${v.expected.status ?? '-'} ${v.expected.reason}${v.expected.alsoAccepted ? '|' + v.expected.alsoAccepted.join('|') : ''}`
      + ` got ${r ? `${r.recipient} ${r.status ?? '-'} ${r.reason} [${r.mta} ${r.ruleId}] ${(r.diagnosticCode ?? '').slice(0, 120)}` : 'nothing'}`);
  }
}
