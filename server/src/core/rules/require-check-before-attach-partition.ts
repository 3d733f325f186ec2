import type { AlterTableStmt, CreateStmt, PartitionBoundSpec, PartitionElem, RangeVar } from 'libpg-query';
import { indentationAt, insertAt, lineBreakOf, startsLine } from '../fix/edits';
import { altersRelation, altersTable, alterTableCommands, definitionOf } from '../model/alter-table';
import { objectCreatedInFile, relationCreatedInFile } from '../model/introduced-in-file';
import { relationKey, relationName } from '../model/names';
import { codeTokens, parenthesizedItems } from '../model/statement-ranges';
import type { Statement, Token } from '../source/document';
import type { FixSpec, RuleContext } from './types';
import { defineRule } from './types';

/** From PostgreSQL 12, ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the parent instead of ACCESS EXCLUSIVE. */
const WEAKER_PARENT_LOCK_SINCE = 12;

export default defineRule({
  id: 'require-check-before-attach-partition',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Before ATTACH PARTITION, give the table a validated CHECK constraint that matches the partition bound.',
  lock:
    'ATTACH PARTITION takes an ACCESS EXCLUSIVE lock on the table being attached (and on a DEFAULT partition, if the parent has one) and, from PostgreSQL 12, SHARE UPDATE EXCLUSIVE on the partitioned table (ACCESS EXCLUSIVE before 12). Without a matching validated CHECK it holds those locks while it scans every row.',
  description:
    'To attach a table as a partition, PostgreSQL proves that every row fits the partition bound. If a valid CHECK constraint on the table already implies the bound it skips the proof; otherwise it scans the whole table while holding an ACCESS EXCLUSIVE lock on it, so every read and write of that table waits (before PostgreSQL 12 the lock is also ACCESS EXCLUSIVE on the partitioned table, blocking all of it). The online way: add a CHECK constraint that matches the bound as NOT VALID (a short lock), VALIDATE it in a separate transaction (a scan that lets reads and writes through), attach (no scan), and drop the now redundant CHECK. For a range bound the CHECK must include `key IS NOT NULL` unless the key column is declared NOT NULL, or PostgreSQL still scans. Any CHECK constraint this file adds to the table and validates before the attach silences the rule (PostgreSQL itself decides whether it implies the bound, and scans if not). The quick fix writes those steps when the partition key is known from the file (the partitioned table is created in it) and the statements run outside a transaction. A table created earlier in the same file is empty and attached without warning. A DEFAULT partition of the parent is scanned too, unless its own CHECK excludes the new bound; this rule cannot see one that exists already.',
  messages: {
    scan:
      'ATTACH PARTITION scans all of "{{child}}" under an ACCESS EXCLUSIVE lock to prove its rows fit the bound, blocking every read and write of it until the scan ends; first add a CHECK constraint matching the bound (with the key IS NOT NULL) as NOT VALID and VALIDATE it in a separate transaction, then attach and drop the CHECK.',
    scanParentLocked:
      'Before PostgreSQL 12, ATTACH PARTITION holds an ACCESS EXCLUSIVE lock on "{{parent}}" and "{{child}}" while it scans all of "{{child}}" to prove its rows fit the bound, blocking every read and write of the partitioned table; first add a CHECK constraint matching the bound (with the key IS NOT NULL) as NOT VALID and VALIDATE it in a separate transaction, then attach and drop the CHECK.',
    checkNotValidated:
      'The CHECK constraint "{{constraint}}" on "{{child}}" is still NOT VALID, so ATTACH PARTITION ignores it and scans all of "{{child}}" under an ACCESS EXCLUSIVE lock; run ALTER TABLE ... VALIDATE CONSTRAINT {{constraint}} in a separate transaction before attaching.',
  },
  examples: {
    valid: [
      {
        sql: "ALTER TABLE measurements_2023 ADD CONSTRAINT measurements_2023_bound\n  CHECK (taken_at IS NOT NULL AND taken_at >= '2023-01-01' AND taken_at < '2024-01-01') NOT VALID;\nALTER TABLE measurements_2023 VALIDATE CONSTRAINT measurements_2023_bound;\nALTER TABLE measurements ATTACH PARTITION measurements_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');\nALTER TABLE measurements_2023 DROP CONSTRAINT measurements_2023_bound;",
        description: 'The validated CHECK proves the bound: the attach does not scan.',
      },
      {
        sql: "CREATE TABLE measurements_2025 (LIKE measurements INCLUDING DEFAULTS);\nALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
        description: 'The new table is empty: there is nothing to scan.',
      },
    ],
    invalid: [
      {
        sql: "ALTER TABLE measurements ATTACH PARTITION measurements_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');",
        description: 'Every row of measurements_2023 is scanned while it is locked.',
      },
      {
        sql: "CREATE TABLE events (id bigint, created_at timestamptz) PARTITION BY RANGE (created_at);\nALTER TABLE events ATTACH PARTITION events_legacy FOR VALUES FROM (MINVALUE) TO ('2024-06-01');",
        description: 'Turning an existing table into the first partition: the key is known, so the quick fix writes the CHECK steps.',
      },
    ],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('AlterTableStmt')) {
      const node: AlterTableStmt = statement.node;
      const parent = node.relation;
      if (!parent || !altersTable(node)) continue;
      for (const { cmd } of alterTableCommands(node)) {
        const partition = definitionOf(cmd, 'PartitionCmd');
        const child = partition?.name;
        if (cmd.subtype !== 'AT_AttachPartition' || !child) continue;
        if (relationCreatedInFile(context.model, child, statement)) continue;
        // ALTER TABLE on an index this file created: PostgreSQL refuses it, there is no table to scan
        if (objectCreatedInFile(context.model, 'OBJECT_INDEX', [relationKey(parent)], statement)) continue;
        const check = checkOnTable(context, child, statement);
        if (check.validated) continue;

        const end = child.location !== undefined ? statement.nameEnd(statement.offsetOf(child.location)) : statement.end;
        const data = { parent: relationName(parent), child: relationName(child) };
        if (check.notValidated) {
          context.report({ statement, end, messageId: 'checkNotValidated', data: { ...data, constraint: check.notValidated } });
          continue;
        }
        const messageId = context.settings.postgresVersion >= WEAKER_PARENT_LOCK_SINCE ? 'scan' : 'scanParentLocked';
        const fix = child.location !== undefined ? checkFirstFix(context, statement, parent, child, partition.bound) : undefined;
        context.report({ statement, end, messageId, data, fixes: fix ? [fix] : [] });
      }
    }
  },
});

