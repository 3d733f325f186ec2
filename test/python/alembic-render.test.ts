/**
 * The SQL Schemaguard maps op.* calls to, compared statement for statement (modulo whitespace)
 * with what real Alembic renders for the fixture projects in offline mode
 * (`alembic upgrade head --sql`, `alembic downgrade head:base --sql`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/core/fix/edits';
import { parseScript } from '../../server/src/core/source/document';
import { readRevision } from '../../server/src/core/source/python/revision';
import { virtualScript } from '../../server/src/core/source/python/virtual-sql';
import { SKIP_ALEMBIC, alembicPython, runPython } from '../snippets/alembic';
import { ALEMBIC_CORPUS, FIXTURES, FIXTURE_PROJECTS, FIXTURE_REVISIONS } from './files';

const BOOKKEEPING = /^(CREATE TABLE alembic_version|INSERT INTO alembic_version|UPDATE alembic_version|DELETE FROM alembic_version|DROP TABLE alembic_version)/;

function normalise(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

/** A table's indexes come out of a Python set in Alembic: compare each run of CREATE INDEX in sorted order. */
function sortIndexRuns(statements: string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    out.push(...run.sort());
    run = [];
  };
  for (const statement of statements) {
    if (/^CREATE (UNIQUE )?INDEX (?!CONCURRENTLY)/.test(statement)) run.push(statement);
    else {
      flush();
      out.push(statement);
    }
  }
  flush();
  return out;
}

/** Alembic's offline output, split per revision: `-- Running upgrade a -> b` starts b's statements. */
function alembicStatements(project: string, args: string[], direction: 'upgrade' | 'downgrade'): Map<string, string[]> {
  const result = runPython(alembicPython(), ['-m', 'alembic', '-c', join(FIXTURES, project, 'alembic.ini'), ...args]);
  if (result.status !== 0) throw new Error(result.stderr);
  const output = result.stdout;
  const parsed = parseScript(output);
  const markers = [...output.matchAll(/^-- Running (upgrade|downgrade) (\S*) -> (\S*)$/gm)].map((match) => ({
    offset: match.index,
    revision: direction === 'upgrade' ? match[3] : match[2],
  }));
  const byRevision = new Map<string, string[]>();
  const statements = parsed.statements.slice(1, -1); // the outer BEGIN and COMMIT
  for (const statement of statements) {
    const marker = markers.filter((entry) => entry.offset < statement.start).pop();
    if (!marker || BOOKKEEPING.test(statement.text)) continue;
    const list = byRevision.get(marker.revision) ?? [];
    list.push(normalise(statement.text));
    byRevision.set(marker.revision, list);
  }
  return byRevision;
}

function ourStatements(path: string, direction: 'upgrade' | 'downgrade'): { statements: string[]; calls: number; unmapped: number } {
  const revision = readRevision(readFileSync(path, 'utf8'));
  const fn = revision[direction]!;
  const virtual = virtualScript(fn);
  return {
    statements: virtual.script.statements.map((statement) => normalise(statement.text)),
    calls: fn.calls.length,
    unmapped: virtual.unmapped.length,
  };
}

describe.skipIf(SKIP_ALEMBIC)('op.* calls render as Alembic renders them', () => {
  let compared = 0;
  let calls = 0;
  for (const project of FIXTURE_PROJECTS) {
    for (const direction of ['upgrade', 'downgrade'] as const) {
      it(`${project}: alembic ${direction} --sql, statement for statement`, () => {
        const args = direction === 'upgrade' ? ['upgrade', 'head', '--sql'] : ['downgrade', 'head:base', '--sql'];
        const expected = alembicStatements(project, args, direction);
        const revisions = FIXTURE_REVISIONS.filter((path) => path.startsWith(join(FIXTURES, project) + '/'));
        for (const path of revisions) {
          const id = readRevision(readFileSync(path, 'utf8')).revision!.value;
          const ours = ourStatements(path, direction);
          expect(ours.unmapped, `${path} ${direction}: calls left unmapped`).toBe(0);
          expect(sortIndexRuns(ours.statements), `${path} ${direction}`).toEqual(sortIndexRuns(expected.get(id.kind === 'str' ? id.value : '') ?? []));
          compared += ours.statements.length;
          calls += ours.calls;
        }
        expect(compared).toBeGreaterThan(0);
      });
    }
  }
  it('counts', () => {
    console.log(`alembic render: ${calls} op.* calls mapped, ${compared} statements equal to real Alembic's`);
  });
});

