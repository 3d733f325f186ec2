/**
 * The names PostgreSQL gives constraints that the SQL leaves unnamed, so that a fix can name them
 * explicitly (VALIDATE CONSTRAINT and USING INDEX need a name) and still produce the same schema.
 * Mirrors makeObjectName() in PostgreSQL's indexcmds.c for names that fit in NAMEDATALEN - 1 bytes
 * (63); longer names are truncated there, and are not predicted here.
 */
import type { Constraint } from 'libpg-query';
import { namesOf } from './named-objects';
import { columnsReferenced } from './parse-tree';

const MAX_NAME_BYTES = 63;

/** `name1_name2_label`, or undefined when PostgreSQL would have to truncate it. */
export function objectName(name1: string, name2: string | undefined, label: string): string | undefined {
  const name = name2 ? `${name1}_${name2}_${label}` : `${name1}_${label}`;
  return Buffer.byteLength(name, 'utf8') <= MAX_NAME_BYTES ? name : undefined;
}

/**
 * The constraint's name: its own, or the one PostgreSQL chooses for table `relname` when the table
 * has no constraint of that name yet (otherwise PostgreSQL appends a number, which a fix cannot know).
 */
export function constraintName(relname: string, constraint: Constraint): string | undefined {
  if (constraint.conname) return constraint.conname;
  switch (constraint.contype) {
    case 'CONSTR_CHECK': {
      const columns = columnsReferenced(constraint.raw_expr);
      return objectName(relname, columns.length === 1 ? columns[0] : undefined, 'check');
    }
    case 'CONSTR_FOREIGN':
      return objectName(relname, namesOf(constraint.fk_attrs).join('_') || undefined, 'fkey');
    case 'CONSTR_UNIQUE': // the index's columns, INCLUDE columns too
      return objectName(relname, [...namesOf(constraint.keys), ...namesOf(constraint.including)].join('_') || undefined, 'key');
    case 'CONSTR_PRIMARY':
      return objectName(relname, undefined, 'pkey');
    case 'CONSTR_EXCLUSION': {
      // exclusions: [[IndexElem, operator], ...]; an expression element is named "expr"
      const columns = (constraint.exclusions ?? []).map((pair) => {
        const element = (pair as { List?: { items?: Array<{ IndexElem?: { name?: string } }> } }).List?.items?.[0]?.IndexElem;
        return element?.name ?? 'expr';
      });
      return objectName(relname, columns.join('_') || undefined, 'excl');
    }
    default:
      return undefined;
  }
}

/** The temporary CHECK (column IS NOT NULL) that lets SET NOT NULL skip its scan (PostgreSQL 12+). */
export function notNullCheckName(relname: string, column: string): string | undefined {
  return objectName(relname, column, 'not_null_check');
}
