/**
 * Where a keystroke's time goes in the language server: the built server (dist/server-main.js)
 * runs under V8's sampling profiler (--cpu-prof) while the bench's edit stream is applied, and
 * every sample is put in one phase of the lint (found on its stack through the bundle's source
 * map), so the output says how many milliseconds of CPU each phase costs per edit, beside the
 * latency the client saw and the time the server spent waiting on purpose (coalescing).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { editStream } from './edits';
import { ServerSession } from './lsp';
import { percentile, ms } from './stats';

const BUNDLE = resolve(__dirname, '../../dist/server-main.js');
const ROOT = resolve(__dirname, '../..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** A frame as the source says it: the original file (relative to the project) and function. */
interface Frame {
  file: string;
  fn: string;
}

/**
 * The phases, most specific first: a sample belongs to the first phase one of whose frames is
 * anywhere on its stack, so the replay a rule triggers through `schema.final` counts as replay.
 */
const PHASES: Array<{ name: string; match: (frame: Frame) => boolean }> = [
  { name: 'workspace: split + parse + file model of the file again', match: (f) => f.file.endsWith('model/schema/workspace.ts') && f.fn === 'parseMigration' },
  { name: 'history after the file (final / replayRest)', match: (f) => f.file.endsWith('model/schema/workspace.ts') && (f.fn === 'replayRest' || f.fn === 'final') },
  { name: 'workspace: replay the file (snapshot after it)', match: (f) => f.file.endsWith('model/schema/workspace.ts') && f.fn === 'snapshot' },
  { name: 'workspace: other (layout, inputFor, clone before)', match: (f) => f.file.endsWith('model/schema/workspace.ts') || f.file.endsWith('model/schema/layout.ts') },
  { name: 'schema.at (replay up to a statement)', match: (f) => f.file.endsWith('model/schema/view.ts') && f.fn === 'at' },
  { name: 'engine: replay the file (no workspace)', match: (f) => f.file.endsWith('core/lint.ts') && f.fn === 'schemaAround' },
  { name: 'split + parse (parseScript)', match: (f) => f.file.endsWith('source/document.ts') && f.fn === 'parseScript' },
  { name: 'file model', match: (f) => f.file.includes('core/model/') && !f.file.includes('model/schema/') && f.fn === 'FileModel' },
  { name: 'rules', match: (f) => f.file.includes('core/rules/') },
  { name: 'ignore comments', match: (f) => f.file.endsWith('core/ignore.ts') },
  { name: 'engine: findings, ranges, fixes', match: (f) => f.file.endsWith('core/lint.ts') || f.file.includes('core/fix/') },
  { name: 'navigation (outline, mentions)', match: (f) => f.file.includes('core/navigation/') || f.file.includes('src/features/') },
  { name: 'text sync (TextDocument)', match: (f) => f.file.includes('vscode-languageserver-textdocument') },
  { name: 'LSP: messages, JSON', match: (f) => f.file.includes('vscode-jsonrpc') || f.file.includes('vscode-languageserver') || f.file.endsWith('server/src/server.ts') },
  { name: 'garbage collector', match: (f) => f.fn === '(garbage collector)' },
];

export interface PhaseProfile {
  label: string;
  edits: number;
  latencyP50: number;
  latencyP95: number;
  /** CPU the server spent per edit (samples that were not idle), ms */
  busyPerEdit: number;
  phases: Array<{ name: string; perEdit: number; share: number }>;
  /** The rules that cost most, per edit */
  rules: Array<{ name: string; perEdit: number }>;
  /** Self time by function, per edit */
  hottest: Array<{ name: string; perEdit: number }>;
}

