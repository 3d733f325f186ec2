/**
 * A half-typed statement must not hide the complete statements after it: the statement that
 * does not parse is cut where a line starts a new statement (source/document.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../server/src/core/config';
import type { Finding } from '../../server/src/core/lint';
import { parseScript } from '../../server/src/core/source/document';
import { parseStatementText } from '../../server/src/core/source/parser';
import { splitSql } from '../../server/src/core/source/splitter';
import { lint } from '../harness/lint';

function shape(sql: string): string[] {
  return parseScript(sql).statements.map((statement) => `${statement.kind ?? 'error'}: ${statement.text}`);
}

describe('statement boundaries recovered while typing', () => {
  it('a statement keyword at the start of a line ends a statement that does not parse; the error stays on it', () => {
    const sql = 'ALTER TABLE t ADD COLUMN\nCREATE INDEX j ON t (d);\n';
    expect(shape(sql)).toEqual(['error: ALTER TABLE t ADD COLUMN', 'IndexStmt: CREATE INDEX j ON t (d)']);
    const { findings } = lint(sql);
    expect(findings.map((finding) => [finding.ruleId, sql.slice(finding.start, finding.end)])).toEqual([
      ['syntax-error', 'COLUMN'],
      ['require-concurrent-index', 'CREATE INDEX j ON t'],
    ]);
    expect(parseScript(sql).statements[1].semicolon).toBe(sql.indexOf(';'));
  });

  it('after a parenthesis that never closes, and after a complete statement that lacks its semicolon', () => {
    expect(shape('CREATE TABLE t (a int\nCREATE INDEX j ON t (d);')).toEqual(['error: CREATE TABLE t (a int', 'IndexStmt: CREATE INDEX j ON t (d)']);
    expect(shape('SELECT 1\nSELECT 2\n-- note\nDROP TABLE t;')).toEqual(['SelectStmt: SELECT 1', 'SelectStmt: SELECT 2', 'DropStmt: DROP TABLE t']);
  });

  it('never splits a statement that parses', () => {
    expect(shape('UPDATE t\nSET a = 1\nWHERE b;\nCREATE VIEW v AS\nSELECT 1;\nCREATE SCHEMA s\nCREATE TABLE s.t (a int);')).toEqual([
      'UpdateStmt: UPDATE t\nSET a = 1\nWHERE b',
      'ViewStmt: CREATE VIEW v AS\nSELECT 1',
      'CreateSchemaStmt: CREATE SCHEMA s\nCREATE TABLE s.t (a int)',
    ]);
  });

  it('keeps a part that does not parse on its own in the broken statement before it', () => {
    expect(shape('ALTER TABLE t\nDROP COLUMN c,\nDROP COLUMN;')).toEqual(['error: ALTER TABLE t\nDROP COLUMN c,\nDROP COLUMN']);
    expect(shape('ALTER TABLE t ADD COLUMN\nDROP COLUMN c\nCREATE INDEX j ON t (d);')).toEqual([
      'error: ALTER TABLE t ADD COLUMN\nDROP COLUMN c',
      'IndexStmt: CREATE INDEX j ON t (d)',
    ]);
  });

  it('does not split inside parentheses that close, strings, dollar quotes, comments, BEGIN ATOMIC bodies or indented lines', () => {
    const cases = [
      'CREATE TABLE t (\ncomment text,\nCREATE int\n) x;',
      "SELECT 'a\nCREATE INDEX j ON t (d)' x y;",
      'DO $$\nCREATE INDEX j ON t (d);\n$$ x;',
      'SELECT 1 /*\nCREATE INDEX j ON t (d) */ x y;',
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\nSELECT 1;\nCREATE x;\nEND;',
      'ALTER TABLE t ADD COLUMN\n  CREATE INDEX j ON t (d);',
    ];
    for (const sql of cases) expect(shape(sql), sql).toHaveLength(1);
  });
});

// ---- every prefix of the example migrations -------------------------------------------------

interface Example {
  path: string;
  text: string;
  settings: Partial<Settings>;
}

