/**
 * npm run sweep: lints every file under ../shared/corpus (or the folder given) inside its migration
 * history (as the CLI does: the rules see the schema the history builds) and prints files,
 * statements, % parsed, syntax errors, crashes, findings per rule, time and peak RSS.
 *
 * For every file that PostgreSQL's parser accepts whole, it also checks that the splitter finds
 * the same statements the parser does (same count, same start offsets) and that every one of
 * them parses on its own: those are hard failures (exit 1), as are crashes.
 *
 * `--rules a,b` runs only those rules; `--list` prints every finding (FINDING rule file:line:column message).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseSync } from 'libpg-query';
import { resolveSettings } from '../server/src/core/config';
import { lintText } from '../server/src/core/lint';
import { SchemaWorkspace } from '../server/src/core/model/schema/workspace';
import { getRule } from '../server/src/core/rules/index';
import type { Rule } from '../server/src/core/rules/types';
import { initParser } from '../server/src/core/source/parser';
import { OffsetMapper } from '../server/src/core/source/text';

const DEFAULT_CORPUS = resolve(__dirname, '../../shared/corpus');

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : path.endsWith('.sql') ? [path] : [];
    });
}

/** Statement start offsets (UTF-16) by the parser, when the whole file parses. */
function parserStarts(text: string): number[] | undefined {
  try {
    const result = parseSync(text);
    const mapper = new OffsetMapper(text);
    return (result.stmts ?? []).map((raw) => {
      let start = mapper.utf16FromByte(raw.stmt_location ?? 0);
      while (start < text.length && /\s/.test(text[start])) start++;
      return start;
    });
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { rules: { type: 'string' }, list: { type: 'boolean' } }, allowPositionals: true });
  const corpus = resolve(positionals[0] ?? DEFAULT_CORPUS);
  const rules = values.rules?.split(',').map((id): Rule => getRule(id.trim()) ?? failOn(id));
  try {
    statSync(corpus);
  } catch {
    console.log(`sweep: no corpus at ${corpus}; nothing to do.`);
    return 0;
  }
  await initParser();
  const settings = resolveSettings({ maxFileSize: 50 * 1024 * 1024 });
  const files = listFiles(corpus);
  const workspace = new SchemaWorkspace();
  for (const file of files) workspace.setFile(file, readFileSync(file, 'utf8'));
  let bytes = 0;
  let statements = 0;
  let parsed = 0;
  let syntaxErrors = 0;
  let filesWithErrors = 0;
  let crashes = 0;
  let wholeFiles = 0;
  let wholeStatements = 0;
  let wholeParsed = 0;
  const boundaryMismatches: string[] = [];
  const unparsedInWhole: string[] = [];
  const findingsPerRule = new Map<string, number>();
  const started = performance.now();
  let lintMs = 0;

  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    const name = relative(corpus, file);
    let result;
    const lintStarted = performance.now();
    try {
      result = lintText(text, { settings, path: file, schema: workspace.inputFor(file), rules });
    } catch (error) {
      crashes++;
      console.log(`CRASH ${name}: ${(error as Error).stack}`);
      continue;
    } finally {
      lintMs += performance.now() - lintStarted;
    }
    if (result.internalErrors.length > 0) {
      crashes += result.internalErrors.length;
      for (const error of result.internalErrors) console.log(`RULE ERROR ${name}: ${error}`);
    }
    const script = result.script!;
    const ok = script.statements.filter((statement) => !statement.error).length;
    statements += script.statements.length;
    parsed += ok;
    syntaxErrors += script.statements.length - ok;
    if (ok < script.statements.length) filesWithErrors++;
    for (const finding of result.findings) findingsPerRule.set(finding.ruleId, (findingsPerRule.get(finding.ruleId) ?? 0) + 1);
    if (values.list) for (const finding of result.findings) console.log(`FINDING ${finding.ruleId} ${name}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.message}`);

    const starts = parserStarts(text);
    if (starts && script.skipped.length === 0) {
      wholeFiles++;
      wholeStatements += script.statements.length;
      wholeParsed += ok;
      const ours = script.statements.map((statement) => statement.start);
      if (ours.length !== starts.length || ours.some((start, index) => start !== starts[index])) {
        const at = ours.findIndex((start, index) => start !== starts[index]);
        boundaryMismatches.push(`${name}: splitter ${ours.length} statements, parser ${starts.length}; first difference at statement ${at}`);
      }
      for (const statement of script.statements) {
        if (statement.error) unparsedInWhole.push(`${name}:${statement.start}: ${statement.error.message}`);
      }
    }
  }
  const totalMs = performance.now() - started;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const pct = (a: number, b: number) => (b === 0 ? '100.0' : ((100 * a) / b).toFixed(1));

  console.log(`corpus        ${corpus}`);
  console.log(`files         ${files.length} (${(bytes / 1024 / 1024).toFixed(1)} MB)`);
  console.log(`statements    ${statements}`);
  console.log(`parsed        ${parsed} (${pct(parsed, statements)}%)`);
  console.log(`syntax errors ${syntaxErrors} in ${filesWithErrors} files (statements PostgreSQL itself rejects: test files with deliberate errors, newer syntax)`);
  console.log(`whole files   ${wholeFiles} files that the parser accepts whole: ${wholeParsed}/${wholeStatements} statements parsed (${pct(wholeParsed, wholeStatements)}%), splitter boundaries differ in ${boundaryMismatches.length}`);
  console.log(`crashes       ${crashes}`);
  console.log(`time          ${totalMs.toFixed(0)} ms total, ${lintMs.toFixed(0)} ms linting (${(lintMs / (bytes / 1024 / 1024)).toFixed(0)} ms/MB)`);
  console.log(`peak RSS      ${peakRssMb.toFixed(0)} MB`);
  console.log('findings per rule:');
  for (const [rule, count] of [...findingsPerRule].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(6)}  ${rule}`);
  for (const line of boundaryMismatches) console.log(`BOUNDARY ${line}`);
  for (const line of unparsedInWhole) console.log(`UNPARSED ${line}`);
  return crashes > 0 || boundaryMismatches.length > 0 || unparsedInWhole.length > 0 ? 1 : 0;
}

function failOn(id: string): never {
  throw new Error(`sweep: no rule ${id}`);
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
