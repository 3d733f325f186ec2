import { describe, expect, it } from 'vitest';
import { parseScript } from '../../server/src/core/source/document';
import { parserCallCount, substitutePsqlVariables } from '../../server/src/core/source/parser';
import { lint } from '../harness/lint';

describe('parseScript', () => {
  it('gives each statement its kind, typed node and document range', () => {
    const sql = 'CREATE TABLE t (c int);\n  CREATE INDEX i ON t (c) ;\n';
    const [create, index] = parseScript(sql).statements;
    expect(create.kind).toBe('CreateStmt');
    expect(index.kind).toBe('IndexStmt');
    expect(sql.slice(index.start, index.end)).toBe('CREATE INDEX i ON t (c)');
    expect(index.semicolon).toBe(sql.lastIndexOf(';'));
  });

  it('converts parse-tree byte locations to document offsets past multi-byte text', () => {
    const sql = "SELECT '😀é';\nCREATE INDEX i ON tä (c);";
    const index = parseScript(sql).statements[1];
    if (!index.is('IndexStmt')) throw new Error('expected an IndexStmt');
    const offset = index.offsetOf(index.node.relation?.location);
    expect(sql.slice(offset, offset + 2)).toBe('tä');
    expect(index.tokens().map((t) => t.text)).toEqual(['CREATE', 'INDEX', 'i', 'ON', 'tä', '(', 'c', ')']);
  });

  it('places a syntax error at the position PostgreSQL names, in UTF-16 units', () => {
    const sql = "SELECT '😀' FROM t WHER x = 1;";
    const [statement] = parseScript(sql).statements;
    expect(statement.kind).toBeUndefined();
    expect(statement.error?.message).toBe('syntax error at or near "x"');
    expect(sql.slice(statement.error!.offset)).toBe('x = 1;');
  });

  it('parses psql :variables through same-length placeholders', () => {
    expect(substitutePsqlVariables("SELECT :a, :'b', :\"c\", x::int, arr[1:2]")).toBe(`SELECT _a, 'xx', "xx", x::int, arr[1:2]`);
    const [statement] = parseScript("ALTER TABLE :schema.t OWNER TO :\"role\";").statements;
    expect(statement.kind).toBe('AlterTableStmt');
  });

  it('re-parses only statements whose text changed', () => {
    const before = 'SELECT 101;\nSELECT 102;\nSELECT 103;\n';
    parseScript(before);
    const calls = parserCallCount();
    parseScript(before.replace('102', '202'));
    expect(parserCallCount() - calls).toBe(1);
  });
});

describe('syntax errors in the lint result', () => {
  it('underline the offending token and leave the rest analysed', () => {
    const sql = 'SELEC 1;\nCREATE INDEX i ON t (c);';
    const findings = lint(sql).findings;
    expect(findings.map((f) => [f.ruleId, sql.slice(f.start, f.end)])).toEqual([
      ['syntax-error', 'SELEC'],
      ['require-concurrent-index', 'CREATE INDEX i ON t'],
    ]);
  });

  it('underline the last word of a half-typed statement', () => {
    const sql = 'CREATE INDEX i ON';
    const [finding] = lint(sql).findings;
    expect(finding.ruleId).toBe('syntax-error');
    expect(sql.slice(finding.start, finding.end)).toBe('ON');
  });

  it('say when a literal never closes', () => {
    const sql = "SELECT 'abc;\nSELECT 2;";
    const [finding] = lint(sql).findings;
    expect(finding.messageId).toBe('unterminated');
    expect(finding.message).toContain('quoted string');
    expect(finding.range.start.line).toBe(0);
  });
});
