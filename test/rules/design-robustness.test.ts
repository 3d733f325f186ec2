/**
 * The normalization, soft-delete, index-type and redundant-index rules never crash and keep their
 * ranges and fixes inside the document: every case-table SQL, cut at every word boundary (what an
 * editor sees while someone types), linted inside its case's history.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/core/fix/edits';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { ALL_CASES } from '../harness/cases';
import { lintInHistory } from '../harness/lint';

const DESIGN_RULES = new Set([
  'ban-repeating-column-group',
  'ban-list-valued-column',
  'ban-transitive-dependency',
  'ban-entity-attribute-value',
  'require-partial-unique-with-soft-delete',
  'prefer-soft-delete-timestamp',
  'prefer-gin-index',
  'require-vector-index',
  'prefer-text-pattern-ops',
  'ban-redundant-index',
]);

const rules = ALL_RULES.filter((rule) => DESIGN_RULES.has(rule.id));
const cases = ALL_CASES.filter((table) => DESIGN_RULES.has(table.rule)).flatMap((table) =>
  [...table.valid.map((entry) => (typeof entry === 'string' ? { sql: entry } : entry)), ...table.invalid].map((entry) => ({ ...entry, prelude: (entry as { prelude?: string }).prelude ?? table.prelude })),
);

describe('design rules robustness', () => {
  it('covers every design rule of this set', () => {
    expect(rules.map((rule) => rule.id).sort()).toEqual([...DESIGN_RULES].sort());
  });

  it('survives every prefix of every case, inside its history', () => {
    let runs = 0;
    for (const entry of cases) {
      const { sql } = entry;
      for (let cut = 1; cut <= sql.length; cut++) {
        if (cut < sql.length && !/\s/.test(sql[cut])) continue;
        const text = sql.slice(0, cut);
        const result = lintInHistory(text, { prelude: entry.prelude, history: entry.history, rules, path: entry.path });
        expect(result.internalErrors, text).toEqual([]);
        for (const finding of result.findings) {
          expect(finding.start >= 0 && finding.start <= finding.end && finding.end <= text.length, text).toBe(true);
          for (const fix of finding.fixes) expect(() => applyEdits(text, fix.edits), text).not.toThrow();
        }
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(1000);
  });

  it('survives a history whose earlier migrations are half-typed or name what does not exist', () => {
    const broken = ['CREATE TABLE t (id bigint, tags', 'ALTER TABLE missing ADD COLUMN deleted_at timestamptz;', 'CREATE INDEX ON missing (x);', 'CREATE VIEW v AS SELECT * FROM nowhere WHERE a LIKE \'x%\';'];
    for (const entry of cases) {
      const result = lintInHistory(entry.sql, { prelude: entry.prelude, history: { before: broken, after: broken }, rules, path: entry.path });
      expect(result.internalErrors, entry.sql).toEqual([]);
    }
  });
});
