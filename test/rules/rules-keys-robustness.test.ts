/**
 * The key and type design rules never crash: on every case-table SQL cut at every word boundary
 * (what an editor sees while someone types), linted inside its history, and under every
 * primaryKeys strategy and the PostgreSQL versions where a verdict changes.
 */
import { describe, expect, it } from 'vitest';
import { PRIMARY_KEY_STRATEGIES } from '../../server/src/core/config';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { ALL_CASES } from '../harness/cases';
import { lintInHistory } from '../harness/lint';
import type { CaseHistory } from '../harness/types';

const RULES_KEYS = new Set([
  'prefer-timestamptz',
  'prefer-jsonb',
  'prefer-text-over-char',
  'ban-money-type',
  'ban-float-for-money',
  'prefer-text-over-varchar',
  'prefer-bigint-identity-key',
  'prefer-uuidv7-key',
  'require-primary-key',
  'require-matching-foreign-key-type',
  'require-consistent-key-type',
]);

const rules = ALL_RULES.filter((rule) => RULES_KEYS.has(rule.id));
const entries: Array<{ sql: string; prelude: string; history?: CaseHistory }> = ALL_CASES.filter((cases) => RULES_KEYS.has(cases.rule)).flatMap((cases) => [
  ...cases.valid.map((entry) => (typeof entry === 'string' ? { sql: entry, prelude: cases.prelude } : { sql: entry.sql, prelude: cases.prelude, history: entry.history })),
  ...cases.invalid.map((entry) => ({ sql: entry.sql, prelude: entry.prelude ?? cases.prelude, history: entry.history })),
]);

describe('key and type design rules robustness', () => {
  it('covers every one of these rules', () => {
    expect(rules.map((rule) => rule.id).sort()).toEqual([...RULES_KEYS].sort());
  });

  it('survives every prefix of every case, inside its history', () => {
    let runs = 0;
    for (const { sql, prelude, history } of entries) {
      for (let cut = 1; cut <= sql.length; cut++) {
        if (cut < sql.length && !/\s/.test(sql[cut])) continue;
        const result = lintInHistory(sql.slice(0, cut), { prelude, history, rules });
        expect(result.internalErrors, sql.slice(0, cut)).toEqual([]);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(1000);
  });

  it('survives every primaryKeys strategy and the versions where a verdict changes', () => {
    for (const { sql, prelude, history } of entries) {
      for (const primaryKeys of PRIMARY_KEY_STRATEGIES) {
        for (const postgresVersion of [16, 18]) {
          expect(lintInHistory(sql, { prelude, history, rules, settings: { primaryKeys, postgresVersion } }).internalErrors, sql).toEqual([]);
        }
      }
    }
  });
});
