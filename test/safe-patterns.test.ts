/**
 * Whole migrations written the safe way must get no finding from any rule: a false positive
 * costs more than a miss. Each file in test/fixtures/safe/ may start with
 * `-- test-settings: {...}` (JSON settings it is linted with).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from './harness/lint';

const DIR = 'test/fixtures/safe';
const SETTINGS = /^-- test-settings: (\{.*\})$/m;

describe('safe migrations stay silent', () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith('.sql'));
  it('has fixtures', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const name of files) {
    it(name, () => {
      const sql = readFileSync(`${DIR}/${name}`, 'utf8');
      const match = SETTINGS.exec(sql);
      const result = lint(sql, match ? JSON.parse(match[1]) : undefined);
      expect(result.internalErrors).toEqual([]);
      expect(result.findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId}: ${f.message}`)).toEqual([]);
    });
  }
});
