/**
 * Bad input never crashes the pipeline: random text, mutated SQL, truncated statements and
 * binary-looking bytes all lint without an exception, and every range stays inside the document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/core/fix/edits';
import type { LintResult } from '../../server/src/core/lint';
import { LineIndex } from '../../server/src/core/source/text';
import { lint } from '../harness/lint';

const SEEDS = [
  'CREATE INDEX i ON t (c);',
  "BEGIN;\nALTER TABLE orders ADD COLUMN note text NOT NULL DEFAULT 'x';\nCOMMIT;",
  'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.x := 1; RETURN NEW; END $$;',
  "COPY t FROM stdin;\n1\t'a\n\\.\nSELECT E'\\'';",
  'CREATE TABLE "É😀" (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, c text);\n-- schemaguard-ignore require-concurrent-index\nCREATE INDEX ON "É😀" (c);',
  'ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES b (id) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT fk;',
  'CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END;',
  '\\set x 1\nSELECT :x, :\'x\';',
  '/* a /* nested */ comment */ DROP TABLE IF EXISTS t CASCADE;',
];

function checkResult(text: string, result: LintResult): void {
  expect(result.internalErrors).toEqual([]);
  const lines = new LineIndex(text);
  for (const finding of result.findings) {
    expect(finding.start).toBeGreaterThanOrEqual(0);
    expect(finding.end).toBeGreaterThanOrEqual(finding.start);
    expect(finding.end).toBeLessThanOrEqual(text.length);
    for (const position of [finding.range.start, finding.range.end]) {
      expect(position.line).toBeLessThan(lines.lineCount);
      expect(lines.offsetAt(position)).toBeLessThanOrEqual(text.length);
    }
    for (const fix of [...finding.fixes, ...finding.ignoreFixes]) {
      expect(() => applyEdits(text, fix.edits)).not.toThrow();
    }
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'grapheme', maxLength: 6 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('quote' as const), at: fc.nat(), text: fc.constantFrom("'", '"', '$$', '/*', '--', ';', '(', 'E\'', '\\', '\n') }),
);

type Step = { kind: 'insert' | 'quote' | 'delete' | 'truncate'; at: number; text?: string; length?: number };

function mutate(seed: string, steps: readonly Step[]): string {
  let text = seed;
  for (const step of steps) {
    const at = text.length === 0 ? 0 : step.at % (text.length + 1);
    if (step.kind === 'insert' || step.kind === 'quote') text = text.slice(0, at) + step.text + text.slice(at);
    else if (step.kind === 'delete') text = text.slice(0, at) + text.slice(at + (step.length ?? 1));
    else text = text.slice(0, at);
  }
  return text;
}

describe('robustness (property-based)', () => {
  it('random text never crashes and ranges stay in the document', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        checkResult(text, lint(text));
      }),
      { numRuns: 400 },
    );
  });

  it('mutated and half-typed SQL never crashes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 6 }), (seed, steps) => {
        const text = mutate(seed, steps);
        checkResult(text, lint(text));
      }),
      { numRuns: 600 },
    );
  });

  it('every prefix of a real migration (typing it from the start) lints cleanly', () => {
    const migration = SEEDS.join('\n');
    for (let length = 0; length <= migration.length; length += 3) {
      const text = migration.slice(0, length);
      checkResult(text, lint(text));
    }
  });

  it('binary bytes decoded as text are skipped with one finding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 512 }), (bytes) => {
        const withNul = new Uint8Array([...bytes.slice(0, 10), 0, ...bytes.slice(10)]);
        const text = new TextDecoder('utf-8', { fatal: false }).decode(withNul);
        const result = lint(text);
        checkResult(text, result);
        expect(result.findings.map((f) => f.ruleId)).toEqual(['file-skipped']);
      }),
      { numRuns: 100 },
    );
  });

  it('a file over maxFileSize gets one finding and is not parsed', () => {
    const text = 'CREATE INDEX i ON t (c);\n'.repeat(500);
    const result = lint(text, { maxFileSize: 4096 });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['file-skipped']);
    expect(result.script).toBeUndefined();
  });

  it('a long file of unterminated constructs finishes', () => {
    const text = "SELECT 'a\n".repeat(2000) + '$$ x\n'.repeat(2000) + '/* y\n'.repeat(2000);
    const result = lint(text);
    checkResult(text, result);
    expect(result.findings.length).toBeGreaterThan(0);
  });
});
