/**
 * npm run bench: speed and memory, printed as numbers (never asserted in tests), ours side by
 * side with the peers (squawk, postgrestools), which scripts/bench/peers.ts installs at pinned
 * versions into ~/.cache/schemaguard-bench.
 *   - in-process: parser start-up, lint of a migration and of lago's structure.sql, a 10 MB file
 *   - editor: didChange -> diagnostics for that version over a stream of realistic edits (p50/p95)
 *     on a 60-line migration and on lago's 534 KB structure.sql; the same on the migration typed
 *     at 10 keys a second (ours and squawk); first diagnostics after didOpen;
 *     server RSS with lago open as the edits go on (the soak) and with the whole corpus open
 *   - CLI: whole-process wall time and peak RSS on one small file, lago, and the whole corpus
 *   - the ratio ours / theirs per row, and each goal of issue 9 met or not
 *
 *   - the schema model: a 500-file history and real ones built from scratch and after an edit
 *
 * Options: --soak N (edits on lago for the RSS soak; default 5000), --runs N (CLI runs per row,
 * default 5), --no-peers, --no-in-process, --model-only, --profile (only where a keystroke's time
 * goes in the server, phase by phase, on the small file and on lago: scripts/bench/profile.ts).
 * The real SQL is read from ../shared/corpus; what needs it is skipped when it is absent.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EditorRun } from './bench/editor';
import { RSS_WINDOW, firstDiagnostics, openAll, runEditor } from './bench/editor';
import { inProcess } from './bench/in-process';
import { modelBench } from './bench/model';
import { printProfile, profileKeystrokes } from './bench/profile';
import type { ServerSpec } from './bench/lsp';
import type { Peer } from './bench/peers';
import { loadPeers } from './bench/peers';
import type { Goal, Row } from './bench/report';
import { printGoals, printTable } from './bench/report';
import { median, mb, ms } from './bench/stats';
import { wholeProcess } from './bench/whole-process';

const CORPUS = resolve(__dirname, '../../shared/corpus');
const SMALL = join(CORPUS, 'supabase_auth/20221003041349_add_mfa_schema.up.sql');
const LAGO = join(CORPUS, 'lago/structure.sql');
const FALLBACK_SMALL = resolve(__dirname, '../test/fixtures/bench/migration.sql');
const SMALL_EDITS = 200;
const LAGO_EDITS = 50;
const FIRST_OPEN_RUNS = 5;
/** Typing at 10 keys a second: the small file's edit stream again, with pauses. */
const TYPING_PACE_MS = 100;
const PACED_SERVERS = ['ours', 'squawk'];

const OURS: ServerSpec = { name: 'schemaguard', command: process.execPath, args: [resolve(__dirname, '../dist/server.js'), '--stdio'], diagnostics: 'push' };
const OUR_CLI = resolve(__dirname, '../dist/cli.js');

const log = (line: string) => console.log(line);

function sqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sqlFiles(path) : path.endsWith('.sql') ? [path] : [];
    });
}

function load(): string {
  const [one, five, fifteen] = loadavg();
  return `load average ${one.toFixed(2)} ${five.toFixed(2)} ${fifteen.toFixed(2)} on ${cpus().length} cores`;
}

