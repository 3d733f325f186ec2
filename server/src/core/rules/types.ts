/** The shape of a rule: metadata as data, and a check that reports through a context. */
import type { Settings, Severity } from '../config';
import type { FileModel } from '../model/file-model';
import type { Statement } from '../source/document';
import type { NodeKind } from '../source/parser';

export type Category = 'migration-safety' | 'schema-design' | 'correctness';

export interface RuleExample {
  sql: string;
  /** Why this example is (un)safe, shown in the docs. */
  description?: string;
  /** Settings the example is linted with (e.g. an older postgresVersion). */
  settings?: Partial<Settings>;
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

/** A text edit in document offsets (UTF-16). */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface FixSpec {
  title: string;
  edits: OffsetEdit[];
}

export interface ReportSpec {
  statement: Statement;
  /** Document offsets of the range to underline; defaults to the whole statement. */
  start?: number;
  end?: number;
  messageId: string;
  data?: Record<string, string | number>;
  fixes?: FixSpec[];
}

export interface RuleContext {
  readonly text: string;
  readonly settings: Settings;
  /** Every statement of the file, in order; statements with syntax errors have no kind. */
  readonly statements: readonly Statement[];
  readonly model: FileModel;
  /** The statements of one node kind, typed. */
  statementsOf<K extends NodeKind>(kind: K): Array<Statement<K>>;
  report(spec: ReportSpec): void;
}

export interface Rule extends RuleMeta {
  check(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
