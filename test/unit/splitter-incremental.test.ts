/**
 * splitSql with the split of an earlier version reuses what the edit did not touch: the result
 * must be exactly what a split from scratch gives, after any edit, on real files and on text built
 * to hit the splitter's hard cases (literals that never close, dollar quotes, COPY data, psql
 * meta-commands, statements cut where a keyword starts a line).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../server/src/core/source/document';
import { splitSql } from '../../server/src/core/source/splitter';

const CORPUS = resolve(__dirname, '../../../shared/corpus');
const MIGRATION = readFileSync('test/fixtures/bench/migration.sql', 'utf8');
const HARD = [
  "CREATE TABLE t (a int, b text DEFAULT 'x;y');\n",
  'COPY t (a) FROM stdin;\n1\n2\n\\.\n',
  '\\set ON_ERROR_STOP on\n',
  "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\n",
  'CREATE PROCEDURE p() BEGIN ATOMIC SELECT 1; SELECT 2; END;\n',
  'ALTER TABLE t ADD COLUMN\nCREATE INDEX i ON t (a);\n',
  '  SELECT 1; SELECT 2;\n',
  '/* a; /* b; */ c; */ SELECT 3;\n',
  "SELECT E'\\';x';\n",
  'CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);\n',
];
const FRAGMENTS = ["'", '"', '$$', '$a$', '--', '/*', '*/', ';', '\n', '\r\n', '\\', 'COPY t FROM stdin;', '\\.', ' ', '(', ')', 'BEGIN', 'END', 'E', 'CREATE ', 'x'];

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sqlFiles(join(dir, entry.name)) : entry.name.endsWith('.sql') ? [join(dir, entry.name)] : [],
  );
}

const edit = fc.record({
  at: fc.nat(),
  remove: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 200 })),
  insert: fc.oneof(fc.constantFrom(...FRAGMENTS, ...HARD, ''), fc.record({ from: fc.nat(), length: fc.nat({ max: 300 }) })),
});

function applyEdit(text: string, { at, remove, insert }: { at: number; remove: number; insert: string | { from: number; length: number } }): string {
  const start = at % (text.length + 1);
  const inserted = typeof insert === 'string' ? insert : text.substr(insert.from % Math.max(1, text.length), insert.length);
  return text.slice(0, start) + inserted + text.slice(start + remove);
}

function checkSequence(start: string, edits: Array<Parameters<typeof applyEdit>[1]>): void {
  let text = start;
  let result = splitSql(text);
  for (const change of edits) {
    const next = applyEdit(text, change);
    const incremental = splitSql(next, { text, result });
    expect(incremental).toEqual(splitSql(next));
    text = next;
    result = incremental;
  }
}

describe('incremental splitSql', () => {
  it('equals a split from scratch after every edit of random edit sequences', () => {
    const start = HARD.join('') + MIGRATION;
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 20 }), (edits) => checkSequence(start, edits)), { numRuns: 400 });
  });

  it.skipIf(!existsSync(CORPUS))('equals a split from scratch after random edits of every corpus file', () => {
    const files = sqlFiles(CORPUS);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => checkSequence(text, edits)), { numRuns: text.length > 100_000 ? 6 : 20 });
    }
  }, 240_000);

  it('gives parseScript the same statements as a parse from scratch', () => {
    const start = HARD.join('') + MIGRATION;
    const view = (script: ReturnType<typeof parseScript>) => ({
      statements: script.statements.map((statement) => [statement.index, statement.kind, statement.start, statement.end, statement.text, statement.error]),
      comments: script.comments,
      skipped: script.skipped,
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 10 }), (edits) => {
        let text = start;
        let script = parseScript(text);
        for (const change of edits) {
          const next = applyEdit(text, change);
          const incremental = parseScript(next, script);
          expect(view(incremental)).toEqual(view(parseScript(next)));
          text = next;
          script = incremental;
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reuses the segments before and after a one-character edit in the middle of a file', () => {
    const text = HARD.join('') + MIGRATION + HARD.join('');
    const result = splitSql(text);
    const middle = result.segments[Math.floor(result.segments.length / 2)];
    const edited = `${text.slice(0, middle.start + 1)}x${text.slice(middle.start + 1)}`;
    const incremental = splitSql(edited, { text, result });
    expect(incremental).toEqual(splitSql(edited));
    // the untouched first segments are the earlier objects themselves
    expect(incremental.segments[0]).toBe(result.segments[0]);
  });
});
