/** Runs every rule's case table: valid cases stay silent, invalid ones report exact ranges and fixes. */
import { describe, expect, it } from 'vitest';
import { getRule } from '../../server/src/core/rules/index';
import { ALL_CASES } from '../harness/cases';
import { applyFirstFixes, lintInHistory, newFilesOf, newUpMigrationsOf, summarize } from '../harness/lint';

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
        const result = lintInHistory(valid.sql, { prelude: cases.prelude, history: valid.history, settings: valid.settings, rules: only, path: valid.path, files: valid.files, git: valid.git });
        expect(result.internalErrors).toEqual([]);
        expect(result.findings.filter((f) => f.ruleId !== 'unused-ignore')).toEqual([]);
      });
    }

    for (const invalid of cases.invalid) {
      it(`invalid: ${invalid.name ?? invalid.sql}`, () => {
        const context = { prelude: invalid.prelude ?? cases.prelude, history: invalid.history, settings: invalid.settings, rules: only, path: invalid.path, files: invalid.files, git: invalid.git };
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
        // a fix may add a migration of its own: it runs after this one
        const created = newFilesOf(findings);
        expect(Object.fromEntries(created.map((file) => [file.path.slice(file.path.lastIndexOf('/') + 1), file.text]))).toEqual(invalid.outputFiles ?? {});
        const relinted = lintInHistory(fixed, { ...context, history: { ...context.history, after: [...newUpMigrationsOf(findings), ...(context.history?.after ?? [])] } });
        expect(relinted.findings.filter((f) => f.ruleId === 'syntax-error')).toEqual([]);
        expect(relinted.findings.filter((f) => f.ruleId === rule.id)).toEqual([]);
      });
    }
  });
}
