/**
 * How a migration's text differs from its committed version, statement by statement: where the
 * statements the runner applies going up first differ, and, when the edit only added statements
 * after every committed one (in the up part, and in dbmate's down section), those statements, so
 * that they can move to a migration of their own. Statements compare by parse tree (layout,
 * comments and case of keywords aside); a statement that does not parse compares by its text.
 */
import type { Statement } from '../../source/document';
import { expressionKey } from './expression';
import type { ParsedMigration } from './workspace';
import { parseMigration } from './workspace';

export interface AppendedStatements {
  statements: Statement[];
  /** The text from after the last committed statement to the end of the last new one (comments between them kept). */
  text: string;
}

export interface MigrationEdit {
  /** The first up statement that differs from the committed one; undefined when the up statements are the same. */
  changedAt?: Statement;
  /** When the up statements differ only by statements added after the committed ones (and the down part likewise or not at all). */
  appended?: { up: AppendedStatements; down?: AppendedStatements };
}

function keyOf(statement: Statement): string {
  return statement.kind ? `${statement.kind}:${expressionKey(statement.node as never)}` : `?${statement.text.replace(/\s+/g, ' ').trim()}`;
}

/** The statements after the first `count`, when the first `count` are `committed`'s; undefined otherwise. */
function addedAfter(current: readonly Statement[], committed: readonly Statement[]): Statement[] | undefined {
  if (current.length < committed.length || committed.some((statement, index) => keyOf(statement) !== keyOf(current[index]))) return undefined;
  return current.slice(committed.length);
}

/** The text of added statements: from the end of the statement before them (or `from`) to the last one's semicolon. */
function appendedText(text: string, all: readonly Statement[], added: readonly Statement[], from: number): AppendedStatements {
  const first = added[0];
  const previous = all[all.indexOf(first) - 1];
  const start = previous ? (previous.semicolon ?? previous.end - 1) + 1 : from;
  const last = added[added.length - 1];
  const end = (last.semicolon ?? last.end - 1) + 1;
  return { statements: [...added], text: text.slice(start, end).replace(/^\s+/, '') };
}

export function migrationEdit(path: string, current: ParsedMigration, committedText: string): MigrationEdit {
  const committed = parseMigration(path, committedText);
  const up = current.upStatements;
  const changedIndex = up.findIndex((statement, index) => !committed.upStatements[index] || keyOf(statement) !== keyOf(committed.upStatements[index]));
  const changedAt = changedIndex >= 0 ? up[changedIndex] : up.length < committed.upStatements.length ? up[up.length - 1] : undefined;
  if (!changedAt) return {};
  const addedUp = addedAfter(up, committed.upStatements);
  const addedDown = addedAfter(current.downStatements, committed.downStatements);
  if (!addedUp || addedUp.length === 0 || !addedDown) return { changedAt };
  const upText = appendedText(current.text, up, addedUp, sectionStart(current.text, 'up'));
  const downText = addedDown.length > 0 ? appendedText(current.text, current.downStatements, addedDown, sectionStart(current.text, 'down')) : undefined;
  return { changedAt, appended: { up: upText, down: downText } };
}

/** Where a dbmate section starts (after its marker line); the start of the file without one. */
function sectionStart(text: string, section: 'up' | 'down'): number {
  const marker = new RegExp(`^--\\s*migrate:${section}\\b[^\\n]*\\n?`, 'm').exec(text);
  return marker ? marker.index + marker[0].length : 0;
}
