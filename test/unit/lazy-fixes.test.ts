/**
 * A rule may hand the engine a function for its fixes (ReportSpec.fixes): they are made when a
 * finding's fixes are first read (the editor's code actions, the CLI's outputs), not on every lint.
 */
import { describe, expect, it } from 'vitest';
import { formatSarif } from '../../server/src/core/report/sarif';
import { defineRule } from '../../server/src/core/rules/types';
import { findingsOf, lint } from '../harness/lint';

const REDUNDANT = 'CREATE TABLE t (id bigint PRIMARY KEY, a int, b int);\nCREATE INDEX t_a_b ON t (a, b);\nCREATE INDEX t_a ON t (a);\n';

describe('fixes made when first read', () => {
  it('are made on the first read of the finding, then kept as a plain value', () => {
    const [finding] = findingsOf(REDUNDANT, 'ban-redundant-index');
    expect(finding.messageId).toBe('prefix');
    expect(Object.getOwnPropertyDescriptor(finding, 'fixes')?.get).toBeTypeOf('function');
    const fixes = finding.fixes;
    expect(fixes.map((fix) => fix.title)).toEqual(['Remove the redundant index "t_a"']);
    expect(fixes[0].edits[0]).toMatchObject({ start: REDUNDANT.indexOf('CREATE INDEX t_a ON'), newText: '' });
    expect(Object.getOwnPropertyDescriptor(finding, 'fixes')).toMatchObject({ value: fixes, enumerable: true });
    expect(finding.fixes).toBe(fixes);
  });

  it('are in the outputs that carry fixes', () => {
    const findings = findingsOf(REDUNDANT, 'ban-redundant-index');
    const sarif = JSON.parse(formatSarif([{ file: 'm.sql', findings }], { toolVersion: '0', baseUri: 'file:///' }));
    expect(sarif.runs[0].results[0].fixes[0].description.text).toBe('Remove the redundant index "t_a"');
  });

  it('leave the finding without a fix when making them fails', () => {
    const rule = defineRule({
      id: 'test-failing-fix',
      category: 'migration-safety',
      severity: 'warning',
      fixable: true,
      summary: 'test',
      description: 'test',
      messages: { found: 'found' },
      examples: { valid: [], invalid: [] },
      check(context) {
        for (const statement of context.statements)
          context.report({
            statement,
            messageId: 'found',
            fixes: () => {
              throw new Error('no fix');
            },
          });
      },
    });
    const result = lint('CREATE TABLE t (a int);', {}, [rule]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.fixes])).toEqual([['test-failing-fix', []]]);
    expect(result.internalErrors).toEqual([]);
  });
});
