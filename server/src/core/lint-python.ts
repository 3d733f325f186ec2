/**
 * Alembic revision files: the upgrade() and downgrade() bodies become the SQL scripts Alembic
 * would run (source/python/virtual-sql.ts), every SQL rule checks them as it checks a .sql file,
 * and each finding moves back to the Python call, argument or string it came from. Alembic wraps
 * each revision in a transaction, so the scripts are read with `transaction: per-file`; an
 * autocommit_block() appears in them as the COMMIT / BEGIN Alembic writes around it.
 */
import type { BuiltinMeta } from './builtins';
import { SYNTAX_ERROR } from './builtins';
import type { Settings } from './config';
import { applyPythonIgnores } from './ignore-python';
import type { Finding, Fix, LintOptions, LintResult } from './lint';
import type { SchemaView } from './model/schema/view';
import type { SchemaInput } from './model/schema/workspace';
import { ALL_RULES } from './rules/index';
import type { FixSpec, Rule } from './rules/types';
import type { Statement } from './source/document';
import type { AlembicRevision, MigrationFunction, OpCall } from './source/python/revision';
import type { Span } from './source/python/syntax';
import { isRevision, readRevision } from './source/python/revision';
import type { VirtualScript } from './source/python/virtual-sql';
import { virtualScript } from './source/python/virtual-sql';
import { LineIndex } from './source/text';

/** What the engine lends: the SQL linter, and its builder for its own diagnostics. */
export interface SqlEngine {
  lintSql(text: string, options: LintOptions): LintResult;
  builtinFinding(meta: BuiltinMeta, settings: Settings, messageId: string, start: number, end: number, lines: LineIndex): Finding | undefined;
  ruleFinding(rule: Rule, settings: Settings, messageId: string, data: Record<string, string | number> | undefined, start: number, end: number, lines: LineIndex, fixes?: FixSpec[]): Finding;
}

/**
 * True for a document to read as an Alembic revision: said to be Python, or a `.py` path, or (with
 * neither) text that parses as a module with `revision = ...` and `def upgrade`.
 */
export function isPythonDocument(text: string, options: LintOptions): boolean {
  if (options.language) return options.language === 'python';
  if (options.path) return /\.py$/i.test(options.path);
  return text.includes('def upgrade') && text.includes('revision') && isRevision(readRevision(text));
}

export function lintPython(text: string, options: LintOptions, engine: SqlEngine): LintResult {
  const revision = readRevision(text);
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  const file = options.schema?.file ?? options.path ?? '';
  if (!isRevision(revision)) {
    // env.py, helpers, application code: only the rules about Python itself (an app that runs Alembic commands)
    runPythonRules('checkPython', { revision, text, file, schema: undefined, options, engine, lines }, { findings, internalErrors, superseding: [] });
    return { findings: findings.length > 0 ? applyPythonIgnores(revision, findings, lines) : [], internalErrors };
  }
  /** Findings of SQL rules on rendered op.* calls, with the call, for rules that supersede them. */
  const onCalls = new Map<Finding, Span>();
  const superseding: Array<{ ids: readonly string[]; finding: Finding }> = [];
  for (const span of revision.syntaxErrors) {
    const end = Math.max(span.end, Math.min(span.start + 1, text.length));
    const finding = engine.builtinFinding(SYNTAX_ERROR, options.settings, 'python', span.start, end, lines);
    if (finding) findings.push(finding);
  }
  let upgradeView: SchemaView | undefined;
  for (const { fn, virtual } of scriptsOf(revision)) {
    const downgrade = fn.name === 'downgrade';
    // upgrade() sees the schema the earlier revisions built (the workspace's, when there is one); downgrade() the one upgrade() left
    const schema = downgrade ? upgradeView && downgradeInput(`${file}#downgrade`, upgradeView) : upgradeInput(options.schema, text);
    const result = engine.lintSql(virtual.text, { ...options, language: 'sql', path: undefined, schema, settings: { ...options.settings, transaction: 'per-file' } });
    if (!downgrade) upgradeView = result.schema;
    internalErrors.push(...result.internalErrors);
    const fixContext = { text, revision, schema: result.schema, rules: options.rules ?? ALL_RULES, internalErrors };
    for (const finding of result.findings) {
      const mapped = mapFinding(finding, virtual, lines, fixContext);
      if (!mapped) continue;
      findings.push(mapped);
      const statement = virtual.statementAt(finding.start);
      if (statement?.call && !statement.fromString) onCalls.set(mapped, statement.call);
    }
  }
  const input = { revision, text, file, schema: upgradeView, options, engine, lines };
  runPythonRules('checkRevision', input, { findings, internalErrors, superseding });
  runPythonRules('checkPython', input, { findings, internalErrors, superseding });
  const superseded = (finding: Finding): boolean => {
    const call = onCalls.get(finding);
    return !!call && superseding.some((entry) => entry.ids.includes(finding.ruleId) && call.start <= entry.finding.start && entry.finding.end <= call.end);
  };
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { findings: applyPythonIgnores(revision, dedupe(findings.filter((finding) => !superseded(finding))), lines), schema: upgradeView, internalErrors };
}

