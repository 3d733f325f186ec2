/** The Python source layer on small sources: identifiers, bodies, op.* calls and their values. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTableElement, readType, sqlTextOf } from '../../server/src/core/source/python/sqlalchemy';
import type { OpCall } from '../../server/src/core/source/python/revision';
import { isRevision, readRevision, revisionIds } from '../../server/src/core/source/python/revision';
import { stringValue } from '../../server/src/core/source/python/strings';
import { parsePython } from '../../server/src/core/source/python/syntax';
import { ALEMBIC_CORPUS, FIXTURE_REVISIONS } from './files';

const HEADER = 'import sqlalchemy as sa\nfrom alembic import op\nrevision = "r1"\ndown_revision = None\n';

function calls(body: string, header = HEADER): { text: string; calls: OpCall[] } {
  const text = `${header}def upgrade():\n${body}\ndef downgrade():\n    pass\n`;
  return { text, calls: readRevision(text).upgrade!.calls };
}

function at(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

describe('revision identifiers', () => {
  it('reads revision, down_revision as str, tuple and None, branch_labels and depends_on', () => {
    const read = (line: string) => revisionIds(readRevision(`revision = 'a'\n${line}\ndef upgrade():\n    pass\n`).downRevision);
    expect(read('down_revision = "b"')).toEqual(['b']);
    expect(read("down_revision = ('b', 'c')")).toEqual(['b', 'c']);
    expect(read('down_revision = None')).toEqual([]);
    expect(read('down_revision: Union[str, None] = "b"')).toEqual(['b']);
    expect(read('down_revision = compute()')).toBeUndefined();
    const revision = readRevision('revision = "a"\nbranch_labels = ("x",)\ndepends_on = "d"\ndef upgrade():\n    pass\n');
    expect(revision.branchLabels?.value).toMatchObject({ kind: 'tuple', items: [{ kind: 'str', value: 'x' }] });
    expect(revisionIds(revision.dependsOn)).toEqual(['d']);
  });

  it('recognises a revision file by revision = and def upgrade', () => {
    expect(isRevision(readRevision('revision = "a"\ndef upgrade():\n    pass\n'))).toBe(true);
    expect(isRevision(readRevision('def upgrade():\n    pass\n'))).toBe(false);
    expect(isRevision(readRevision('revision = "a"\n'))).toBe(false);
  });

  it('tells a downgrade that is missing, only pass, or real', () => {
    expect(readRevision('revision = "a"\ndef upgrade():\n    pass\n').downgrade).toBeUndefined();
    expect(readRevision('revision = "a"\ndef upgrade():\n    pass\ndef downgrade():\n    """Nothing."""\n    pass  # no way back\n').downgrade?.onlyPass).toBe(true);
    expect(readRevision('revision = "a"\ndef upgrade():\n    pass\ndef downgrade():\n    op.drop_table("t")\n').downgrade?.onlyPass).toBe(false);
  });
});

describe('op.* calls', () => {
  it('extracts positional and keyword arguments with exact ranges', () => {
    const { text, calls: [call] } = calls('    op.create_index("ix", "t", ["a", "b"], unique=True, postgresql_where=sa.text("a > 0"))\n');
    expect(call.name).toBe('create_index');
    expect(at(text, call)).toBe('op.create_index("ix", "t", ["a", "b"], unique=True, postgresql_where=sa.text("a > 0"))');
    expect(at(text, call.callee)).toBe('op.create_index');
    expect(call.args.map((arg) => at(text, arg))).toEqual(['"ix"', '"t"', '["a", "b"]']);
    expect(call.kwargs.map((entry) => [entry.name, at(text, entry), at(text, entry.value)])).toEqual([
      ['unique', 'unique=True', 'True'],
      ['postgresql_where', 'postgresql_where=sa.text("a > 0")', 'sa.text("a > 0")'],
    ]);
    expect(sqlTextOf(call.kwargs[1].value)?.value).toBe('a > 0');
  });

  it('resolves module-level constants, but not names a function rebinds or that are assigned twice', () => {
    const header = `${HEADER}TABLE = "users"\nTWICE = "a"\nTWICE = "b"\n`;
    const { text, calls: found } = calls('    op.drop_table(TABLE)\n    op.drop_table(TWICE)\n    TABLE = "x"\n', header);
    expect(found[0].args[0]).toMatchObject({ kind: 'unknown' });
    expect(found[1].args[0]).toMatchObject({ kind: 'ref', name: 'TWICE' });
    const plain = calls('    op.drop_table(TABLE)\n', header);
    expect(plain.calls[0].args[0]).toMatchObject({ kind: 'str', value: 'users' });
    expect(at(plain.text, plain.calls[0].args[0])).toBe('TABLE');
    expect(text).toContain('TABLE');
  });

  it('understands batch_alter_table and autocommit_block, and marks conditional calls', () => {
    const body = [
      '    with op.batch_alter_table("t", schema="s") as batch:',
      '        batch.add_column(sa.Column("c", sa.Integer()))',
      '    with op.get_context().autocommit_block():',
      '        op.create_index("ix", "t", ["c"], postgresql_concurrently=True)',
      '    if flag:',
      '        op.drop_column("t", "d")',
      '',
    ].join('\n');
    const { text, calls: [add, index, drop] } = calls(body);
    expect(add.batch?.alias).toBe('batch');
    expect(add.batch?.args[0]).toMatchObject({ kind: 'str', value: 't' });
    expect(at(text, index.autocommit!.header)).toBe('with op.get_context().autocommit_block():');
    expect([add.conditional, index.conditional, drop.conditional]).toEqual([false, false, true]);
  });

  it('follows a dialect test as PostgreSQL would: a branch it rules out is skipped, the one it selects is not conditional', () => {
    const body = [
      '    bind = op.get_bind()',
      '    if bind.engine.name == "mysql":',
      '        op.drop_table("mysql_only")',
      '    if op.get_context().dialect.name != "sqlite":',
      '        op.drop_table("not_sqlite")',
      '    if bind.dialect.name == "postgresql":',
      '        op.drop_table("postgres")',
      '    else:',
      '        op.drop_table("other")',
      '    if bind.dialect.name in ("mysql", "sqlite"):',
      '        op.drop_table("mysql_or_sqlite")',
      '    elif flag:',
      '        op.drop_table("flag")',
      '    else:',
      '        op.drop_table("fallback")',
      '',
    ].join('\n');
    const upgrade = readRevision(`${HEADER}def upgrade():\n${body}`).upgrade!;
    const tables = (list: OpCall[]) => list.filter((call) => call.name === 'drop_table').map((call) => [call.args[0].kind === 'str' ? call.args[0].value : '?', call.conditional]);
    expect(tables(upgrade.calls)).toEqual([
      ['not_sqlite', false],
      ['postgres', false],
      ['flag', true],
      ['fallback', true],
    ]);
    expect(tables(upgrade.otherDialectCalls).map(([table]) => table)).toEqual(['mysql_only', 'other', 'mysql_or_sqlite']);
    const [column] = calls('    op.add_column("t", sa.Column("id", sa.Integer() if op.get_context().dialect.name == "sqlite" else sa.BigInteger()))\n').calls;
    expect(readTableElement(column.args[1])).toMatchObject({ type: { name: 'BigInteger' } });
  });

  it('skips calls in loops, nested functions and on other receivers', () => {
    const body = '    for t in ["a", "b"]:\n        op.drop_table(t)\n    def helper():\n        op.drop_table("x")\n    conn.execute("SELECT 1")\n    op.drop_table("y")\n';
    expect(calls(body).calls.map((call) => call.args[0])).toMatchObject([{ kind: 'str', value: 'y' }]);
  });

  it('marks *args and **kwargs as spread', () => {
    expect(calls('    op.create_table("t", *columns)\n').calls[0].spread).toBe(true);
    expect(calls('    op.create_table("t", **kw)\n').calls[0].spread).toBe(true);
  });

  it('canonicalises names through the imports', () => {
    const header = 'from sqlalchemy import Column as C, Integer\nfrom sqlalchemy.dialects import postgresql as pg\nfrom alembic import op\nrevision = "a"\n';
    const [call] = calls('    op.add_column("t", C("c", Integer, server_default="1"))\n    op.add_column("t", C("j", pg.JSONB()))\n', header).calls;
    expect(call.args[1]).toMatchObject({ kind: 'call', callee: 'sqlalchemy.Column' });
  });
});

describe('SQLAlchemy constructs', () => {
  const element = (source: string) => {
    const { calls: [call] } = calls(`    op.f(${source})\n`);
    return readTableElement(call.args[0]);
  };

  it('reads sa.Column with its type, ForeignKey and keyword flags', () => {
    const column = element('sa.Column("org_id", sa.Integer(), sa.ForeignKey("orgs.id", ondelete="CASCADE"), nullable=False, index=True, unique=True, server_default="0", primary_key=True)');
    expect(column).toMatchObject({
      kind: 'column',
      name: { value: 'org_id' },
      type: { name: 'Integer', postgresql: false },
      foreignKeys: [{ target: { value: 'orgs.id' }, kwargs: [{ name: 'ondelete' }] }],
    });
    expect(column?.kind === 'column' && column.kwargs.map((entry) => entry.name)).toEqual(['nullable', 'index', 'unique', 'server_default', 'primary_key']);
  });

  it('reads types with arguments, dialect types, enums and arrays', () => {
    const type = (source: string) => readType(calls(`    op.f(${source})\n`, `${HEADER}from sqlalchemy.dialects import postgresql\n`).calls[0].args[0]);
    expect(type('sa.String(50)')).toMatchObject({ name: 'String', args: [{ kind: 'number', value: 50 }] });
    expect(type('postgresql.UUID(as_uuid=True)')).toMatchObject({ name: 'UUID', postgresql: true, kwargs: [{ name: 'as_uuid' }] });
    expect(type('sa.DateTime(timezone=True)')).toMatchObject({ name: 'DateTime', kwargs: [{ name: 'timezone', value: { value: true } }] });
    expect(type('postgresql.JSONB')).toMatchObject({ name: 'JSONB', postgresql: true, args: [] });
    expect(type('sa.Enum("a", "b", name="e")')).toMatchObject({ name: 'Enum', args: [{ value: 'a' }, { value: 'b' }] });
    expect(type('sa.ARRAY(sa.Integer())')).toMatchObject({ name: 'ARRAY', item: { name: 'Integer' } });
    expect(type('myapp.types.Money()')).toBeUndefined();
  });

  it('reads table constraints and sa.Index', () => {
    expect(element('sa.UniqueConstraint("a", "b", name="uq")')).toMatchObject({ kind: 'unique', columns: [{ value: 'a' }, { value: 'b' }], name: { value: 'uq' } });
    expect(element('sa.PrimaryKeyConstraint("id")')).toMatchObject({ kind: 'primary-key', columns: [{ value: 'id' }] });
    expect(element('sa.CheckConstraint("n > 0", name="ck")')).toMatchObject({ kind: 'check', condition: { value: 'n > 0' } });
    expect(element('sa.ForeignKeyConstraint(["a"], ["t.id"])')).toMatchObject({ kind: 'foreign-key', columns: [{ value: 'a' }], references: [{ value: 't.id' }] });
    expect(element('sa.Index("ix", "a", sa.text("lower(b)"), unique=True)')).toMatchObject({ kind: 'index', name: { value: 'ix' }, expressions: [{ kind: 'str' }, { kind: 'call' }] });
    expect(element('sa.Column(name_of_column(), sa.Integer())')).toBeUndefined();
  });
});

describe('string literals', () => {
  const decode = (literal: string) => {
    const node = parsePython(`x = ${literal}\n`).topNode.firstChild!.lastChild!;
    const value = stringValue(`x = ${literal}\n`, node);
    return value && { value: value.value, from: value.from.map((offset) => offset - 4), to: value.to.map((offset) => offset - 4) };
  };

  it('maps every character of the value to its source, through escapes and continuations', () => {
    expect(decode(String.raw`'a\nb'`)).toEqual({ value: 'a\nb', from: [1, 2, 4], to: [2, 4, 5] });
    expect(decode("'a\\\nb'")).toEqual({ value: 'ab', from: [1, 4], to: [2, 5] });
    expect(decode(String.raw`"\x41\u00e9\101"`)?.value).toBe('Aé' + 'A');
    expect(decode(`"a" 'b'`)).toEqual({ value: 'ab', from: [1, 5], to: [2, 6] });
    expect(decode(`f"{{x}}"`)).toEqual({ value: '{x}', from: [2, 4, 5], to: [4, 5, 7] });
    expect(decode(String.raw`r'\n'`)?.value).toBe('\\n');
    expect(decode('"""a\r\nb"""')).toEqual({ value: 'a\nb', from: [3, 4, 6], to: [4, 6, 7] });
  });

  it('gives no value for bytes, interpolating f-strings and named escapes', () => {
    expect(decode(`b"x"`)).toBeUndefined();
    expect(decode(`f"{x}"`)).toBeUndefined();
    expect(decode(String.raw`"\N{BULLET}"`)).toBeUndefined();
  });
});

describe('robustness', () => {
  const readAll = (text: string): number => {
    const revision = readRevision(text);
    let count = 0;
    for (const call of [...(revision.upgrade?.calls ?? []), ...(revision.downgrade?.calls ?? [])]) {
      for (const arg of call.args) if (readTableElement(arg) || readType(arg) || sqlTextOf(arg)) count++;
      count++;
    }
    return count;
  };

  it('never throws on any prefix of a fixture (every line end and every 5th character), and keeps the calls that end before the cut', () => {
    for (const path of FIXTURE_REVISIONS) {
      const text = readFileSync(path, 'utf8');
      const full = readRevision(text);
      const all = [...(full.upgrade?.calls ?? []), ...(full.downgrade?.calls ?? [])];
      for (let cut = 0; cut <= text.length; cut++) {
        if (cut % 5 !== 0 && text[cut] !== '\n') continue;
        const prefix = text.slice(0, cut);
        expect(() => readAll(prefix)).not.toThrow();
        if (cut < text.length && text[cut] !== '\n') continue;
        const kept = readRevision(prefix);
        const starts = new Set([...(kept.upgrade?.calls ?? []), ...(kept.downgrade?.calls ?? [])].map((call) => `${call.start}:${call.end}`));
        const expected = all.filter((call) => call.end <= cut).map((call) => `${call.start}:${call.end}`);
        expect(expected.filter((span) => !starts.has(span)), `${path} cut at ${cut}`).toEqual([]);
      }
    }
  });

  it('never throws on the corpus, garbage or binary input', () => {
    for (const path of ALEMBIC_CORPUS) readAll(readFileSync(path, 'utf8'));
    for (const garbage of ['\0\0\x01', 'def upgrade(:\n  op.(', '"""', "revision = 'a\ndef upgrade():\n    op.execute('''", ')'.repeat(500), '('.repeat(2000)]) {
      expect(() => readAll(garbage)).not.toThrow();
    }
  });
});
