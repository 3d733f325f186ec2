/**
 * The engine: text + settings -> findings. Pure (no editor, no file system), shared by the
 * language server and the CLI.
 */
import type { BuiltinMeta } from './builtins';
import { FILE_SKIPPED, SYNTAX_ERROR, UNUSED_IGNORE } from './builtins';
import type { RuleLevel, Settings, Severity } from './config';
import type { IgnoreDirective } from './ignore';
import { lineStartOf, nextLineStart, startsLine } from './fix/edits';
import { ignoreFileEdit, ignoreStatementEdit, parseIgnoreDirectives } from './ignore';
import { isPythonDocument, lintPython } from './lint-python';
import { FileModel } from './model/file-model';
import type { ReplayOutcome } from './model/schema/file-replay';
import { FileReplay } from './model/schema/file-replay';
import { SchemaState } from './model/schema/state';
import type { SchemaView } from './model/schema/view';
import { createSchemaView } from './model/schema/view';
import type { SchemaInput } from './model/schema/workspace';
import { migrationOf } from './model/schema/workspace';
import { ALL_RULES, isKnownId } from './rules/index';
import type { NewFile } from './fix/types';
import type { Category, FixSpec, OffsetEdit, ReportSpec, Rule, RuleContext } from './rules/types';
import type { EarlierScript, ParsedScript, Statement } from './source/document';
import { parseScript } from './source/document';
import type { NodeKind } from './source/parser';
import type { Range } from './source/text';
import { LineIndex } from './source/text';

export interface RangedEdit extends OffsetEdit {
  range: Range;
}

export interface Fix {
  title: string;
  edits: RangedEdit[];
  /** New files the fix creates (a new migration); absent for fixes that only edit this file. */
  files?: NewFile[];
}

export interface Finding {
  ruleId: string;
  /** Which of the rule's message templates was used. */
  messageId: string;
  severity: Severity;
  category: Category;
  message: string;
  /** Document offsets (UTF-16) and the same as an LSP range. */
  start: number;
  end: number;
  range: Range;
  /** The statement the finding is about, when there is one. */
  statementIndex?: number;
  /** Quick fixes that rewrite the SQL into its safe form. */
  fixes: Fix[];
  /** "Ignore for this statement" and "ignore in this file" edits. */
  ignoreFixes: Fix[];
}

export interface LintResult {
  findings: Finding[];
  /** Present when the file was analysed (not skipped). */
  script?: ParsedScript;
  /** The schema around the file, as the rules saw it (for editor features). */
  schema?: SchemaView;
  /** Rule crashes, caught so that the rest of the file is still analysed. */
  internalErrors: string[];
}

export interface LintOptions {
  settings: Settings;
  /** The file's path, when there is one (down migrations are recognised by name). */
  path?: string;
  /** Rules to run instead of the registry (tests). */
  rules?: readonly Rule[];
  /** The document's language when known (the editor's language id); otherwise taken from the path or the text. */
  language?: 'sql' | 'python';
  /** The parse of an earlier version of the same document (an editor's last analysis): only what changed is split again. */
  earlier?: EarlierScript;
  /** The workspace schema around the file (SchemaWorkspace.inputFor); without it the file is its own history. */
  schema?: SchemaInput;
  /**
   * Keep this parse's statements for a next version even without an earlier one (an editor opening a
   * large document): its first edit then takes over the statements before it, and everything they
   * cache, instead of making every statement again.
   */
  keepStatements?: boolean;
}

interface RawFinding {
  meta: { id: string; category: Category; severity: Severity };
  messageId: string;
  message: string;
  start: number;
  end: number;
  statementIndex?: number;
  /** A function for fixes made when first read (ReportSpec.fixes). */
  fixes: FixSpec[] | (() => FixSpec[]);
}

const BINARY_SAMPLE = 8000;