/**
 * The CHECK constraints this file put on a table before `before`: whether one is validated, or
 * the name of one still NOT VALID.
 */
function checkOnTable(context: RuleContext, table: RangeVar, before: Statement): { validated: boolean; notValidated?: string } {
  const pending = new Set<string>();
  let validated = false;
  for (const statement of context.statements.slice(0, before.index)) {
    if (!altersRelation(statement, table)) continue;
    for (const { cmd } of alterTableCommands(statement.node)) {
      if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name && pending.delete(cmd.name)) validated = true;
      const constraint = definitionOf(cmd, 'Constraint');
      if (cmd.subtype !== 'AT_AddConstraint' || constraint?.contype !== 'CONSTR_CHECK') continue;
      if (!constraint.skip_validation) validated = true;
      else if (constraint.conname) pending.add(constraint.conname);
    }
  }
  return { validated, notValidated: pending.values().next().value };
}

/** The single plain key column of a partitioned table created earlier in the file, as written there. */
function partitionKeyColumn(context: RuleContext, parent: RangeVar, before: Statement): { column: string; strategy: string } | undefined {
  const key = relationKey(parent);
  const creation = context.statements
    .slice(0, before.index)
    .filter((statement): statement is Statement<'CreateStmt'> => statement.is('CreateStmt'))
    .filter((statement) => !!statement.node.relation && relationKey(statement.node.relation) === key)
    .pop();
  const spec = (creation?.node as CreateStmt | undefined)?.partspec;
  const elements = (spec?.partParams ?? []).map((param) => (param as { PartitionElem?: PartitionElem }).PartitionElem);
  if (!creation || !spec?.strategy || elements.length !== 1) return undefined;
  const element = elements[0];
  if (!element?.name || element.expr || element.location === undefined) return undefined;
  const token = creation.tokenAt(creation.offsetOf(element.location));
  if (!token) return undefined;
  return { column: token.text, strategy: spec.strategy };
}

