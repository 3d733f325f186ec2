/**
 * The file as the analysis sees it: its text, settings, statements and file model. The rule
 * context extends it with reporting; model readers and fix builders take only this, so that
 * they never depend on the rule layer above them.
 */
import type { Settings } from '../config';
import type { Statement } from '../source/document';
import type { NodeKind } from '../source/parser';
import type { FileModel } from './file-model';

export interface FileContext {
  readonly text: string;
  readonly settings: Settings;
  /** Every statement of the file, in order; statements with syntax errors have no kind. */
  readonly statements: readonly Statement[];
  readonly model: FileModel;
  /** The statements of one node kind, typed. */
  statementsOf<K extends NodeKind>(kind: K): Array<Statement<K>>;
}
