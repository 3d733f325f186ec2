/** Whole-process runs of a command line: wall time (measured here) and peak RSS (GNU time). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { median } from './stats';

const GNU_TIME = '/usr/bin/time';

export interface ProcessRun {
  wallMs: number;
  maxRssMb: number | undefined;
  /** exit status of the first run, and how many bytes it printed (a check that it did the work) */
  status: number | null;
  stdoutBytes: number;
}

/** Medians of `runs` runs of `command args`, after one warm-up run that fills the page cache. */
export function wholeProcess(command: string, args: string[], runs: number): ProcessRun {
  const timed = existsSync(GNU_TIME);
  const run = () => {
    const started = performance.now();
    const result = timed
      ? spawnSync(GNU_TIME, ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    const wallMs = performance.now() - started;
    const maxKb = timed ? Number(result.stderr.trim().split('\n').pop()) : Number.NaN;
    return { wallMs, maxRssMb: Number.isFinite(maxKb) ? maxKb / 1024 : undefined, status: result.status, stdoutBytes: result.stdout.length };
  };
  const first = run();
  const samples = Array.from({ length: runs }, run);
  const rss = samples.map((sample) => sample.maxRssMb).filter((value): value is number => value !== undefined);
  return {
    wallMs: median(samples.map((sample) => sample.wallMs)),
    maxRssMb: rss.length > 0 ? median(rss) : undefined,
    status: first.status,
    stdoutBytes: first.stdoutBytes,
  };
}
