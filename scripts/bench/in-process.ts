/**
 * In-process numbers (no server, no process start): parser start-up, lint of a migration and
 * of lago's structure.sql (cold, unchanged, one statement edited), a 10 MB file.
 */
import { resolveSettings } from '../../server/src/core/config';
import { lintText } from '../../server/src/core/lint';
import { initParser } from '../../server/src/core/source/parser';
import { median, ms, time } from './stats';

const SETTINGS = resolveSettings({ maxFileSize: 64 * 1024 * 1024 });

/** Lints `text` after changing one number in the middle, `runs` times: the cost of a keystroke. */
function editLoop(text: string, runs: number): number[] {
  const marker = text.indexOf('\n', Math.floor(text.length / 2));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const edited = `${text.slice(0, marker)}\nSELECT ${i};${text.slice(marker)}`;
    samples.push(time(() => lintText(edited, { settings: SETTINGS }))[1]);
  }
  return samples;
}

function lintRow(name: string, text: string, runs: number): string {
  const [result, cold] = time(() => lintText(text, { settings: SETTINGS }));
  const unchanged = Array.from({ length: runs }, () => time(() => lintText(text, { settings: SETTINGS }))[1]);
  const edited = editLoop(text, runs);
  const statements = result.script?.statements.length ?? 0;
  return `${name.padEnd(34)} ${String(statements).padStart(6)} stmts  cold ${ms(cold).padStart(8)}  unchanged ${ms(median(unchanged)).padStart(8)}  one statement edited ${ms(median(edited)).padStart(8)}  (${result.findings.length} findings, medians of ${runs})`;
}

export async function inProcess(files: { small: string; smallName: string; lago?: string }, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  await initParser();
  const init = performance.now() - started;
  log(`parser (libpg-query 18) init ${ms(init)}, RSS after init ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
  log(lintRow(files.smallName, files.small, 200));
  if (files.lago) log(lintRow('lago structure.sql (534 KB)', files.lago, 20));

  const big = files.small.repeat(Math.ceil((10 * 1024 * 1024) / files.small.length));
  const [bigResult, bigTime] = time(() => lintText(big, { settings: SETTINGS }));
  log(`10 MB file (limit raised)          ${bigResult.script?.statements.length} stmts  ${ms(bigTime)}, RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
  const [, skipped] = time(() => lintText(big, { settings: resolveSettings() }));
  log(`10 MB file (default limit: skipped) ${ms(skipped)}`);
}
