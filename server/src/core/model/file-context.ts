/**
 * The file as the analysis sees it: its text, settings, statements and file model. The rule
 * context extends it with reporting; model readers and fix builders take only this, so that
 * they never depend on the rule layer above them.
 */
import type { Settings } from '../config';
import type { Statement } from '../source/document';
import type { NodeKind } from '../source/parser';
import type { FileModel } from './file-model';
import type { SchemaView } from './schema/view';

export interface FileContext {
  readonly text: string;
  readonly settings: Settings;
  /** Every statement of the file, in order; statements with syntax errors have no kind. */
  readonly statements: readonly Statement[];
  readonly model: FileModel;
  /** The workspace schema around this file: before it, after it, after its whole history. */
  readonly schema: SchemaView;
  /** The statements of one node kind, typed. */
  statementsOf<K extends NodeKind>(kind: K): Array<Statement<K>>;
}
