/** The shape of a rule: metadata as data, and a check that reports through a context. */
import type { Settings, Severity } from '../config';
import type { AlembicRevision } from '../source/python/revision';
import type { FixSpec } from '../fix/types';
import type { AlembicFixContext } from '../fix/alembic/types';
import type { FileContext } from '../model/file-context';
import type { SchemaView } from '../model/schema/view';
import type { Statement } from '../source/document';

export type { FixSpec, OffsetEdit } from '../fix/types';

export type Category = 'migration-safety' | 'schema-design' | 'correctness';

export interface RuleExample {
  /** The migration: SQL, or an Alembic revision's Python source for rules on revisions. */
  sql: string;
  /** Why this example is (un)safe, shown in the docs. */
  description?: string;
  /** Settings the example is linted with (e.g. an older postgresVersion). */
  settings?: Partial<Settings>;
  /** The schema an earlier migration built, that the example runs against (shown in the docs). */
  prelude?: string;
  /** Alembic: the earlier revisions of the example's versions/ folder (shown in the docs). */
  revisions?: string[];
  /** Python rules about where code lives: the example's path (default: a versions/ revision). */
  path?: string;
  /** Other files of the example's history, by name in its folder (down migrations, a pg_dump; shown in the docs). */
  files?: Record<string, string>;
  /**
   * The example in a git repository: the files of its last commit by name (`true`: committed as
   * they are; the example's own name with its committed text). Without it, outside any repository.
   */
  committed?: Record<string, string | true>;
}

export interface RuleMeta {
  /** kebab-case with a verb prefix (require-, ban-, prefer-): file name, doc slug and Diagnostic.code. */
  id: string;
  category: Category;
  severity: Severity;
  fixable: boolean;
  /** One line: what the rule asks for. */
  summary: string;
  /** The lock or rewrite the rule is about, as PostgreSQL takes it. */
  lock?: string;
  /** A paragraph for the docs: what goes wrong in production and what to do instead. */
  description: string;
  /** Message templates; `{{name}}` is replaced by report data. What is wrong, why, what to do. */
  messages: Record<string, string>;
  examples: { valid: RuleExample[]; invalid: RuleExample[] };
}


export interface ReportSpec {
  statement: Statement;
  /** Document offsets of the range to underline; defaults to the whole statement. */
  start?: number;
  end?: number;
  messageId: string;
  data?: Record<string, string | number>;
  /**
   * The fixes, or a function that makes them when they are first asked for, for fixes that cost
   * something to make: the editor asks for one finding's fixes when its code actions are opened,
   * not on every keystroke (the CLI's outputs read them all). The function may read only what does
   * not change after the check: the text, the statements, the states it was given.
   */
  fixes?: FixSpec[] | (() => FixSpec[]);
}

export interface RuleContext extends FileContext {
  report(spec: ReportSpec): void;
}

/** What a rule about an Alembic revision file sees: the revision as read from its Python source. */
export interface RevisionRuleContext {
  readonly text: string;
  readonly settings: Settings;
  readonly revision: AlembicRevision;
  /** The file's key in the workspace (its path), as History.revisions entries name it. */
  readonly file: string;
  /**
   * The schema around upgrade(): before it (the earlier revisions), after it, after the whole
   * history, and the history (for a versions/ folder: every revision of the folder, `revisions`).
   */
  readonly schema?: SchemaView;
  /** Document offsets (UTF-16) of the Python source. */
  report(spec: { start: number; end: number; messageId: string; data?: Record<string, string | number>; fixes?: FixSpec[] }): void;
}

export interface Rule extends RuleMeta {
  check(context: RuleContext): void;
  /** Rules about Alembic revisions as Python files (not their SQL) check here; `check` then does nothing. */
  checkRevision?(context: RevisionRuleContext): void;
  /**
   * Rules about any Python file the engine lints (application code that runs Alembic, as well as
   * revisions): `context.revision` is the module as read, whether or not it is a revision.
   */
  checkPython?(context: RevisionRuleContext): void;
  /**
   * The rule's fix in Alembic's terms, for a finding on the SQL an op.* call renders (its SQL fix
   * would write SQL into Python): edits of the Python source.
   */
  alembicFix?(context: AlembicFixContext): FixSpec[];
  /**
   * SQL rules whose finding on the same op.* call this revision rule replaces, saying it in
   * Alembic's terms (the SQL rules still check SQL inside op.execute strings).
   */
  supersedes?: readonly string[];
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