describe('ranges map back to Python', () => {
  const source = [
    'import sqlalchemy as sa',
    'from alembic import op',
    'revision = "r"',
    'def upgrade():',
    '    op.create_index("ix_a", "accounts", ["email"], postgresql_concurrently=True)',
    '    op.add_column("accounts", sa.Column("n", sa.Integer(), nullable=False))',
    '    op.execute("UPDATE a SET x = \'a\\tb\'; " \'DELETE FROM b\')',
    '    op.alter_column("accounts", "n", server_default=sa.text("0"))',
    '',
  ].join('\n');
  const fn = readRevision(source).upgrade!;
  const virtual = virtualScript(fn);
  const python = (sql: string, from = 0): string => {
    const start = virtual.text.indexOf(sql, from);
    const span = virtual.toPython(start, start + sql.length)!;
    return source.slice(span.start, span.end);
  };

  it('maps a whole statement to its call, a name to its string argument, a keyword to its keyword argument', () => {
    const [index] = virtual.script.statements;
    expect(python(index.text)).toBe('op.create_index("ix_a", "accounts", ["email"], postgresql_concurrently=True)');
    expect(python('accounts')).toBe('"accounts"');
    expect(python('CONCURRENTLY')).toBe('postgresql_concurrently=True');
    expect(python('NOT NULL')).toBe('nullable=False');
    expect(python('n INTEGER NOT NULL')).toBe('"n", sa.Integer(), nullable=False');
    expect(python('SET DEFAULT 0')).toBe('server_default=sa.text("0")');
  });

  it('keeps exact positions inside op.execute strings, through escapes and implicit concatenation', () => {
    expect(virtual.script.statements.map((statement) => statement.text)).toContain("UPDATE a SET x = 'a\tb'");
    expect(python("'a\tb'")).toBe("'a\\tb'");
    expect(python('\t')).toBe('\\t');
    expect(python('DELETE FROM b')).toBe('DELETE FROM b');
    expect(python("x = 'a\tb'; DELETE")).toBe("x = 'a\\tb'; \" 'DELETE");
  });

  it('maps an edit into an op.execute string only where it lands exactly and needs no escaping', () => {
    const at = virtual.text.indexOf("'a\tb'");
    const edit = (start: number, end: number, newText: string) => {
      const mapped = virtual.toPythonEdit({ start: at + start, end: at + end, newText });
      return mapped && applyEdits(source, [mapped]).split('\n')[6];
    };
    expect(edit(1, 1, 'x')).toBe('    op.execute("UPDATE a SET x = \'xa\\tb\'; " \'DELETE FROM b\')');
    expect(edit(2, 2, 'y')).toBe('    op.execute("UPDATE a SET x = \'ay\\tb\'; " \'DELETE FROM b\')');
    expect(edit(1, 3, 'c')).toBeUndefined(); // replaces the \t escape
    expect(edit(1, 1, '"')).toBeUndefined(); // would close the string
    expect(edit(1, 1, '\\')).toBeUndefined();
    expect(virtual.toPythonEdit({ start: 0, end: 6, newText: 'CREATE' })).toBeUndefined(); // rendered op.* SQL
  });

  it('renders nothing for calls whose arguments are not static, and never throws on a prefix', () => {
    const dynamic = readRevision('from alembic import op\nrevision = "r"\ndef upgrade():\n    op.drop_table(name)\n    op.execute(query % 1)\n').upgrade!;
    expect(virtualScript(dynamic).unmapped.map((call) => call.name)).toEqual(['drop_table', 'execute']);
    for (const path of FIXTURE_REVISIONS) {
      const text = readFileSync(path, 'utf8');
      for (let cut = 0; cut <= text.length; cut += 3) {
        const revision = readRevision(text.slice(0, cut));
        for (const part of [revision.upgrade, revision.downgrade]) if (part) virtualScript(part);
      }
    }
  });
});

describe('corpus', () => {
  it.skipIf(ALEMBIC_CORPUS.length === 0)('renders every corpus revision without throwing', () => {
    let calls = 0;
    let mapped = 0;
    let statements = 0;
    for (const path of ALEMBIC_CORPUS) {
      const revision = readRevision(readFileSync(path, 'utf8'));
      for (const fn of [revision.upgrade, revision.downgrade]) {
        if (!fn) continue;
        const virtual = virtualScript(fn);
        calls += fn.calls.length;
        mapped += fn.calls.length - virtual.unmapped.length;
        statements += virtual.script.statements.length;
      }
    }
    console.log(`corpus: ${calls} op.* calls, ${mapped} rendered to ${statements} SQL statements`);
    expect(mapped).toBeGreaterThan(calls / 2);
  });
});