async function tryRun<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    log(`  ${what} failed: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      soak: { type: 'string', default: '5000' },
      runs: { type: 'string', default: '5' },
      'no-peers': { type: 'boolean' },
      'no-in-process': { type: 'boolean' },
      'model-only': { type: 'boolean' },
      profile: { type: 'boolean' },
    },
  });
  const soak = Math.max(LAGO_EDITS, Number(values.soak));
  const runs = Math.max(1, Number(values.runs));
  const hasCorpus = existsSync(CORPUS);
  const smallPath = existsSync(SMALL) ? SMALL : FALLBACK_SMALL;
  const small = readFileSync(smallPath, 'utf8');
  const smallName = `${small.split('\n').length - 1}-line migration`;
  const lago = existsSync(LAGO) ? readFileSync(LAGO, 'utf8') : undefined;

  log(`node ${process.version}, ${process.platform} ${process.arch}, ${load()} at start`);
  log(`small file: ${relative(process.cwd(), smallPath)}${lago ? '; large file: lago/structure.sql (534 KB)' : '; ../shared/corpus absent: lago and corpus rows skipped'}`);

  if (values['model-only']) {
    await modelBench(CORPUS, log, runs);
    return;
  }
  if (values.profile) {
    log('\n== where a keystroke goes (the server under --cpu-prof, CPU per edit by phase) ==');
    printProfile(await profileKeystrokes(smallName, small, SMALL_EDITS), log);
    if (lago) printProfile(await profileKeystrokes('lago structure.sql (534 KB)', lago, LAGO_EDITS), log);
    log(`(${load()} at the end)`);
    return;
  }
  if (!values['no-in-process']) {
    log('\n== in-process (this process, no server) ==');
    await inProcess({ small, smallName, lago }, log);
    await modelBench(CORPUS, log, runs);
  }

  const peers: Peer[] = values['no-peers'] ? [] : loadPeers(log);
  for (const peer of peers) log(`peer ${peer.name} ${peer.version}: ${peer.binary}`);
  const servers: Array<{ name: string; spec: ServerSpec }> = [{ name: 'ours', spec: OURS }, ...peers.map((peer) => ({ name: peer.name, spec: peer.server() }))];
  const peerNames = peers.map((peer) => peer.name);
  const rows: Row[] = [];
  const row = (label: string, unit: Row['unit'], values: Record<string, number | undefined>, note?: string) => {
    const { ours, ...others } = values;
    rows.push({ label, unit, ours, peers: others, note });
  };

  log('\n== editor (language servers over stdio; each edit waits for the diagnostics of its version) ==');
  const smallRuns: Record<string, EditorRun | undefined> = {};
  const firstOpen: Record<string, { openMs: number[]; coldStartMs: number[] } | undefined> = {};
  for (const { name, spec } of servers) {
    smallRuns[name] = await tryRun(`${name} on the small file`, () => runEditor(spec, small, { edits: SMALL_EDITS }));
    firstOpen[name] = await tryRun(`${name} first diagnostics`, () => firstDiagnostics(spec, small, FIRST_OPEN_RUNS));
    const run = smallRuns[name];
    if (run) log(`${name.padEnd(14)} ${smallName}: p50 ${ms(run.p50)} p95 ${ms(run.p95)} over ${run.edits} edits; ${run.openDiagnostics} diagnostics on open`);
  }
  const pick = (runsBy: Record<string, EditorRun | undefined>, key: 'p50' | 'p95' | 'rssAfterOpen') =>
    Object.fromEntries(Object.entries(runsBy).map(([name, run]) => [name, run?.[key]]));
  row(`editor ${smallName}, ${SMALL_EDITS} edits, p50`, 'ms', pick(smallRuns, 'p50'));
  row(`editor ${smallName}, ${SMALL_EDITS} edits, p95`, 'ms', pick(smallRuns, 'p95'));
  // typing with pauses, as a person does: what the back-to-back stream leaves out (waking up after each pause; work a server does while idle)
  const pacedRuns: Record<string, EditorRun | undefined> = {};
  for (const { name, spec } of servers.filter((server) => PACED_SERVERS.includes(server.name))) {
    pacedRuns[name] = await tryRun(`${name} typing on the small file`, () => runEditor(spec, small, { edits: SMALL_EDITS, paceMs: TYPING_PACE_MS }));
    const run = pacedRuns[name];
    if (run) log(`${name.padEnd(14)} ${smallName}, an edit every ${TYPING_PACE_MS} ms: p50 ${ms(run.p50)} p95 ${ms(run.p95)} over ${run.edits} edits`);
  }
  const pacedNote = `an edit every ${TYPING_PACE_MS} ms (${1000 / TYPING_PACE_MS} keys a second); postgrestools, at ~300 ms an edit, is left out`;
  row(`editor ${smallName}, typing, p50`, 'ms', pick(pacedRuns, 'p50'), pacedNote);
  row(`editor ${smallName}, typing, p95`, 'ms', pick(pacedRuns, 'p95'));
  row(`first diagnostics after didOpen (median of ${FIRST_OPEN_RUNS})`, 'ms', Object.fromEntries(Object.entries(firstOpen).map(([name, r]) => [name, r && median(r.openMs)])));
  row(`spawn -> first diagnostics (median of ${FIRST_OPEN_RUNS})`, 'ms', Object.fromEntries(Object.entries(firstOpen).map(([name, r]) => [name, r && median(r.coldStartMs)])));

  const lagoRuns: Record<string, EditorRun | undefined> = {};
  const soakPoints = [50, 100, 250, 500, 1000, 2000, 3000, 4000, 5000].filter((n) => n <= soak);
  if (!soakPoints.includes(soak)) soakPoints.push(soak);
  if (lago) {
    for (const { name, spec } of servers) {
      const edits = name === 'ours' ? soak : LAGO_EDITS;
      const rssAt = soakPoints.filter((n) => n <= edits);
      lagoRuns[name] = await tryRun(`${name} on lago`, () =>
        runEditor(spec, lago, {
          edits,
          latencyEdits: LAGO_EDITS,
          rssAt,
          onProgress: (done, rss, [low, high]) => name === 'ours' && log(`  ours on lago: RSS ${mb(rss)} after ${done} edits (readings ${low.toFixed(0)}-${high.toFixed(0)} over the last ${RSS_WINDOW}; ${load()})`),
        }),
      );
      const run = lagoRuns[name];
      if (run) log(`${name.padEnd(14)} lago: first diagnostics ${ms(run.openMs)}, p50 ${ms(run.p50)} p95 ${ms(run.p95)} over ${run.edits} edits; RSS ${mb(run.rssAfterOpen)} open, ${[...run.rss].map(([n, r]) => `${mb(r)} after ${n}`).join(', ')}, highest ${mb(run.peakRss)}`);
    }
    row(`editor lago 534 KB, ${LAGO_EDITS} edits, p50`, 'ms', pick(lagoRuns, 'p50'));
    row(`editor lago 534 KB, ${LAGO_EDITS} edits, p95`, 'ms', pick(lagoRuns, 'p95'));
    if (soak > LAGO_EDITS) {
      const soakRun = lagoRuns.ours;
      row(`editor lago, all ${soak} soak edits, p50`, 'ms', { ours: soakRun?.allP50 }, 'ours only: the peers take 0.5-2 s an edit');
      row(`editor lago, all ${soak} soak edits, p95`, 'ms', { ours: soakRun?.allP95 });
    }
    row('first diagnostics after didOpen, lago', 'ms', Object.fromEntries(Object.entries(lagoRuns).map(([name, run]) => [name, run?.openMs])));
    row('server RSS, lago open', 'MB', pick(lagoRuns, 'rssAfterOpen'));
    for (const n of soakPoints) {
      const note = `median of the readings after edits ${n - RSS_WINDOW + 1}-${n}${n > LAGO_EDITS ? '; the peers are not soaked' : ''}`;
      row(`server RSS, lago after ${n} edits`, 'MB', Object.fromEntries(Object.entries(lagoRuns).map(([name, run]) => [name, run?.rss.get(n)])), note);
    }
    row('server RSS, lago, highest reading over the edits', 'MB', Object.fromEntries(Object.entries(lagoRuns).map(([name, run]) => [name, run?.peakRss])));
  }

  let corpusFiles: string[] = [];
  if (hasCorpus) {
    corpusFiles = sqlFiles(CORPUS);
    const texts = corpusFiles.map((path) => ({ name: relative(CORPUS, path), text: readFileSync(path, 'utf8') }));
    const opened: Record<string, number | undefined> = {};
    for (const { name, spec } of servers) opened[name] = (await tryRun(`${name} with the corpus open`, () => openAll(spec, texts)))?.rss;
    row(`server RSS, whole corpus open (${texts.length} files)`, 'MB', opened);
  }

  log(`\n== CLI (whole process, median of ${runs} runs after a warm-up; peers' native binaries, JSON output) ==`);
  const cliRow = (label: string, ourArgs: string[], peerArgs: (peer: Peer) => string[]) => {
    const ours = wholeProcess(process.execPath, [OUR_CLI, ...ourArgs], runs);
    const theirs = Object.fromEntries(peers.map((peer) => [peer.name, wholeProcess(peer.binary, peerArgs(peer), runs)]));
    const all = { ours, ...theirs };
    row(`CLI ${label}, wall`, 'ms', Object.fromEntries(Object.entries(all).map(([name, run]) => [name, run.wallMs])));
    row(`CLI ${label}, peak RSS`, 'MB', Object.fromEntries(Object.entries(all).map(([name, run]) => [name, run.maxRssMb])));
    log(`${label}: ${Object.entries(all).map(([name, run]) => `${name} ${ms(run.wallMs)} ${mb(run.maxRssMb)} (exit ${run.status}, ${run.stdoutBytes} bytes out)`).join('; ')}`);
  };
  cliRow(smallName, ['lint', '--format', 'json', smallPath], (peer) => peer.cliArgs([smallPath]));
  if (lago) cliRow('lago', ['lint', '--format', 'json', LAGO], (peer) => peer.cliArgs([LAGO]));
  if (hasCorpus) cliRow(`corpus (${corpusFiles.length} files)`, ['lint', '--format', 'json', CORPUS], (peer) => peer.cliArgs([peer.folderArg(CORPUS)]));
  const version = wholeProcess(process.execPath, [OUR_CLI, '--version'], runs);
  const bare = wholeProcess(process.execPath, ['-e', '0'], runs);
  row('cli.js --version (start-up without parsing)', 'ms', { ours: version.wallMs });
  row('node -e 0 (Node start-up)', 'ms', { ours: bare.wallMs });

  log(`\n== side by side (${load()} at the end) ==`);
  printTable(rows, peerNames, log);

  log('\n== goals (issue 9) ==');
  const value = (label: string, who = 'ours') => {
    const found = rows.find((r) => r.label === label);
    return who === 'ours' ? found?.ours : found?.peers[who];
  };
  const goals: Goal[] = [];
  const smallP95 = `editor ${smallName}, ${SMALL_EDITS} edits, p95`;
  const compare = (text: string, ours: number | undefined, limit: number | undefined, unit: (v: number) => string, limitName: string) =>
    goals.push({
      text,
      met: ours === undefined || limit === undefined ? undefined : ours <= limit,
      detail: ours === undefined || limit === undefined ? 'a number is missing' : `${unit(ours)} vs ${limitName} ${unit(limit)}`,
    });
  compare('editor p95 on the 60-line file no slower than squawk', value(smallP95), value(smallP95, 'squawk'), ms, 'squawk');
  compare('editor p95 on lago at most 25 ms', value(`editor lago 534 KB, ${LAGO_EDITS} edits, p95`), lago ? 25 : undefined, ms, 'goal');
  const corpusLabel = `CLI corpus (${corpusFiles.length} files)`;
  compare('CLI over the whole corpus (--format json) no slower than squawk', value(`${corpusLabel}, wall`), value(`${corpusLabel}, wall`, 'squawk'), ms, 'squawk');
  compare('CLI corpus peak RSS far below postgrestools (at most half)', value(`${corpusLabel}, peak RSS`), (value(`${corpusLabel}, peak RSS`, 'postgrestools') ?? Number.NaN) / 2 || undefined, mb, 'half of postgrestools');
  compare('CLI on one small file at most 200 ms', value(`CLI ${smallName}, wall`), 200, ms, 'goal');
  compare('server RSS with lago open at most 250 MB (the highest reading over the soak)', value('server RSS, lago, highest reading over the edits'), lago ? 250 : undefined, mb, 'goal');
  const at100 = value('server RSS, lago after 100 edits');
  const at5000 = value('server RSS, lago after 5000 edits');
  goals.push({
    text: 'server RSS flat: after 5,000 edits within 10% of after 100',
    met: at100 === undefined || at5000 === undefined ? undefined : at5000 <= at100 * 1.1,
    detail: at100 === undefined || at5000 === undefined ? `needs --soak 5000 (this run: ${soak})` : `${mb(at5000)} vs ${mb(at100)} (${(((at5000 - at100) / at100) * 100).toFixed(1)}%)`,
  });
  const firstLabel = `first diagnostics after didOpen (median of ${FIRST_OPEN_RUNS})`;
  compare('first diagnostics after didOpen no slower than squawk', value(firstLabel), value(firstLabel, 'squawk'), ms, 'squawk');
  printGoals(goals, log);
  log(`\npeak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
