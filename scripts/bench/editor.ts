/**
 * Editor numbers for one language server: first diagnostics after didOpen, didChange ->
 * diagnostics for that version over a stream of realistic edits, and resident memory as the
 * edits go on (the soak).
 */
import { ServerSession } from './lsp';
import type { ServerSpec } from './lsp';
import { editStream } from './edits';
import { percentile } from './stats';

export interface EditorRun {
  /** spawn + initialize + didOpen -> first diagnostics */
  coldStartMs: number;
  /** didOpen -> first diagnostics, on a server that has initialized */
  openMs: number;
  /** diagnostics on the opened file (a check that the server analysed it) */
  openDiagnostics: number;
  p50: number;
  p95: number;
  edits: number;
  /** over every edit of the run, when it has more than the latency edits (the soak) */
  allP50: number;
  allP95: number;
  rssAfterOpen: number;
  /** RSS after so many edits: the median of the readings after each of the last RSS_WINDOW edits, so one GC cycle does not decide it */
  rss: Map<number, number>;
  /** the highest reading over all edits */
  peakRss: number;
}

/** Edits over which the RSS readings before a soak point are taken (a GC cycle of the server spans a few edits). */
export const RSS_WINDOW = 50;

/**
 * Opens `text`, applies `edits` edits one after another (each waits for its diagnostics) and
 * keeps the latency of the first `latencyEdits`; RSS is read at each count in `rssAt`.
 */
export async function runEditor(
  spec: ServerSpec,
  text: string,
  options: {
    edits: number;
    latencyEdits?: number;
    rssAt?: number[];
    /** Typing speed: the next edit is sent this long after the last one was (or when its diagnostics came, if later); none: at once. */
    paceMs?: number;
    onProgress?: (done: number, rss: number, range: [number, number]) => void;
  },
): Promise<EditorRun> {
  const spawned = performance.now();
  const session = await ServerSession.start(spec);
  try {
    const uri = `file:///schemaguard-bench/${spec.name}/file.sql`;
    const opened = await session.open(uri, text);
    const coldStartMs = performance.now() - spawned;
    const rssAfterOpen = session.rssMb();
    const latencyEdits = options.latencyEdits ?? options.edits;
    const samples: number[] = [];
    const all: number[] = [];
    const rss = new Map<number, number>();
    const rssAt = new Set(options.rssAt ?? []);
    const readings: number[] = [];
    let peakRss = rssAfterOpen;
    let i = 0;
    for (const edit of editStream(text, options.edits)) {
      const took = await session.change(uri, i + 2, [edit.change]);
      if (options.paceMs !== undefined && took < options.paceMs) await new Promise((resolve) => setTimeout(resolve, options.paceMs! - took));
      if (i < latencyEdits) samples.push(took);
      all.push(took);
      const reading = session.rssMb();
      peakRss = Math.max(peakRss, reading);
      readings.push(reading);
      if (readings.length > RSS_WINDOW) readings.shift();
      if (rssAt.has(i + 1)) {
        rss.set(i + 1, percentile(readings, 50));
        options.onProgress?.(i + 1, rss.get(i + 1)!, [Math.min(...readings), Math.max(...readings)]);
      }
      i++;
    }
    return {
      coldStartMs,
      openMs: opened.ms,
      openDiagnostics: opened.count,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      edits: samples.length,
      allP50: percentile(all, 50),
      allP95: percentile(all, 95),
      rssAfterOpen,
      rss,
      peakRss,
    };
  } finally {
    await session.stop();
  }
}

/** didOpen -> first diagnostics on an initialized server: the median of `runs` fresh servers. */
export async function firstDiagnostics(spec: ServerSpec, text: string, runs: number): Promise<{ openMs: number[]; coldStartMs: number[] }> {
  const openMs: number[] = [];
  const coldStartMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const spawned = performance.now();
    const session = await ServerSession.start(spec);
    try {
      const opened = await session.open(`file:///schemaguard-bench/${spec.name}/first-${run}.sql`, text);
      openMs.push(opened.ms);
      coldStartMs.push(performance.now() - spawned);
    } finally {
      await session.stop();
    }
  }
  return { openMs, coldStartMs };
}

/** Every file open at once (each waits for its diagnostics): the server's RSS then, in MB. */
export async function openAll(spec: ServerSpec, files: Array<{ name: string; text: string }>): Promise<{ rss: number; ms: number }> {
  const session = await ServerSession.start(spec);
  try {
    const started = performance.now();
    for (const file of files) await session.open(`file:///schemaguard-bench/${spec.name}/corpus/${file.name}`, file.text);
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { rss: session.rssMb(), ms };
  } finally {
    await session.stop();
  }
}
