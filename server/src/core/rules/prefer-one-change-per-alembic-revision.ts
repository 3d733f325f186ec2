import { changesOf } from '../model/revision-changes';
import type { RevisionRuleContext } from './types';
import { defineRule } from './types';

const REVISION = (body: string) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "7b3c"\ndown_revision = "6a2b"\n\n\ndef upgrade():\n${body}\n\ndef downgrade():\n    raise NotImplementedError()\n`;

export default defineRule({
  id: 'prefer-one-change-per-alembic-revision',
  category: 'correctness',
  severity: 'hint',
  fixable: false,
  summary: 'Make each Alembic revision one logical change: separate revisions for unrelated tables.',
  description:
    'A revision is the unit Alembic applies, records and rolls back. One that changes several unrelated tables (an index on orders, a column on users, a constraint on invoices) ties them together: a failure in one rolls back all, one cannot be reverted without the others, the revision holds the locks of every table it touches for its whole transaction, and a reviewer has to read it as several changes at once. Changes count as one when they touch the same table, when a foreign key links their tables, or when they create new tables (a first schema is one change). Schema changes only: a data migration beside schema changes has a rule of its own (ban-alembic-data-migration-with-schema-changes). A hint: split the revision when the changes are independent.',
  messages: {
    severalChanges:
      'upgrade() makes {{count}} unrelated changes ({{groups}}): they apply, fail and roll back together, and hold all their tables\' locks for one transaction; consider a revision per change.',
  },
  examples: {
    valid: [
      {
        sql: REVISION('    op.add_column("users", sa.Column("team_id", sa.Integer()))\n    op.create_foreign_key("fk_users_team", "users", "teams", ["team_id"], ["id"])\n    op.create_index("ix_users_team_id", "users", ["team_id"])\n'),
        description: 'One change: users gets a team.',
      },
    ],
    invalid: [
      {
        sql: REVISION('    op.add_column("users", sa.Column("nickname", sa.Text()))\n    op.create_index("ix_orders_created_at", "orders", ["created_at"])\n'),
        description: 'A column on users and an index on orders have nothing to do with each other.',
      },
    ],
  },
  check() {
    // a rule about the Python file: see checkRevision
  },
  checkRevision(context: RevisionRuleContext) {
    const upgrade = context.revision.upgrade;
    if (!upgrade) return;
    const changes = changesOf(upgrade, context.schema?.before).filter((change) => change.kind === 'schema' && change.tables.length > 0);
    // union-find over tables: a statement links the tables it names; every new table is one change with the others
    const parent = new Map<string, string>();
    const find = (name: string): string => {
      if (!parent.has(name)) parent.set(name, name);
      let root = name;
      while (parent.get(root) !== root) root = parent.get(root)!;
      parent.set(name, root);
      return root;
    };
    const union = (a: string, b: string): void => void parent.set(find(a), find(b));
    const NEW = '\u0000new tables';
    for (const change of changes) {
      for (const table of change.tables) union(table, change.tables[0]);
      if (change.creates) union(change.creates, NEW);
    }
    const groups = new Map<string, string[]>();
    for (const change of changes) {
      const root = find(change.tables[0]);
      const members = groups.get(root) ?? [];
      for (const table of change.tables) if (!members.includes(table)) members.push(table);
      groups.set(root, members);
    }
    if (groups.size < 2) return;
    const described = [...groups.values()].map((tables) => tables.slice(0, 3).join(', ') + (tables.length > 3 ? ', ...' : ''));
    context.report({ ...upgrade.nameSpan, messageId: 'severalChanges', data: { count: groups.size, groups: described.join('; ') } });
  },
});
