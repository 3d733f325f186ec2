/**
 * The injection grammars, run through vscode-textmate (what VS Code tokenizes with) with VS Code's
 * own SQL and Python grammars (from tm-grammars) and the contributes.grammars entries of
 * package.json: every fixture in fixtures/ (vscode-tmgrammar-test format) holds.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createRegistry, loadConfiguration } from 'vscode-tmgrammar-test/dist/common/index.js';
import type { GrammarTestCase, TestFailure } from 'vscode-tmgrammar-test/dist/unit/index.js';
import { parseGrammarTestCase, runGrammarTestCase } from 'vscode-tmgrammar-test/dist/unit/index.js';

const require = createRequire(import.meta.url);
const BASE_GRAMMARS = [require.resolve('tm-grammars/grammars/sql.json'), require.resolve('tm-grammars/grammars/python.json')];
const FIXTURES = 'test/grammars/fixtures';

const registry = createRegistry(loadConfiguration('package.json', undefined, BASE_GRAMMARS).grammars);

function describeFailure(testCase: GrammarTestCase, failure: TestFailure): string {
  const source = testCase.source[failure.srcLine];
  return `line ${failure.line + 1} "${source.slice(failure.start, failure.end)}": missing [${failure.missing.join(' ')}], unexpected [${failure.unexpected.join(' ')}], actual [${failure.actual.join(' ')}]`;
}

/** vscode-tmgrammar-test's assertion parser backtracks without end on a line with two ` - `: refuse it. */
function checkAssertionSyntax(text: string): void {
  const [header, ...lines] = text.split('\n');
  const comment = header.split(/\s/)[0];
  const bad = lines.filter((line) => line.startsWith(comment) && /^\s*[\^<]/.test(line.slice(comment.length)) && line.split(' - ').length > 2);
  if (bad.length) throw new Error(`write one " - " per assertion, with every excluded scope after it:\n${bad.join('\n')}`);
}

async function failuresOf(text: string): Promise<string[]> {
  checkAssertionSyntax(text);
  const testCase = parseGrammarTestCase(text);
  return (await runGrammarTestCase(registry, testCase)).map((failure) => describeFailure(testCase, failure));
}

describe('grammar fixtures', () => {
  const fixtures = readdirSync(FIXTURES).filter((name) => name.includes('.test.'));
  it('has fixtures for both grammars', () => {
    expect(fixtures.sort()).toEqual(['alembic-sql.test.py', 'ignore-comments.test.sql']);
  });
  for (const name of fixtures) {
    it(name, async () => {
      expect(await failuresOf(readFileSync(`${FIXTURES}/${name}`, 'utf8'))).toEqual([]);
    });
  }
});

describe('the fixture checks can fail', () => {
  it('a string passed to another function gets no SQL scopes, and the check says so', async () => {
    const failures = await failuresOf(
      ['# SYNTAX TEST "source.python"', 'f("ALTER TABLE orders ADD COLUMN note text")', '#  ^^^^^ meta.embedded.line.sql keyword.other.sql'].join('\n'),
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/missing \[meta\.embedded\.line\.sql keyword\.other\.sql\]/);
  });
  it('a plain comment is no ignore directive', async () => {
    const failures = await failuresOf(['-- SYNTAX TEST "source.sql"', '-- schemaguard ignore x', '-- ^^^^^^^^^^^ keyword.other.directive.schemaguard'].join('\n'));
    expect(failures).toHaveLength(1);
  });
  it('an assertion line with two " - " is refused instead of hanging the parser', async () => {
    await expect(failuresOf(['-- SYNTAX TEST "source.sql"', 'SELECT 1;', '-- ^ a - b - c'].join('\n'))).rejects.toThrow(/one " - " per assertion/);
  });
});
