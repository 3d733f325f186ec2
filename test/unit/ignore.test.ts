import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/core/fix/edits';
import { lint } from '../harness/lint';

const INDEX = 'CREATE INDEX i ON t (c);';

describe('ignore comments', () => {
  it('ignore the next statement only', () => {
    const sql = `-- schemaguard-ignore require-concurrent-index\n${INDEX}\n${INDEX}`;
    const findings = lint(sql).findings;
    expect(findings.map((f) => [f.ruleId, f.range.start.line])).toEqual([['require-concurrent-index', 2]]);
  });

  it('accept several ids, separated by commas, and a reason after --', () => {
    const sql = `-- schemaguard-ignore syntax-error, require-concurrent-index -- reviewed: table is tiny\n${INDEX}`;
    expect(lint(sql).findings.map((f) => f.ruleId)).toEqual(['unused-ignore']);
    expect(lint(sql).findings[0].message).toContain('"syntax-error"');
  });

  it('apply a trailing comment to the statement on its line', () => {
    const sql = `${INDEX} -- schemaguard-ignore require-concurrent-index\nSELECT 1;`;
    expect(lint(sql).findings).toEqual([]);
  });

  it('ignore a rule in the whole file', () => {
    const sql = `${INDEX}\n-- schemaguard-ignore-file require-concurrent-index\n${INDEX}`;
    expect(lint(sql).findings).toEqual([]);
  });

  it('hint at an ignore that suppresses nothing, with a fix that removes it', () => {
    const sql = '-- schemaguard-ignore require-concurrent-index\nSELECT 1;\n';
    const [finding] = lint(sql).findings;
    expect(finding.ruleId).toBe('unused-ignore');
    expect(finding.severity).toBe('hint');
    expect(sql.slice(finding.start, finding.end)).toBe('require-concurrent-index');
    expect(applyEdits(sql, finding.fixes[0].edits)).toBe('SELECT 1;\n');
  });

  it('remove just the unused id when others are used', () => {
    const sql = `-- schemaguard-ignore syntax-error, require-concurrent-index\n${INDEX}\n`;
    const [finding] = lint(sql).findings;
    expect(applyEdits(sql, finding.fixes[0].edits)).toBe(`-- schemaguard-ignore require-concurrent-index\n${INDEX}\n`);
  });

  it('flag unknown ids and empty directives', () => {
    const sql = '-- schemaguard-ignore no-such-rule\nSELECT 1;\n-- schemaguard-ignore\nSELECT 2;';
    expect(lint(sql).findings.map((f) => f.messageId)).toEqual(['unknown', 'empty']);
  });

  it('do not hint when the ignored rule is turned off', () => {
    const sql = `-- schemaguard-ignore require-concurrent-index\n${INDEX}`;
    expect(lint(sql, { rules: { 'require-concurrent-index': 'off' } }).findings).toEqual([]);
  });

  it('offer ignore actions that silence exactly that finding', () => {
    const sql = `BEGIN; ${INDEX}\nCOMMIT;`;
    const [finding] = lint(sql).findings;
    const [statementIgnore, fileIgnore] = finding.ignoreFixes;
    const ignoredStatement = applyEdits(sql, statementIgnore.edits);
    expect(ignoredStatement).toBe(`BEGIN; \n-- schemaguard-ignore require-concurrent-index\n${INDEX}\nCOMMIT;`);
    expect(lint(ignoredStatement).findings).toEqual([]);
    expect(lint(applyEdits(sql, fileIgnore.edits)).findings).toEqual([]);
  });

  it('extend an existing directive instead of adding a second one', () => {
    const sql = `-- schemaguard-ignore syntax-error\n  ${INDEX}`;
    const finding = lint(sql).findings.find((f) => f.ruleId === 'require-concurrent-index')!;
    expect(applyEdits(sql, finding.ignoreFixes[0].edits)).toBe(`-- schemaguard-ignore syntax-error, require-concurrent-index\n  ${INDEX}`);
  });

  it('keep the indentation and line breaks of the file', () => {
    const sql = `SELECT 1;\r\n    ${INDEX}\r\n`;
    const [finding] = lint(sql).findings;
    expect(applyEdits(sql, finding.ignoreFixes[0].edits)).toBe(`SELECT 1;\r\n    -- schemaguard-ignore require-concurrent-index\r\n    ${INDEX}\r\n`);
  });
});