/** The source text of the items in the parenthesized list after keyword `word` (FROM, TO, IN). */
function boundItems(context: RuleContext, tokens: readonly Token[], word: string): string[] | undefined {
  const index = tokens.findIndex((token) => token.text.toLowerCase() === word);
  if (index < 0) return undefined;
  const items = parenthesizedItems(tokens, index + 1);
  return items?.map((item) => context.text.slice(item[0].start, item[item.length - 1].end));
}

function isUnbounded(item: string): boolean {
  return /^(minvalue|maxvalue)$/i.test(item);
}

/** The CHECK expression PostgreSQL can match against the partition constraint, for a one-column key. */
function boundCheck(context: RuleContext, statement: Statement, after: number, column: string, strategy: string, bound: PartitionBoundSpec): string | undefined {
  const tokens = codeTokens(statement, after);
  if (strategy === 'PARTITION_STRATEGY_RANGE' && bound.strategy === 'r') {
    const lower = boundItems(context, tokens, 'from');
    const upper = boundItems(context, tokens, 'to');
    if (lower?.length !== 1 || upper?.length !== 1) return undefined;
    const parts = [`${column} IS NOT NULL`];
    if (!isUnbounded(lower[0])) parts.push(`${column} >= ${lower[0]}`);
    if (!isUnbounded(upper[0])) parts.push(`${column} < ${upper[0]}`);
    return parts.join(' AND ');
  }
  if (strategy === 'PARTITION_STRATEGY_LIST' && bound.strategy === 'l') {
    const values = boundItems(context, tokens, 'in');
    if (!values || values.length === 0 || values.some((value) => /^null$/i.test(value))) return undefined;
    return `${column} IS NOT NULL AND ${column} IN (${values.join(', ')})`;
  }
  return undefined;
}

function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * CHECK ... NOT VALID and VALIDATE before the attach, DROP CONSTRAINT after it; only outside a
 * transaction (VALIDATE must commit on its own) and when the key is known from the file.
 */
function checkFirstFix(context: RuleContext, statement: Statement, parent: RangeVar, child: RangeVar, bound: PartitionBoundSpec | undefined): FixSpec | undefined {
  if (!bound || bound.is_default || context.model.transaction(statement).inTransaction || statement.semicolon === undefined) return undefined;
  const key = partitionKeyColumn(context, parent, statement);
  if (!key) return undefined;
  const childStart = statement.offsetOf(child.location);
  const childEnd = statement.nameEnd(childStart);
  const expression = boundCheck(context, statement, childEnd, key.column, key.strategy, bound);
  if (!expression) return undefined;

  const { text } = context;
  const table = text.slice(childStart, childEnd);
  const name = quoteIdentifier(`${child.relname ?? 'partition'}_partition_bound`);
  const newline = lineBreakOf(text);
  const indent = startsLine(text, statement.start) ? indentationAt(text, statement.start) : '';
  const separator = `${newline}${indent}`;
  const before = [`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${expression}) NOT VALID;`, `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`, ''].join(separator);
  const after = `${separator}ALTER TABLE ${table} DROP CONSTRAINT ${name};`;
  return {
    title: 'Add a validated CHECK for the bound first',
    edits: [insertAt(statement.start, before), insertAt(statement.semicolon + 1, after)],
  };
}