export function lintText(text: string, options: LintOptions): LintResult {
  const { settings } = options;
  const skip = skipReason(text, settings);
  if (skip) {
    // underline the first line only; a skipped file is never indexed whole
    return skippedResult(settings, skip, /^[^\r\n]*/.exec(text.slice(0, 10_000))![0]);
  }
  if (isPythonDocument(text, options)) return lintPython(text, options, { lintSql: lintText, builtinFinding, ruleFinding });
  const lines = new LineIndex(text);

  const script = parseScript(text, options.earlier, { keepStatements: options.keepStatements });
  const model = new FileModel(text, script.statements, script.comments, settings, options.path);
  const schema = schemaAround(text, script, model, options);
  const raw: RawFinding[] = [];
  const internalErrors: string[] = [];

  if (levelOf(SYNTAX_ERROR, settings) !== 'off') {
    for (const statement of script.statements) {
      if (statement.error) raw.push(syntaxErrorFinding(text, statement, settings));
    }
  }

  // a pg_dump schema dump, and a folder of schema files loaded together, build an empty database: no migration-safety rule applies
  const freshBuild = model.schemaDump || schema.history?.layout === 'schema-files';
  const rules = (options.rules ?? ALL_RULES).filter((rule) => levelOf(rule, settings) !== 'off' && !(freshBuild && rule.category === 'migration-safety'));
  const byKind = statementsByKind(script.statements);
  for (const rule of rules) {
    const context = createContext(text, settings, script, byKind, model, schema, rule, raw);
    try {
      rule.check(context);
    } catch (error) {
      internalErrors.push(`rule ${rule.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  const directives = parseIgnoreDirectives(text, script.comments, script.statements);
  const kept = applyIgnores(text, raw, directives, settings, options.rules);
  const findings = kept.map((finding) => {
    const result = toFinding(finding, lines);
    const statement = finding.statementIndex !== undefined ? script.statements[finding.statementIndex] : undefined;
    if (statement && finding.meta.id !== UNUSED_IGNORE.id) {
      const id = finding.meta.id;
      onFirstRead(result, 'ignoreFixes', () => [
        ranged({ title: `Ignore ${id} for this statement`, edits: [ignoreStatementEdit(text, statement, id, directives)] }, lines),
        ranged({ title: `Ignore ${id} in this file`, edits: [ignoreFileEdit(text, id, directives)] }, lines),
      ]);
    }
    return result;
  });
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { findings, script, schema, internalErrors };
}

/**
 * The file's statements replayed on the schema before it (by the workspace when it holds this
 * text, otherwise here, from the file's replay checkpoints), as far as a rule asks; the rest of its
 * history on demand.
 */
function schemaAround(text: string, script: ParsedScript, model: FileModel, options: LintOptions): SchemaView {
  const input = options.schema;
  const file = input?.file ?? options.path ?? '';
  const before = input?.before ?? new SchemaState();
  const migration = migrationOf(text, script, model);
  // the direction of a statement depends on the path: the workspace keeps this parse only for its own path
  const done = input?.replayed?.(text, (options.path ?? file) === file ? migration : undefined);
  const replay = done?.replay ?? input?.replay ?? new FileReplay();
  if (!done?.replay) replay.update(before, file, migration.upStatements);
  let outcome: ReplayOutcome | undefined;
  const replayed = (): ReplayOutcome => (outcome ??= done ? done.after() : replay.after());
  const versioning = { rollback: input?.rollback ? () => input.rollback!(text) : undefined, committed: input?.committed };
  return createSchemaView({
    file,
    before,
    replayed,
    final: done?.final ?? (() => (input ? input.replayRest(replayed().after) : replayed().after)),
    history: input?.history,
    index: input?.index,
    driftAgainst: input?.driftAgainst,
    stateBefore: (statementIndex) => replay.stateBefore(statementIndex),
    ...versioning,
  });
}

/** The result for a file too large to read, without reading it (the CLI checks the size first). */
export function oversizedResult(size: number, settings: Settings): LintResult {
  return skippedResult(settings, { messageId: 'tooLarge', data: { size, limit: settings.maxFileSize } }, '');
}

/** The one file-skipped finding, on the file's first line. */
function skippedResult(settings: Settings, reason: { messageId: string; data: Record<string, string | number> }, firstLine: string): LintResult {
  if (levelOf(FILE_SKIPPED, settings) === 'off') return { findings: [], internalErrors: [] };
  const raw = builtin(FILE_SKIPPED, settings, reason.messageId, reason.data, 0, firstLine.length);
  return { findings: [toFinding(raw, new LineIndex(firstLine))], internalErrors: [] };
}

function skipReason(text: string, settings: Settings): { messageId: string; data: Record<string, string | number> } | undefined {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > settings.maxFileSize) return { messageId: 'tooLarge', data: { size, limit: settings.maxFileSize } };
  const sample = text.slice(0, BINARY_SAMPLE);
  if (sample.includes('\0')) return { messageId: 'binary', data: {} };
  let suspicious = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0xfffd || (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12)) suspicious++;
  }
  if (sample.length > 0 && suspicious / sample.length > 0.1) return { messageId: 'binary', data: {} };
  return undefined;
}

function levelOf(meta: { id: string; severity: Severity }, settings: Settings): RuleLevel {
  return settings.rules[meta.id] ?? meta.severity;
}

function effectiveMeta(meta: { id: string; category: Category; severity: Severity }, settings: Settings): RawFinding['meta'] {
  const level = levelOf(meta, settings);
  return { id: meta.id, category: meta.category, severity: level === 'off' ? meta.severity : level };
}

type TemplatePart = string | { key: string; whole: string };

/** Each message template cut once into its text and its `{{ key }}` placeholders (a large file fills hundreds per keystroke). */
const templateParts = new Map<string, TemplatePart[]>();

function fillTemplate(template: string, data: Record<string, string | number> = {}): string {
  let parts = templateParts.get(template);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const match of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
      parts.push(template.slice(last, match.index), { key: match[1], whole: match[0] });
      last = match.index + match[0].length;
    }
    parts.push(template.slice(last));
    templateParts.set(template, parts);
  }
  let text = '';
  for (const part of parts) text += typeof part === 'string' ? part : part.key in data ? String(data[part.key]) : part.whole;
  return text;
}

/** One engine diagnostic as a finding, or undefined when its id is turned off. */
function builtinFinding(meta: BuiltinMeta, settings: Settings, messageId: string, start: number, end: number, lines: LineIndex): Finding | undefined {
  return levelOf(meta, settings) === 'off' ? undefined : toFinding(builtin(meta, settings, messageId, {}, start, end), lines);
}

/** A rule's finding at document offsets, for rules that do not report on a statement (Alembic revision rules). */
function ruleFinding(rule: Rule, settings: Settings, messageId: string, data: Record<string, string | number> | undefined, start: number, end: number, lines: LineIndex, fixes: FixSpec[] = []): Finding {
  const raw: RawFinding = { meta: effectiveMeta(rule, settings), messageId, message: fillTemplate(rule.messages[messageId], data), start, end, fixes };
  return toFinding(raw, lines);
}

function builtin(
  meta: BuiltinMeta,
  settings: Settings,
  messageId: string,
  data: Record<string, string | number>,
  start: number,
  end: number,
  statementIndex?: number,
  fixes: FixSpec[] = [],
): RawFinding {
  return { meta: effectiveMeta(meta, settings), messageId, message: fillTemplate(meta.messages[messageId], data), start, end, statementIndex, fixes };
}

const TOKEN_AT = /[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*|\d+|\S/y;

function syntaxErrorFinding(text: string, statement: Statement, settings: Settings): RawFinding {
  const error = statement.error!;
  let start = error.offset;
  if (start >= statement.end) {
    // the statement ended too early (half-typed): underline its last word
    start = statement.end - 1;
    while (start > statement.start && /\s/.test(text[start])) start--;
    while (start > statement.start && /[\w$]/.test(text[start - 1]) && /[\w$]/.test(text[start])) start--;
  }
  TOKEN_AT.lastIndex = start;
  const token = TOKEN_AT.exec(text);
  const end = Math.min(statement.end, start + (token ? token[0].length : 1));
  const unterminated = /unterminated (quoted string|quoted identifier|\/\* comment|dollar-quoted string)/.exec(error.message);
  const messageId = unterminated ? 'unterminated' : 'syntax';
  const what = unterminated ? unterminated[1].replace('/* ', 'block ') : '';
  return builtin(SYNTAX_ERROR, settings, messageId, { message: error.message, what }, start, Math.max(end, start + 1), statement.index);
}

/** The statements of each node kind, in order. */
function statementsByKind(statements: readonly Statement[]): Map<string, Statement[]> {
  const byKind = new Map<string, Statement[]>();
  for (const statement of statements) {
    if (!statement.kind) continue;
    const list = byKind.get(statement.kind) ?? [];
    list.push(statement);
    byKind.set(statement.kind, list);
  }
  return byKind;
}

function createContext(
  text: string,
  settings: Settings,
  script: ParsedScript,
  byKind: ReadonlyMap<string, Statement[]>,
  model: FileModel,
  schema: SchemaView,
  rule: Rule,
  out: RawFinding[],
): RuleContext {
  return {
    text,
    settings,
    statements: script.statements,
    model,
    schema,
    statementsOf<K extends NodeKind>(kind: K): Array<Statement<K>> {
      return (byKind.get(kind) ?? []) as Array<Statement<K>>;
    },
    report(spec: ReportSpec): void {
      const template = rule.messages[spec.messageId];
      if (template === undefined) throw new Error(`rule ${rule.id} has no message "${spec.messageId}"`);
      out.push({
        meta: effectiveMeta(rule, settings),
        messageId: spec.messageId,
        message: fillTemplate(template, spec.data),
        start: spec.start ?? spec.statement.start,
        end: spec.end ?? spec.statement.end,
        statementIndex: spec.statement.index,
        fixes: spec.fixes ?? [],
      });
    },
  };
}

function applyIgnores(
  text: string,
  raw: RawFinding[], directives: IgnoreDirective[], settings: Settings, rules: readonly Rule[] | undefined): RawFinding[] {
  const used = new Set<string>();
  const keyOf = (directive: IgnoreDirective, id: string): string => `${directive.comment.start}:${id}`;
  const kept = raw.filter((finding) => {
    for (const directive of directives) {
      const applies = directive.scope === 'file' || (finding.statementIndex !== undefined && directive.statementIndex === finding.statementIndex);
      if (!applies) continue;
      const hit = directive.ids.find((entry) => entry.id === finding.meta.id);
      if (hit) {
        used.add(keyOf(directive, hit.id));
        return false;
      }
    }
    return true;
  });
  if (levelOf(UNUSED_IGNORE, settings) === 'off') return kept;
  const known = (id: string): boolean => (rules ? rules.some((rule) => rule.id === id) || isKnownId(id) : isKnownId(id));
  for (const directive of directives) {
    if (directive.ids.length === 0) {
      kept.push(builtin(UNUSED_IGNORE, settings, 'empty', {}, directive.comment.start, directive.comment.end, directive.statementIndex, [removeComment(text, directive)]));
      continue;
    }
    for (const entry of directive.ids) {
      if (used.has(keyOf(directive, entry.id))) continue;
      if (known(entry.id) && settings.rules[entry.id] === 'off') continue;
      const messageId = known(entry.id) ? 'unused' : 'unknown';
      const scope = directive.scope === 'file' ? 'file' : 'statement';
      kept.push(
        builtin(UNUSED_IGNORE, settings, messageId, { id: entry.id, scope }, entry.start, entry.end, directive.statementIndex, messageId === 'unused' ? [removeId(text, directive, entry)] : []),
      );
    }
  }
  return kept;
}

function removeComment(text: string, directive: IgnoreDirective): FixSpec {
  const { start, end } = directive.comment;
  const edit = startsLine(text, start) ? { start: lineStartOf(text, start), end: nextLineStart(text, end), newText: '' } : { start, end, newText: '' };
  return { title: 'Remove this ignore comment', edits: [edit] };
}

function removeId(text: string, directive: IgnoreDirective, entry: IgnoreDirective['ids'][number]): FixSpec {
  if (directive.ids.length === 1) return removeComment(text, directive);
  const index = directive.ids.indexOf(entry);
  const start = index === 0 ? entry.start : directive.ids[index - 1].end;
  const end = index === 0 ? directive.ids[1].start : entry.end;
  return { title: `Remove "${entry.id}" from this ignore comment`, edits: [{ start, end, newText: '' }] };
}

/**
 * Makes `key` a property computed when it is first read, then kept as a plain value: the ignore
 * edits of a finding (and the fixes a rule makes later) are asked for only when the editor asks
 * for that finding's code actions, and a large file has hundreds of findings on every keystroke.
 */
function onFirstRead<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  const settle = (value: T[K]): void => {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): T[K] {
      const value = compute();
      settle(value);
      return value;
    },
    set: settle,
  });
}

function ranged(fix: FixSpec, lines: LineIndex): Fix {
  const result: Fix = { title: fix.title, edits: fix.edits.map((edit) => ({ ...edit, range: lines.range(edit.start, edit.end) })) };
  if (fix.files?.length) result.files = fix.files;
  return result;
}

function toFinding(raw: RawFinding, lines: LineIndex): Finding {
  const fixes = raw.fixes;
  const finding: Finding = {
    ruleId: raw.meta.id,
    messageId: raw.messageId,
    severity: raw.meta.severity,
    category: raw.meta.category,
    message: raw.message,
    start: raw.start,
    end: raw.end,
    range: lines.range(raw.start, raw.end),
    statementIndex: raw.statementIndex,
    fixes: [],
    ignoreFixes: [],
  };
  if (typeof fixes === 'function') onFirstRead(finding, 'fixes', () => madeLater(fixes).map((fix) => ranged(fix, lines)));
  else finding.fixes = fixes.map((fix) => ranged(fix, lines));
  return finding;
}

/** Fixes made after the check: one that fails to be made is no fix (the finding stays, as a check that failed would not keep it). */
function madeLater(make: () => FixSpec[]): FixSpec[] {
  try {
    return make();
  } catch {
    return [];
  }
}
