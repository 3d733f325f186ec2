import type { AlterEnumStmt } from 'libpg-query';
import { blockStatements, dbmateWithoutTransaction, isolateFromBlock } from '../fix/transaction-blocks';
import { qualifiedName, stringValueOf } from '../model/names';
import { nameEndOf } from '../model/relations-in-file';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-enum-value-in-transaction',
  category: 'correctness',
  severity: 'error',
  fixable: true,
  summary: 'Commit ALTER TYPE ... ADD VALUE before anything uses the new value (and, before PostgreSQL 12, run it outside any transaction block).',
  description:
    'Before PostgreSQL 12, ALTER TYPE ... ADD VALUE fails inside a transaction block ("cannot run inside a transaction block") unless the type was created in the same transaction. From 12 it may run in one, but the new value cannot be used until the transaction commits: an INSERT, UPDATE, cast or default that names it fails with "unsafe use of new value" (SQLSTATE 55P04); from 17 a type created earlier in the same transaction is exempt. Migrations that add a value and backfill or default to it in one go therefore fail, in the transaction a runner wraps the file in as much as in one opened by BEGIN. Run the ADD VALUE on its own, committed before the statements that use it; the fix ends the transaction around it. Adding a value that nothing in the same transaction uses is not reported from PostgreSQL 12 on.',
  messages: {
    unsupported:
      'ALTER TYPE {{type}} ADD VALUE cannot run inside a transaction block before PostgreSQL 12, so this migration fails on PostgreSQL {{version}}; run it on its own, outside BEGIN/COMMIT.',
    unsupportedInRunner:
      'ALTER TYPE {{type}} ADD VALUE cannot run inside the one transaction the migration runner runs this file in before PostgreSQL 12, so this migration fails on PostgreSQL {{version}}; put it in a migration of its own that runs without a transaction.',
    usedInTransaction:
      "The value '{{value}}' added to {{type}} here is used later in the same transaction, which fails with \"unsafe use of new value\" until the ADD VALUE commits; commit it before the statements that use it.",
    usedInRunnerTransaction:
      "The value '{{value}}' added to {{type}} here is used later in the one transaction the migration runner runs this file in, which fails with \"unsafe use of new value\" until the ADD VALUE commits; use it in a later migration.",
  },
  examples: {
    valid: [
      { sql: "ALTER TYPE order_status ADD VALUE 'refunded';\nUPDATE orders SET status = 'refunded' WHERE id = 42;", description: 'The ADD VALUE commits on its own first.' },
      { sql: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nCOMMIT;", description: 'Nothing uses the value before COMMIT (PostgreSQL 12 and later).' },
    ],
    invalid: [
      {
        sql: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'refunded';\nCOMMIT;",
        description: 'The default names the uncommitted value; the fix commits the ADD VALUE first.',
      },
      { sql: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nCOMMIT;", description: 'PostgreSQL 11 refuses ADD VALUE in a transaction block.', settings: { postgresVersion: 11 } },
    ],
  },
  check(context: RuleContext) {
    const version = context.settings.postgresVersion;
    for (const statement of context.statementsOf('AlterEnumStmt')) {
      const node: AlterEnumStmt = statement.node;
      if (!node.newVal || node.oldVal !== undefined) continue; // RENAME VALUE may run anywhere
      const transaction = context.model.transaction(statement);
      if (!transaction.inTransaction) continue;
      const typeNames = (node.typeName ?? []).map(stringValueOf);
      const createdInBlock = typeCreatedEarlierInBlock(context, statement, typeNames[typeNames.length - 1]);
      const data = { type: qualifiedName(node.typeName), value: node.newVal, version };
      const end = nameEndOf(statement, typeNames) ?? statement.end;
      const runner = transaction.openedBy === 'runner';
      let messageId: string | undefined;
      if (version < 12) messageId = createdInBlock ? undefined : runner ? 'unsupportedInRunner' : 'unsupported';
      else if (!(createdInBlock && version >= 17) && usedLaterInBlock(context, statement, node.newVal)) messageId = runner ? 'usedInRunnerTransaction' : 'usedInTransaction';
      if (!messageId) continue;
      const fix = runner
        ? dbmateWithoutTransaction(context, statement, 'Run this dbmate migration without a transaction')
        : isolateFromBlock(context, statement, 'Commit ALTER TYPE ... ADD VALUE on its own');
      context.report({ statement, end, messageId, data, fixes: fix ? [fix] : [] });
    }
  },
});

function typeCreatedEarlierInBlock(context: RuleContext, statement: Statement, name: string): boolean {
  return blockStatements(context, statement).some(
    (other) => other.index < statement.index && other.is('CreateEnumStmt') && (other.node.typeName ?? []).map(stringValueOf).pop() === name,
  );
}

/** True when a later statement of the same transaction writes the value as a string literal. */
function usedLaterInBlock(context: RuleContext, statement: Statement, value: string): boolean {
  const literal = `'${value.replace(/'/g, "''")}'`;
  return blockStatements(context, statement).some((other) => other.index > statement.index && other.tokens().some((token) => token.tokenName === 'SCONST' && token.text === literal));
}
