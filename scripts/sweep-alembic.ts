/**
 * npx tsx scripts/sweep-alembic.ts [corpus] [--sample N] [--seed S] [--rule ID]
 *
 * Lints the Alembic projects of ../shared/corpus (every alembic_* folder, each read as one
 * versions/ history through the workspace schema, in revision-graph order) and prints files,
 * crashes (exceptions and rule errors), findings per rule, and with --sample a seeded random sample
 * of findings (file, line, rule, message and the Python it underlines) to read by hand.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { resolveSettings } from '../server/src/core/config';
import type { Finding } from '../server/src/core/lint';
import { lintText } from '../server/src/core/lint';
import { SchemaWorkspace } from '../server/src/core/model/schema/workspace';
import { initParser } from '../server/src/core/source/parser';
import { random } from './bench/edits';

const DEFAULT_CORPUS = resolve(__dirname, '../../shared/corpus');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<number> {
  const positional = process.argv.slice(2).filter((arg, index, all) => !arg.startsWith('--') && !all[index - 1]?.startsWith('--'));
  const corpus = resolve(positional[0] ?? DEFAULT_CORPUS);
  let projects: string[];
  try {
    projects = readdirSync(corpus).filter((name) => name.startsWith('alembic_') && statSync(join(corpus, name)).isDirectory()).sort();
  } catch {
    console.log(`sweep-alembic: no corpus at ${corpus}; nothing to do.`);
    return 0;
  }
  await initParser();
  const settings = resolveSettings();
  const perRule = new Map<string, number>();
  const all: Array<{ file: string; text: string; finding: Finding }> = [];
  let files = 0;
  let crashes = 0;
  const started = performance.now();
  for (const project of projects) {
    const folder = join(corpus, project);
    const workspace = new SchemaWorkspace([{ folder }]);
    const paths = readdirSync(folder).filter((name) => name.endsWith('.py')).sort().map((name) => join(folder, name));
    for (const path of paths) workspace.setFile(path, readFileSync(path, 'utf8'));
    const history = workspace.histories()[0];
    const problems = history ? history.files.reduce((sum, file) => sum + workspace.problems(file.path).length, 0) : 0;
    const projectRules = new Map<string, number>();
    for (const path of paths) {
      files++;
      const text = readFileSync(path, 'utf8');
      try {
        const result = lintText(text, { settings, path, schema: workspace.inputFor(path) });
        for (const error of result.internalErrors) {
          crashes++;
          console.log(`RULE ERROR ${relative(corpus, path)}: ${error}`);
        }
        for (const finding of result.findings) {
          perRule.set(finding.ruleId, (perRule.get(finding.ruleId) ?? 0) + 1);
          projectRules.set(finding.ruleId, (projectRules.get(finding.ruleId) ?? 0) + 1);
          all.push({ file: relative(corpus, path), text, finding });
        }
      } catch (error) {
        crashes++;
        console.log(`CRASH ${relative(corpus, path)}: ${(error as Error).stack}`);
      }
    }
    const total = [...projectRules.values()].reduce((a, b) => a + b, 0);
    console.log(`${project.padEnd(18)} ${String(paths.length).padStart(4)} files, ${String(history?.files.length ?? 0).padStart(4)} revisions in the history, ${String(problems).padStart(4)} statements the replay could not follow, ${total} findings`);
  }
  console.log(`files         ${files}`);
  console.log(`crashes       ${crashes}`);
  console.log(`findings      ${all.length} in ${(performance.now() - started).toFixed(0)} ms`);
  console.log('findings per rule:');
  for (const [rule, count] of [...perRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) console.log(`  ${String(count).padStart(6)}  ${rule}`);

  const sample = Number(option('--sample') ?? 0);
  if (sample > 0) {
    const seed = Number(option('--seed') ?? 1);
    const only = option('--rule');
    const pool = all.filter((entry) => !only || entry.finding.ruleId === only);
    const next = random(seed);
    const picked = new Set<number>();
    while (picked.size < Math.min(sample, pool.length)) picked.add(Math.floor(next() * pool.length));
    console.log(`\nsample: ${picked.size} of ${pool.length} findings, seed ${seed}${only ? `, rule ${only}` : ''}`);
    [...picked].forEach((index, n) => {
      const { file, text, finding } = pool[index];
      const snippet = text.slice(finding.start, finding.end).replace(/\s+/g, ' ').slice(0, 160);
      console.log(`\n#${n + 1} ${file}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.ruleId} (${finding.messageId})`);
      console.log(`   ${snippet}`);
      console.log(`   ${finding.message.slice(0, 240)}`);
    });
  }
  return crashes > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 2;
  },
);
