/** The examples in each rule's metadata (and so in its docs page) behave as the docs say. */
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { lintExample } from '../../scripts/docs';
import { applyFirstFixes, newFilesOf } from '../harness/lint';

for (const rule of ALL_RULES) {
  describe(`${rule.id} docs examples`, () => {
    rule.examples.valid.forEach((example, index) => {
      it(`valid example ${index + 1} is not reported`, () => {
        const result = lintExample(example, rule);
        expect(result.findings.filter((f) => f.ruleId === rule.id || f.ruleId === 'syntax-error')).toEqual([]);
      });
    });
    rule.examples.invalid.forEach((example, index) => {
      it(`invalid example ${index + 1} is reported and its fix is clean`, () => {
        const findings = lintExample(example, rule).findings;
        expect(findings.filter((f) => f.ruleId === 'syntax-error')).toEqual([]);
        const own = findings.filter((f) => f.ruleId === rule.id);
        expect(own.length).toBeGreaterThan(0);
        if (own.some((f) => f.fixes.length > 0)) {
          const fixed = applyFirstFixes(example.sql, own);
          expect(lintExample(example, rule, fixed, newFilesOf(own)).findings.filter((f) => f.ruleId === rule.id || f.ruleId === 'syntax-error')).toEqual([]);
        }
      });
    });
  });
}