/** The runner's transaction mode per examples/ folder, as examples/README.md gives it. */
const MODES: Record<string, Settings['transaction']> = { 'golang-migrate': 'single-command', safe: 'single-command', flyway: 'per-file' };

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sqlFiles(join(dir, entry.name)) : entry.name.endsWith('.sql') ? [join(dir, entry.name)] : [],
  );
}

const EXAMPLES: Example[] = [...sqlFiles('examples'), ...sqlFiles('test/fixtures')].sort().map((path) => ({
  path,
  text: readFileSync(path, 'utf8'),
  settings: { transaction: MODES[basename(join(path, '..'))] ?? 'explicit' },
}));

/** A statement that parses, is inert for every rule, and stands in for the one being typed. */
const PLACEHOLDER = 'SELECT 1;';

interface Cut {
  example: Example;
  /** the statement being typed: its first character and the offset after its `;` */
  start: number;
  after: number;
  /** what has been typed of it so far ends here */
  at: number;
}

function cutsOf(example: Example): Array<Omit<Cut, 'at'> & { end: number }> {
  return parseScript(example.text)
    .statements.filter((statement) => statement.semicolon !== undefined && !statement.error)
    .map((statement) => ({ example, start: statement.start, end: statement.end, after: statement.semicolon! + 1 }));
}

type Seen = Pick<Finding, 'ruleId' | 'messageId' | 'start' | 'end'>;

/** Findings that start outside [from, to), with offsets from `to` on moved to start at `moveTo`. */
function outside(findings: Finding[], from: number, to: number, moveTo: number): Seen[] {
  const map = (offset: number) => (offset >= to ? offset - to + moveTo : offset);
  return findings
    .filter((finding) => finding.start < from || finding.start >= to)
    .map(({ ruleId, messageId, start, end }) => ({ ruleId, messageId, start: map(start), end: map(end) }));
}

/**
 * The statement at the cut is half-typed (no `;` yet) and the rest of the file follows. The
 * findings of every other statement must be those of the complete file, or, where the complete
 * statement gave the others context (a table it creates, a transaction it opens, a pg_dump
 * preamble), those of the file in which an inert placeholder stands for it.
 *
 * Not checked: a prefix that is a complete statement of its own, and a prefix that ends inside a
 * string, quoted identifier, dollar quote or block comment. A quote that a later line closes makes
 * everything up to it one literal for PostgreSQL too, and editors type quotes in closed pairs.
 * Returns whether the cut was checked.
 */
function checkCut(cut: Cut): boolean {
  const { example, start, after, at } = cut;
  const { text, path, settings } = example;
  const typed = text.slice(start, at);
  if (!/\S/.test(typed) || parseStatementText(typed).ok) return false;
  if (splitSql(typed).segments.some((segment) => segment.unterminated)) return false;
  const findings = (sql: string) => lint(sql, settings, undefined, path).findings;
  const halfTyped = outside(findings(text.slice(0, at) + text.slice(after)), start, at, at);
  const complete = outside(findings(text), start, after, at);
  if (isDeepStrictEqual(halfTyped, complete)) return true;
  const placeholder = outside(findings(text.slice(0, start) + PLACEHOLDER + text.slice(after)), start, start + PLACEHOLDER.length, at);
  expect(halfTyped, `${path}: typing ${JSON.stringify(typed)}`).toEqual(placeholder);
  return true;
}

describe('typing a statement does not change the findings of the statements around it', () => {
  it('for every cut inside every statement of the small examples', () => {
    let checked = 0;
    for (const example of EXAMPLES.filter((candidate) => candidate.text.length <= 700)) {
      for (const statement of cutsOf(example)) {
        for (let at = statement.start + 1; at < statement.end; at++) {
          if (checkCut({ ...statement, at })) checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('for random cuts in all examples and fixtures', () => {
    const statements = EXAMPLES.flatMap(cutsOf);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: statements.length - 1 }).chain((index) =>
          fc.record({ index: fc.constant(index), at: fc.integer({ min: statements[index].start + 1, max: statements[index].end - 1 }) }),
        ),
        ({ index, at }) => {
          checkCut({ ...statements[index], at });
        },
      ),
      { numRuns: 400 },
    );
  });
});
