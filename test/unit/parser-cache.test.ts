/**
 * The parse and scan caches only save work: findings are the same with them and without them,
 * over the real corpus (when ../shared/corpus is there) and over random edit sequences.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { LintResult } from '../../server/src/core/lint';
import { forgetStatementTexts, parserCallCount, setParserCaching } from '../../server/src/core/source/parser';
import { resolveSettings } from '../../server/src/core/config';
import { lintText } from '../../server/src/core/lint';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import { parseScript } from '../../server/src/core/source/document';
import { lint } from '../harness/lint';

const CORPUS = resolve(__dirname, '../../../shared/corpus');
const MIGRATION = readFileSync('test/fixtures/bench/migration.sql', 'utf8');
const PATH = '/tmp/schemaguard-parser-cache/migrations/001_edit.sql';

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sqlFiles(join(dir, entry.name)) : entry.name.endsWith('.sql') ? [join(dir, entry.name)] : [],
  );
}

/** Everything a lint result says, without the parse objects. */
function outcome(result: LintResult): unknown {
  return { findings: result.findings, internalErrors: result.internalErrors, statements: result.script?.statements.map((s) => [s.kind, s.start, s.end, s.error]) };
}

function uncached(sql: string, path?: string): unknown {
  setParserCaching(false);
  try {
    return outcome(lint(sql, { maxFileSize: 64 * 1024 * 1024 }, undefined, path));
  } finally {
    setParserCaching(true);
  }
}

afterEach(() => setParserCaching(true));

