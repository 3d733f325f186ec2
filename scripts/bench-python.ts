/**
 * Speed of the Python source layer (@lezer/python + revision reading) on the Alembic corpus:
 * parse time and parse + extraction time of the largest revision file, and of every file.
 * Prints numbers; asserts nothing. Skips when ../shared/corpus is absent.
 *   npx tsx scripts/bench-python.ts
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSettings } from '../server/src/core/config';
import { lintText } from '../server/src/core/lint';
import { initParser } from '../server/src/core/source/parser';
import { readRevision } from '../server/src/core/source/python/revision';
import { parsePython } from '../server/src/core/source/python/syntax';

const CORPUS = join(__dirname, '../../shared/corpus');
if (!existsSync(CORPUS)) {
  console.log(`no corpus at ${CORPUS}: nothing to measure`);
  process.exit(0);
}
const files = readdirSync(CORPUS)
  .filter((name) => name.startsWith('alembic_'))
  .flatMap((dir) => readdirSync(join(CORPUS, dir)).filter((name) => name.endsWith('.py')).map((name) => join(CORPUS, dir, name)))
  .sort((a, b) => statSync(b).size - statSync(a).size);
const texts = files.map((file) => readFileSync(file, 'utf8'));

function median(run: () => void, times = 30): number {
  for (let i = 0; i < 5; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[samples.length >> 1];
}

const largest = texts[0];
console.log(`largest: ${files[0]} (${largest.length} characters)`);
console.log(`  parse                 ${median(() => parsePython(largest)).toFixed(2)} ms (median of 30)`);
console.log(`  parse + read revision ${median(() => readRevision(largest)).toFixed(2)} ms (median of 30)`);
let calls = 0;
const started = performance.now();
for (const text of texts) {
  const revision = readRevision(text);
  calls += (revision.upgrade?.calls.length ?? 0) + (revision.downgrade?.calls.length ?? 0);
}
console.log(`all ${texts.length} files: ${(performance.now() - started).toFixed(0)} ms, ${calls} op.* calls`);

// the whole analysis an edit triggers: read, render, SQL rules, mapping back
void initParser().then(() => {
  const settings = resolveSettings({});
  console.log(`  lint (all rules)      ${median(() => lintText(largest, { settings, path: files[0] }), 10).toFixed(2)} ms (median of 10, largest file)`);
  const median3 = texts.map((text, index) => ({ text, path: files[index] }))[texts.length >> 1];
  console.log(`  lint (all rules)      ${median(() => lintText(median3.text, { settings, path: median3.path }), 30).toFixed(2)} ms (median of 30, the median-sized file: ${median3.text.length} characters)`);
  const lintStarted = performance.now();
  let findings = 0;
  texts.forEach((text, index) => (findings += lintText(text, { settings, path: files[index] }).findings.length));
  console.log(`lint all ${texts.length} files: ${(performance.now() - lintStarted).toFixed(0)} ms, ${findings} findings`);
});
