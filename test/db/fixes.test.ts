/**
 * On a real PostgreSQL: every fix yields the same schema as the original migration (or, for a
 * schema-design fix, differs from it by exactly the case's `schemaChange`), and every lock a
 * rule's doc names is the lock PostgreSQL takes.
 */
import { describe, expect, it } from 'vitest';
import { getRule } from '../../server/src/core/rules/index';
import { ALL_CASES } from '../harness/cases';
import { locksOutsideTransaction } from '../harness/concurrent-locks';
import { databaseForSuite, databaseTargets, resetDatabase, runScript } from '../harness/database';
import { applyFirstFixes, lintInHistory, newUpMigrationsOf, upSectionOf } from '../harness/lint';
import { diffSnapshots, locksOn, snapshotSchema } from '../harness/schema-snapshot';

for (const target of databaseTargets()) {
  describe(`on ${target.name}`, () => {
    const db = databaseForSuite(target);

    for (const cases of ALL_CASES) {
      const rule = getRule(cases.rule)!;
      // Alembic revision cases (.py) are Python, not SQL: their fixes round-trip through real Alembic in test/python/alembic-fixes.test.ts
      const fixCases = cases.invalid.filter((invalid) => invalid.output !== null && !(invalid.skipDatabase && invalid.intended === undefined) && !invalid.path?.endsWith('.py'));
      // a rule without fixes and locks (a design rule that only reports, require-alembic-downgrade) has nothing to run here
      if (fixCases.length === 0 && !cases.locks?.length) continue;
      describe(cases.rule, () => {
        for (const invalid of fixCases) {
          it(`fix ${invalid.schemaChange ? 'changes the schema as declared' : 'keeps the schema'}: ${invalid.name ?? invalid.sql}`, async () => {
            const prelude = invalid.prelude ?? cases.prelude;
            const findings = lintInHistory(invalid.sql, { prelude, history: invalid.history, settings: invalid.settings, rules: [rule], path: invalid.path, files: invalid.files, git: invalid.git }).findings.filter((f) => f.ruleId === rule.id);
            const fixed = applyFirstFixes(invalid.sql, findings);
            const created = newUpMigrationsOf(findings).join('\n');
            const before = (invalid.history?.before ?? []).join('\n');

            const after = (invalid.history?.after ?? []).join('\n');
            await resetDatabase(db);
            await runScript(db, prelude);
            await runScript(db, before);
            await runScript(db, upSectionOf(invalid.intended ?? invalid.sql));
            await runScript(db, after);
            const original = await snapshotSchema(db);

            await resetDatabase(db);
            await runScript(db, prelude);
            await runScript(db, before);
            await runScript(db, upSectionOf(fixed));
            await runScript(db, created);
            await runScript(db, after);
            const afterFix = await snapshotSchema(db);

            // a design fix changes the schema on purpose: exactly the declared difference, nothing else
            if (invalid.schemaChange) expect(diffSnapshots(original, afterFix)).toEqual(invalid.schemaChange);
            else expect(afterFix).toEqual(original);
          });
        }

        for (const lock of cases.locks ?? []) {
          const serverUrl = target.name === 'server' ? process.env.SCHEMAGUARD_TEST_PG_URL : undefined;
          if (lock.outsideTransaction) {
            it.skipIf(!serverUrl)(`takes ${lock.mode} on ${lock.table} outside a transaction (server only): ${lock.sql}`, async () => {
              await resetDatabase(db);
              await runScript(db, lock.prelude ?? cases.prelude);
              expect(await locksOutsideTransaction(serverUrl!, lock.sql, lock.table)).toContain(lock.mode);
            });
            continue;
          }
          it(`takes ${lock.mode} on ${lock.table}: ${lock.sql}`, async () => {
            await resetDatabase(db);
            await runScript(db, lock.prelude ?? cases.prelude);
            await db.exec('BEGIN');
            try {
              await db.exec(lock.sql);
              expect(await locksOn(db, lock.table)).toContain(lock.mode);
            } finally {
              await db.exec('ROLLBACK');
            }
          });
        }
      });
    }
  });
}