describe('parser caches', () => {
  it.skipIf(!existsSync(CORPUS))('give the same findings as no cache on every corpus file, cold and warm', () => {
    const files = sqlFiles(CORPUS).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    expect(files.length).toBeGreaterThan(100);
    const cold = files.map(({ path, text }) => outcome(lint(text, { maxFileSize: 64 * 1024 * 1024 }, undefined, path)));
    files.forEach(({ path, text }, index) => {
      const warm = outcome(lint(text, { maxFileSize: 64 * 1024 * 1024 }, undefined, path));
      expect(warm, path).toEqual(cold[index]);
      expect(uncached(text, path), path).toEqual(cold[index]);
    });
  }, 180_000);

  it('give the same findings as no cache after every edit of a random edit sequence', () => {
    // the CREATE TABLE has a type and a default that design rules report (their ranges are kept per statement text and must move with it)
    const fragments = ['CREATE INDEX i ON orders (a);', '\nCREATE TABLE logs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), seen timestamp);\n', '\n', ' ', '  ', ';', 'ALTER TABLE orders ADD COLUMN', ' NOT NULL', "'", '(', ')', '$$', 'BEGIN;', '--', 'x'];
    // an insertion, or a copy of part of the text (the same statements again, elsewhere and in other company)
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 40 }), insert: fc.oneof(fc.constantFrom(...fragments), fc.record({ from: fc.nat(), length: fc.nat({ max: 400 }) })) });
    const settings = resolveSettings({ maxFileSize: 64 * 1024 * 1024 });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        let text = MIGRATION;
        // as the server lints: each version with the split of the one before (the statements the edit did not reach are taken over) and in a workspace
        const workspace = new SchemaWorkspace();
        workspace.setFile(PATH, text);
        let previous = lintText(text, { settings, path: PATH, schema: workspace.inputFor(PATH) });
        for (const { at, remove, insert } of edits) {
          const start = at % (text.length + 1);
          const inserted = typeof insert === 'string' ? insert : text.substr(insert.from % text.length, insert.length);
          text = text.slice(0, start) + inserted + text.slice(start + remove);
          // cached lints see every earlier version, as the server does
          expect(outcome(lint(text, { maxFileSize: 64 * 1024 * 1024 }))).toEqual(uncached(text));
          workspace.setFile(PATH, text);
          const earlier = previous.script && { text: previous.script.text, split: previous.script.split };
          previous = lintText(text, { settings, path: PATH, schema: workspace.inputFor(PATH), earlier });
          expect(outcome(previous)).toEqual(uncached(text, PATH));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('move the ranges read from a statement once per text when an edit before it moves the statement', () => {
    const table = '\nCREATE TABLE logs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), seen timestamp);\n';
    const reported = (sql: string): string[] =>
      lint(sql, {})
        .findings.filter((finding) => finding.ruleId === 'prefer-timestamptz' || finding.ruleId === 'prefer-uuidv7-key')
        .map((finding) => `${finding.ruleId} ${sql.slice(finding.start, finding.end)}`);
    expect(reported(MIGRATION + table)).toEqual(['prefer-uuidv7-key gen_random_uuid()', 'prefer-timestamptz timestamp']);
    // the same statement text, one character further on (the type and the default were read from its tokens above)
    expect(reported(` ${MIGRATION}${table}`)).toEqual(['prefer-uuidv7-key gen_random_uuid()', 'prefer-timestamptz timestamp']);
    expect(outcome(lint(`-- moved\n${MIGRATION}${table}`, {}))).toEqual(uncached(`-- moved\n${MIGRATION}${table}`));
  });

  it('take over the statements before an edit from the parse of the earlier version, and only those', () => {
    // a document being edited: its parses after the first one have an earlier version (an opened one keeps no statements)
    const opened = parseScript(MIGRATION);
    const typed = `${MIGRATION} `;
    const first = parseScript(typed, { text: opened.text, split: opened.split });
    const last = first.statements[first.statements.length - 1];
    const edited = `${typed.slice(0, last.start)} ${typed.slice(last.start)}`;
    const second = parseScript(edited, { text: first.text, split: first.split });
    expect(first.statements[0]).not.toBe(opened.statements[0]);
    expect(second.statements.length).toBe(first.statements.length);
    expect(second.statements.slice(0, -1).every((statement, index) => statement === first.statements[index])).toBe(true);
    expect(second.statements[second.statements.length - 1]).not.toBe(last);
    // the texts of the statements taken over still count as parsed (the server forgets the others)
    const untouched = [...first.parsedTexts!].filter((text) => !text.includes(last.text));
    expect(untouched.length).toBe(first.parsedTexts!.size - 1);
    expect(untouched.every((text) => second.parsedTexts!.has(text))).toBe(true);
    // without the earlier version, or with the caches off, every statement is made again
    expect(parseScript(edited).statements[0]).not.toBe(first.statements[0]);
    setParserCaching(false);
    expect(parseScript(edited, { text: first.text, split: first.split }).statements[0]).not.toBe(first.statements[0]);
  });

  it('take over the statements of a first parse that was asked to keep them (a large document opened in the editor)', () => {
    const opened = parseScript(MIGRATION, undefined, { keepStatements: true });
    const last = opened.statements[opened.statements.length - 1];
    const edited = `${MIGRATION.slice(0, last.start)} ${MIGRATION.slice(last.start)}`;
    const first = parseScript(edited, { text: opened.text, split: opened.split });
    expect(first.statements.slice(0, -1).every((statement, index) => statement === opened.statements[index])).toBe(true);
    expect(first.statements[first.statements.length - 1]).not.toBe(last);
    // and the analysis of that edit is the one without any cache
    const settings = resolveSettings();
    const workspace = new SchemaWorkspace();
    workspace.setFile(PATH, MIGRATION);
    const before = lintText(MIGRATION, { settings, path: PATH, schema: workspace.inputFor(PATH), keepStatements: true });
    workspace.setFile(PATH, edited);
    const after = lintText(edited, { settings, path: PATH, schema: workspace.inputFor(PATH), earlier: { text: before.script!.text, split: before.script!.split } });
    expect(after.script!.statements[0]).toBe(before.script!.statements[0]);
    expect(outcome(after)).toEqual(uncached(edited, PATH));
  });

  it('forget the texts an edited document no longer has, as the server asks after each analysis', () => {
    const before = lint(MIGRATION, {});
    const texts = before.script!.parsedTexts!;
    expect(texts.size).toBeGreaterThanOrEqual(before.script!.statements.length);
    // warm: nothing is parsed again
    const calls = parserCallCount();
    lint(MIGRATION, {});
    expect(parserCallCount()).toBe(calls);
    // the first statement was typed into: its old text is forgotten, the others stay cached
    const first = [...texts][0];
    const edited = MIGRATION.replace(first, `${first} `);
    const after = lint(edited, {});
    forgetStatementTexts([...texts].filter((text) => !after.script!.parsedTexts!.has(text)));
    const afterEdit = parserCallCount();
    lint(edited, {});
    expect(parserCallCount()).toBe(afterEdit);
    lint(MIGRATION, {}); // back (an undo): the forgotten text is parsed again, the same as before
    expect(parserCallCount()).toBe(afterEdit + 1);
    expect(outcome(lint(MIGRATION, {}))).toEqual(outcome(before));
  });
});
