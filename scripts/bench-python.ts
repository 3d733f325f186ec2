/**
 * Speed of the Python source layer (@lezer/python + revision reading) on the Alembic corpus:
 * parse time and parse + extraction time of the largest revision file, and of every file.
 * Prints numbers; asserts nothing. Skips when ../shared/corpus is absent.
 *   npx tsx scripts/bench-python.ts
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
