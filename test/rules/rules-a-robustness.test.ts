/**
 * The rules-a rules never crash: on every case-table SQL, cut at every word boundary (what an
 * editor sees while someone types), under the PostgreSQL versions where verdicts change and both transaction modes.
 */
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { ALL_CASES } from '../harness/cases';
import { lint } from '../harness/lint';

const RULES_A = new Set([
  'require-concurrent-index',
  'require-concurrent-index-drop',
  'require-concurrent-reindex',
  'require-concurrent-refresh',
  'ban-concurrently-in-transaction',
  'ban-concurrent-index-if-not-exists',
  'require-batched-backfill',
  'ban-backfill-with-ddl-in-transaction',
  'ban-locking-several-tables-in-transaction',
  'ban-enum-value-in-transaction',
  'ban-blocking-table-rewrite-maintenance',
  'require-lock-timeout',
]);

const rules = ALL_RULES.filter((rule) => RULES_A.has(rule.id));
const sqls = ALL_CASES.filter((cases) => RULES_A.has(cases.rule)).flatMap((cases) => [
  ...cases.valid.map((entry) => (typeof entry === 'string' ? entry : entry.sql)),
  ...cases.invalid.map((entry) => entry.sql),
]);

describe('rules-a robustness', () => {
  it('covers every rules-a rule', () => {
    expect(rules.map((rule) => rule.id).sort()).toEqual([...RULES_A].sort());
  });

  it('survives every prefix of every case', () => {
    let runs = 0;
    for (const sql of sqls) {
      for (let cut = 1; cut <= sql.length; cut++) {
        if (cut < sql.length && !/\s/.test(sql[cut])) continue;
        const result = lint(sql.slice(0, cut), undefined, rules);
        expect(result.internalErrors, sql.slice(0, cut)).toEqual([]);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(1000);
  });

  it('survives the PostgreSQL versions where verdicts change and both transaction modes', () => {
    for (const sql of sqls) {
      for (const postgresVersion of [11, 12, 14, 17]) { // the versions where a verdict changes, and the default
        for (const transaction of ['explicit', 'per-file'] as const) {
          expect(lint(sql, { postgresVersion, transaction }, rules).internalErrors, sql).toEqual([]);
        }
      }
    }
  });
});