/** Runs `edits` edits of the bench's stream on `text` through the profiled server and sorts its samples into phases. */
export async function profileKeystrokes(label: string, text: string, edits: number): Promise<PhaseProfile> {
  const dir = mkdtempSync(join(tmpdir(), 'schemaguard-profile-'));
  try {
    const session = await ServerSession.start({
      name: 'schemaguard-profiled',
      command: process.execPath,
      args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250', BUNDLE, '--stdio'],
      diagnostics: 'push',
    });
    const latencies: number[] = [];
    try {
      const uri = 'file:///schemaguard-bench/profiled/file.sql';
      await session.open(uri, text);
      let version = 2;
      for (const edit of editStream(text, edits)) latencies.push(await session.change(uri, version++, [edit.change]));
    } finally {
      await session.stop();
    }
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the profiled server wrote no .cpuprofile');
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    return { label, edits, latencyP50: percentile(latencies, 50), latencyP95: percentile(latencies, 95), ...attribute(profile, edits) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function attribute(profile: CpuProfile, edits: number): Pick<PhaseProfile, 'busyPerEdit' | 'phases' | 'rules' | 'hottest'> {
  const map = new SourceMap(JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const frameCache = new Map<number, Frame>();
  const frameOf = (node: ProfileNode): Frame => {
    let frame = frameCache.get(node.id);
    if (!frame) {
      const { url, functionName, lineNumber, columnNumber } = node.callFrame;
      let file = url;
      if (url.endsWith('server-main.js') && lineNumber >= 0) {
        const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string };
        if (entry.originalSource) file = entry.originalSource;
      }
      file = file.startsWith('file://') ? relative(ROOT, new URL(file).pathname) : file.replace(/^(\.\.\/)+/, '');
      frame = { file, fn: functionName || '(anonymous)' };
      frameCache.set(node.id, frame);
    }
    return frame;
  };
  const stackOf = (id: number): Frame[] => {
    const frames: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) frames.push(frameOf(byId.get(at)!));
    return frames.reverse();
  };

  const phaseTime = new Map<string, number>();
  const ruleTime = new Map<string, number>();
  const selfTime = new Map<string, number>();
  let busy = 0;
  const stacks = new Map<number, Frame[]>();
  profile.samples.forEach((id, index) => {
    // timeDeltas[i] is the time before sample i; the time a sample stands for is the next delta
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const leaf = frameOf(byId.get(id)!);
    if (leaf.fn === '(idle)' || leaf.fn === '(root)') return;
    busy += micros;
    let stack = stacks.get(id);
    if (!stack) stacks.set(id, (stack = stackOf(id)));
    const phase = PHASES.find((candidate) => stack!.some(candidate.match))?.name ?? (leaf.fn === '(program)' ? 'V8 (program)' : 'other');
    phaseTime.set(phase, (phaseTime.get(phase) ?? 0) + micros);
    const rule = stack.find((frame) => frame.file.includes('core/rules/'));
    if (phase === 'rules' && rule) ruleTime.set(rule.file.replace(/^.*core\/rules\//, ''), (ruleTime.get(rule.file.replace(/^.*core\/rules\//, '')) ?? 0) + micros);
    const self = `${leaf.fn} (${leaf.file.replace(/^.*node_modules\//, '').replace(/^server\/src\//, '') || 'native'})`;
    selfTime.set(self, (selfTime.get(self) ?? 0) + micros);
  });
  const perEdit = (micros: number) => micros / 1000 / edits;
  const sorted = (times: Map<string, number>, count: number) =>
    [...times]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, micros]) => ({ name, perEdit: perEdit(micros) }));
  return {
    busyPerEdit: perEdit(busy),
    phases: sorted(phaseTime, 100).map((phase) => ({ ...phase, share: phase.perEdit / perEdit(busy) })),
    rules: sorted(ruleTime, 8),
    hottest: sorted(selfTime, 12),
  };
}

export function printProfile(profile: PhaseProfile, log: (line: string) => void): void {
  log(`${profile.label}: ${profile.edits} edits, latency p50 ${ms(profile.latencyP50)} p95 ${ms(profile.latencyP95)}; server CPU ${ms(profile.busyPerEdit)} per edit (the rest of the latency is waiting: coalescing, the client)`);
  for (const phase of profile.phases) log(`  ${ms(phase.perEdit).padStart(9)}  ${(phase.share * 100).toFixed(0).padStart(3)}%  ${phase.name}`);
  if (profile.rules.length > 0) log(`  rules that cost most: ${profile.rules.map((rule) => `${rule.name.replace(/\.ts$/, '')} ${ms(rule.perEdit)}`).join(', ')}`);
  log(`  hottest functions (self time per edit): ${profile.hottest.map((entry) => `${entry.name} ${ms(entry.perEdit)}`).join('; ')}`);
}