/** Runs the rules that check the Python file itself (checkRevision or checkPython). */
function runPythonRules(
  hook: 'checkRevision' | 'checkPython',
  { revision, text, file, schema, options, engine, lines }: { revision: AlembicRevision; text: string; file: string; schema: SchemaView | undefined; options: LintOptions; engine: SqlEngine; lines: LineIndex },
  { findings, internalErrors, superseding }: { findings: Finding[]; internalErrors: string[]; superseding: Array<{ ids: readonly string[]; finding: Finding }> },
): void {
  for (const rule of options.rules ?? ALL_RULES) {
    const check = rule[hook];
    if (!check || (options.settings.rules[rule.id] ?? rule.severity) === 'off') continue;
    try {
      check.call(rule, {
        text,
        settings: options.settings,
        revision,
        file,
        schema,
        report: (spec) => {
          if (rule.messages[spec.messageId] === undefined) throw new Error(`rule ${rule.id} has no message "${spec.messageId}"`);
          const finding = engine.ruleFinding(rule, options.settings, spec.messageId, spec.data, spec.start, spec.end, lines, spec.fixes);
          findings.push(finding);
          if (rule.supersedes) superseding.push({ ids: rule.supersedes, finding });
        },
      });
    } catch (error) {
      internalErrors.push(`rule ${rule.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}

/** The workspace's input for the revision, with its replay keyed by the Python text (the engine sees the rendered SQL). */
function upgradeInput(input: SchemaInput | undefined, text: string): SchemaInput | undefined {
  return input && { ...input, replayed: input.replayed && (() => input.replayed!(text)) };
}

/** downgrade() runs on the schema upgrade() left, and is a down migration: it changes no snapshot. */
function downgradeInput(file: string, upgrade: SchemaView): SchemaInput {
  return {
    file,
    before: upgrade.after,
    replayRest: () => upgrade.final,
    replayed: () => ({ after: () => ({ after: upgrade.after, problems: [] }), final: () => upgrade.final }),
    history: upgrade.history,
    index: -1,
  };
}

function scriptsOf(revision: AlembicRevision): Array<{ fn: MigrationFunction; virtual: VirtualScript }> {
  return [revision.upgrade, revision.downgrade].filter((fn) => fn !== undefined).map((fn) => ({ fn, virtual: virtualScript(fn) }));
}

interface FixContext {
  text: string;
  revision: AlembicRevision;
  schema?: SchemaView;
  rules: readonly Rule[];
  internalErrors: string[];
}

function mapFinding(finding: Finding, virtual: VirtualScript, lines: LineIndex, context: FixContext): Finding | undefined {
  const span = virtual.toPython(finding.start, finding.end);
  if (!span) return undefined;
  const statement = virtual.statementAt(finding.start);
  // rendered op.* SQL is not the user's text: its fixes would write SQL into Python; the rule's Alembic fix edits the call instead
  const fixes = statement?.fromString
    ? finding.fixes.map((fix) => mapFix(fix, virtual, lines)).filter((fix) => fix !== undefined)
    : statement?.call && finding.statementIndex !== undefined
      ? alembicFixes(finding, statement.call, virtual.script.statements[finding.statementIndex], lines, context)
      : [];
  return { ...finding, start: span.start, end: span.end, range: lines.range(span.start, span.end), statementIndex: undefined, fixes, ignoreFixes: [] };
}

/** The rule's fix of an op.* call in Python, when it has one. */
function alembicFixes(finding: Finding, call: OpCall, statement: Statement | undefined, lines: LineIndex, context: FixContext): Fix[] {
  const rule = context.rules.find((candidate) => candidate.id === finding.ruleId);
  if (!rule?.alembicFix || !statement) return [];
  try {
    return rule.alembicFix({ text: context.text, revision: context.revision, call, statement, messageId: finding.messageId, schema: context.schema }).map((fix) => ranged(fix, lines));
  } catch (error) {
    context.internalErrors.push(`rule ${rule.id} failed on its Alembic fix: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return [];
  }
}

function ranged(fix: FixSpec, lines: LineIndex): Fix {
  const result: Fix = { title: fix.title, edits: fix.edits.map((edit) => ({ ...edit, range: lines.range(edit.start, edit.end) })) };
  if (fix.files?.length) result.files = fix.files;
  return result;
}

/** A fix whose every edit lands exactly inside the op.execute string it rewrites. */
function mapFix(fix: Fix, virtual: VirtualScript, lines: LineIndex): Fix | undefined {
  const edits: Fix['edits'] = [];
  for (const edit of fix.edits) {
    const mapped = virtual.toPythonEdit(edit);
    if (!mapped) return undefined;
    edits.push({ ...mapped, range: lines.range(mapped.start, mapped.end) });
  }
  return { title: fix.title, edits };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.ruleId}:${finding.messageId}:${finding.start}:${finding.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
