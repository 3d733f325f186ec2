/**
 * What the file does to constraints, in order: which it adds (and whether NOT VALID), which it
 * validates and which it drops, per table. Rules read it to recognise the safe pattern (NOT VALID,
 * then VALIDATE in a later transaction) and its misuse.
 */
import type { Constraint, RangeVar } from 'libpg-query';
import type { Statement } from '../source/document';
import { addedConstraint, alterTableCommands } from './alter-table';
import { constraintName } from './constraint-names';
import { relationKey } from './names';

export interface ConstraintEvent {
  kind: 'add' | 'validate' | 'drop';
  statement: Statement<'AlterTableStmt'>;
  relation: RangeVar;
  /** The constraint's name (PostgreSQL's default name when the SQL gives none and it can be predicted). */
  name: string | undefined;
  /** For 'add': the constraint as written. */
  constraint?: Constraint;
}

const cache = new WeakMap<readonly Statement[], ConstraintEvent[]>();

/** Every ADD CONSTRAINT, VALIDATE CONSTRAINT and DROP CONSTRAINT of the file, in order. */
export function constraintEvents(statements: readonly Statement[]): ConstraintEvent[] {
  const cached = cache.get(statements);
  if (cached) return cached;
  const events: ConstraintEvent[] = [];
  for (const statement of statements) {
    if (!statement.is('AlterTableStmt')) continue;
    const relation = statement.node.relation;
    if (!relation) continue;
    for (const { cmd: command } of alterTableCommands(statement.node)) {
      const constraint = addedConstraint(command);
      if (constraint) events.push({ kind: 'add', statement, relation, name: constraintName(relation.relname ?? '', constraint), constraint });
      else if (command.subtype === 'AT_ValidateConstraint') events.push({ kind: 'validate', statement, relation, name: command.name });
      else if (command.subtype === 'AT_DropConstraint') events.push({ kind: 'drop', statement, relation, name: command.name });
    }
  }
  cache.set(statements, events);
  return events;
}

/** True when two events are about the same table (by name, as the file model compares tables). */
export function sameTable(a: RangeVar, b: RangeVar): boolean {
  return relationKey(a) === relationKey(b);
}
