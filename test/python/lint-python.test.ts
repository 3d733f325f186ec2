/** Alembic revision files through the engine: SQL rules on the mapped statements, findings at Python ranges. */
import { describe, expect, it } from 'vitest';
import { lint, summarize } from '../harness/lint';
import { readFileSync } from 'node:fs';
import { applyEdits } from '../../server/src/core/fix/edits';
import { ALEMBIC_CORPUS } from './files';

const PATH = '/project/migrations/versions/0002_change.py';

function revision(upgrade: string, downgrade = '    pass\n'): string {
  return `import sqlalchemy as sa\nfrom alembic import op\n\nrevision = "0002"\ndown_revision = "0001"\n\n\ndef upgrade():\n${upgrade}\n\ndef downgrade():\n${downgrade}`;
}

function findings(source: string, rule?: string, settings = {}) {
  const result = lint(source, settings, undefined, PATH);
  expect(result.internalErrors).toEqual([]);
  const kept = rule ? result.findings.filter((finding) => finding.ruleId === rule) : result.findings;
  return { kept, summary: summarize(source, kept) };
}

describe('SQL rules on op.* calls', () => {
  it('reports a blocking create_index on the whole call, with the fix in Python rather than SQL', () => {
    const source = revision('    op.create_index("ix_users_email", "users", ["email"])\n');
    const { kept, summary } = findings(source, 'require-concurrent-index');
    expect(summary).toEqual([{ messageId: 'inRunnerTransaction', text: 'op.create_index("ix_users_email", "users", ["email"])' }]);
    expect(kept[0].range.start).toEqual({ line: 8, character: 4 });
    expect(kept[0].fixes.map((fix) => applyEdits(source, fix.edits).split('\n').slice(8, 10))).toEqual([
      ['    with op.get_context().autocommit_block():', '        op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)'],
    ]);
  });

  it('offers Python ignore comments for the call and the file, and honours them', () => {
    const source = revision('    op.create_index("ix_users_email", "users", ["email"])\n    op.create_index("ix_users_name", "users", ["name"])\n');
    const [first] = findings(source, 'require-concurrent-index').kept;
    expect(first.ignoreFixes.map((fix) => fix.title)).toEqual(['Ignore require-concurrent-index for this call', 'Ignore require-concurrent-index in this file']);
    const forCall = applyEdits(source, first.ignoreFixes[0].edits);
    expect(forCall).toContain('    # schemaguard-ignore require-concurrent-index\n    op.create_index("ix_users_email"');
    expect(findings(forCall, 'require-concurrent-index').summary.map((entry) => entry.text)).toEqual(['op.create_index("ix_users_name", "users", ["name"])']);
    expect(findings(applyEdits(source, first.ignoreFixes[1].edits), 'require-concurrent-index').kept).toEqual([]);
    const trailing = revision('    op.drop_table("a")  # schemaguard-ignore ban-drop-table\n    op.drop_table("b")\n');
    expect(findings(trailing, 'ban-drop-table').summary.map((entry) => entry.text)).toEqual(['op.drop_table("b")']);
    const multiLine = revision('    # schemaguard-ignore ban-not-null-column-without-default\n    op.add_column(\n        "users",\n        sa.Column("age", sa.Integer(), nullable=False),\n    )\n');
    expect(findings(multiLine, 'ban-not-null-column-without-default').kept).toEqual([]);
  });

  it('reads the revision as one transaction: CONCURRENTLY needs autocommit_block(), said in Alembic terms on op.* calls', () => {
    const outside = revision('    op.create_index("ix", "users", ["email"], postgresql_concurrently=True)\n    op.execute("CREATE INDEX CONCURRENTLY ix2 ON users (name)")\n');
    expect(findings(outside, 'require-alembic-autocommit-block').summary).toEqual([{ messageId: 'outsideAutocommit', text: 'postgresql_concurrently=True' }]);
    // the SQL rule gives way on the op.* call, and still reads SQL in op.execute
    expect(findings(outside, 'ban-concurrently-in-transaction').summary).toEqual([{ messageId: 'inRunnerTransaction', text: 'CREATE INDEX CONCURRENTLY ix2 ON users' }]);
    expect(findings(outside, 'ban-concurrently-in-transaction', { rules: { 'require-alembic-autocommit-block': 'off' } }).summary).toEqual([
      { messageId: 'inRunnerTransaction', text: 'op.create_index("ix", "users", ["email"], postgresql_concurrently=True)' },
      { messageId: 'inRunnerTransaction', text: 'CREATE INDEX CONCURRENTLY ix2 ON users' },
    ]);
    const inside = revision('    with op.get_context().autocommit_block():\n        op.create_index("ix", "users", ["email"], postgresql_concurrently=True)\n');
    expect(findings(inside).kept.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(findings(inside, 'require-concurrent-index').kept).toEqual([]);
  });

  it('underlines a whole sa.ForeignKey(...) of an added column, up to its closing parenthesis', () => {
    const source = revision('    op.add_column("users", sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=True))\n');
    expect(findings(source, 'require-not-valid-constraint').summary.map((entry) => entry.text)).toEqual(['sa.ForeignKey("teams.id")']);
  });

  it('underlines nullable=False of a NOT NULL add_column without a server_default', () => {
    const source = revision('    op.add_column("users", sa.Column("age", sa.Integer(), nullable=False))\n');
    expect(findings(source, 'ban-alembic-not-null-column-without-default').summary).toEqual([{ messageId: 'notNullWithoutDefault', text: 'nullable=False' }]);
    expect(findings(source, 'ban-not-null-column-without-default').kept).toEqual([]);
    expect(findings(source, 'ban-not-null-column-without-default', { rules: { 'ban-alembic-not-null-column-without-default': 'off' } }).summary).toEqual([
      { messageId: 'notNullWithoutDefault', text: '"age", sa.Integer(), nullable=False' },
    ]);
    const safe = revision('    op.add_column("users", sa.Column("age", sa.Integer(), nullable=False, server_default="0"))\n');
    expect(findings(safe, 'ban-alembic-not-null-column-without-default').kept).toEqual([]);
  });

  it('treats downgrade() as a down migration and tables created earlier in the revision as new', () => {
    expect(findings(revision('    pass\n', '    op.drop_table("users")\n'), 'ban-drop-table').kept).toEqual([]);
    expect(findings(revision('    op.drop_table("users")\n'), 'ban-drop-table').summary).toEqual([{ messageId: 'drop', text: 'op.drop_table("users")' }]);
    const created = revision('    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))\n    op.create_index("ix_t", "t", ["id"])\n');
    expect(findings(created, 'require-concurrent-index').kept).toEqual([]);
  });

  it('reports SQL inside op.execute at its exact place in the string, and keeps a fix that maps into the string', () => {
    const source = revision('    with op.get_context().autocommit_block():\n        op.execute("CREATE INDEX ix_a ON users (a)")\n');
    const { kept, summary } = findings(source, 'require-concurrent-index');
    expect(summary).toEqual([{ messageId: 'blocking', text: 'CREATE INDEX ix_a ON users' }]);
    expect(kept[0].fixes.length).toBeGreaterThan(0);
    expect(applyEdits(source, kept[0].fixes[0].edits)).toContain('op.execute("CREATE INDEX CONCURRENTLY ix_a ON users (a)")');
  });

});

describe('robustness', () => {
  it('reports Python syntax errors once per line and still checks the calls it can read', () => {
    const source = revision('    op.create_index("ix_a", "users", ["a"])\n    op.add_column("users", sa.Column(\n    op.drop_table("old")\n');
    const result = lint(source, {}, undefined, PATH);
    const syntax = result.findings.filter((finding) => finding.ruleId === 'syntax-error');
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax.every((finding) => finding.messageId === 'python')).toBe(true);
    expect(summarize(source, result.findings.filter((finding) => finding.ruleId === 'require-concurrent-index'))).toEqual([
      { messageId: 'inRunnerTransaction', text: 'op.create_index("ix_a", "users", ["a"])' },
    ]);
  });

  it('finds nothing in a Python file that is not a revision, and survives garbage', () => {
    expect(lint('from alembic import context\ncontext.run_migrations()\n', {}, undefined, '/p/env.py').findings).toEqual([]);
    for (const garbage of ['\u0000\u0001\u0002', 'def upgrade(:\n  op.(', 'revision = "a"\ndef upgrade():\n    op.execute("""', '('.repeat(3000)]) {
      expect(() => lint(garbage, {}, undefined, PATH)).not.toThrow();
    }
  });

  it('recognises a revision without a path by its text, and never reads SQL as Python', () => {
    const source = revision('    op.drop_table("users")\n');
    expect(lint(source).findings.some((finding) => finding.ruleId === 'ban-drop-table')).toBe(true);
    expect(lint('DROP TABLE users;').findings.some((finding) => finding.ruleId === 'ban-drop-table')).toBe(true);
  });

  it.skipIf(ALEMBIC_CORPUS.length === 0)('lints every corpus revision without an internal error, every finding inside the file', () => {
    let count = 0;
    for (const path of ALEMBIC_CORPUS) {
      const text = readFileSync(path, 'utf8');
      const result = lint(text, {}, undefined, path);
      expect(result.internalErrors, path).toEqual([]);
      expect(result.findings.filter((finding) => !(finding.start >= 0 && finding.end <= text.length && finding.start < finding.end)), path).toEqual([]);
      count += result.findings.length;
    }
    expect(count).toBeGreaterThan(0);
  });
});
