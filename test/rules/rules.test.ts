/** Runs every rule's case table: valid cases stay silent, invalid ones report exact ranges and fixes. */
import { describe, expect, it } from 'vitest';
import { getRule } from '../../server/src/core/rules/index';
import { ALL_CASES } from '../harness/cases';
import { applyFirstFixes, lintInHistory, summarize } from '../harness/lint';

for (const cases of ALL_CASES) {
  const rule = getRule(cases.rule);
  describe(cases.rule, () => {
    it('is registered', () => {
      expect(rule).toBeDefined();
    });
    if (!rule) return;
    const only = [rule];

    for (const entry of cases.valid) {
      const valid = typeof entry === 'string' ? { sql: entry } : entry;
      it(`valid: ${valid.name ?? valid.sql}`, () => {
        const result = lintInHistory(valid.sql, { prelude: cases.prelude, history: valid.history, settings: valid.settings, rules: only, path: valid.path });
        expect(result.internalErrors).toEqual([]);
        expect(result.findings.filter((f) => f.ruleId !== 'unused-ignore')).toEqual([]);
      });
    }

    for (const invalid of cases.invalid) {
      it(`invalid: ${invalid.name ?? invalid.sql}`, () => {
        const context = { prelude: invalid.prelude ?? cases.prelude, history: invalid.history, settings: invalid.settings, rules: only, path: invalid.path };
        const result = lintInHistory(invalid.sql, context);
        expect(result.internalErrors).toEqual([]);
        const findings = result.findings.filter((f) => f.ruleId === rule.id);
        expect(summarize(invalid.sql, findings)).toEqual(invalid.errors);
        if (invalid.output === null) {
          expect(findings.flatMap((f) => f.fixes)).toEqual([]);
          return;
        }
        const fixed = applyFirstFixes(invalid.sql, findings);
        expect(fixed).toBe(invalid.output);
        const relinted = lintInHistory(fixed, context);
        expect(relinted.findings.filter((f) => f.ruleId === 'syntax-error')).toEqual([]);
        expect(relinted.findings.filter((f) => f.ruleId === rule.id)).toEqual([]);
      });
    }
  });
}
