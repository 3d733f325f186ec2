/**
 * `schemaguard lint <project>/versions` on the shop fixture project, as CI runs it: the text, JSON
 * and SARIF outputs report the same findings at the same places, and every place is a Python range
 * as Python's own ast module reads the file (an expression, a keyword argument, a stretch inside
 * a string literal for SQL in op.execute, or the name of upgrade() for the revision as a whole).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SKIP_PYTHON, python, runPython } from '../snippets/alembic';

const CLI = resolve('dist/cli.js');
const PROJECT = 'test/fixtures/alembic/shop';
const VERSIONS = `${PROJECT}/versions`;

interface Position {
  line: number;
  character: number;
}
interface Finding {
  file: string;
  ruleId: string;
  severity: string;
  range: { start: Position; end: Position };
}
interface SarifResult {
  ruleId: string;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
  fixes?: Array<{ artifactChanges: Array<{ replacements: Array<{ insertedContent: { text: string } }> }> }>;
}

function lint(format: 'text' | 'json' | 'sarif') {
  const result = spawnSync(process.execPath, [CLI, 'lint', VERSIONS, '--format', format, '--no-color'], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout };
}

function offsetOf(text: string, position: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let line = 0; line < position.line; line++) offset += lines[line].length + 1;
  return offset + position.character;
}

const json = (): Finding[] => JSON.parse(lint('json').stdout);

describe('schemaguard lint <alembic project>/versions', () => {
  it('exits 1 and reports in the text format at the line and column of the op.* call', () => {
    const { code, stdout } = lint('text');
    expect(code).toBe(1);
    const findings = json();
    const files = [...new Set(findings.map((finding) => finding.file))];
    expect(files).toEqual([`${VERSIONS}/0001_create_tables.py`, `${VERSIONS}/0002_columns.py`, `${VERSIONS}/0003_indexes_constraints_sql.py`]);
    const sections = stdout.split(/\n(?=test\/fixtures)/);
    for (const file of files) {
      const section = sections.find((part) => part.startsWith(file));
      expect(section, file).toBeDefined();
      const shown = [...section!.matchAll(/^ +(\d+):(\d+) +(\w+) .* ([a-z-]+)$/gm)].map((m) => `${m[1]}:${m[2]} ${m[3]} ${m[4]}`);
      const expected = findings.filter((finding) => finding.file === file).map((finding) => `${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.severity} ${finding.ruleId}`);
      expect(shown).toEqual(expected);
    }
    // op.create_index("ix_users_email", "users", ["email"]) on line 18 of 0003
    expect(stdout).toMatch(/ 18:5 +warning .*require-concurrent-index/);
  });

  it('gives SARIF regions equal to the JSON ranges, with the Python fixes', () => {
    const { code, stdout } = lint('sarif');
    expect(code).toBe(1);
    const results: SarifResult[] = JSON.parse(stdout).runs[0].results;
    const findings = json();
    expect(results.map((result) => {
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      return { file: artifactLocation.uri, ruleId: result.ruleId, range: { start: { line: region.startLine - 1, character: region.startColumn - 1 }, end: { line: region.endLine - 1, character: region.endColumn - 1 } } };
    })).toEqual(findings.map(({ file, ruleId, range }) => ({ file, ruleId, range })));
    const index = findings.findIndex((finding) => finding.ruleId === 'require-concurrent-index' && finding.range.start.line === 17);
    expect(results[index].fixes?.[0].artifactChanges[0].replacements.map((replacement) => replacement.insertedContent.text).join('')).toContain('postgresql_concurrently=True');
  });

  it.skipIf(SKIP_PYTHON)('reports every finding at a range Python\'s ast module has in the file', () => {
    const findings = json();
    const files = [...new Set(findings.map((finding) => finding.file))];
    const result = runPython(python(), [join(__dirname, '../python/ast_spans.py'), ...files]);
    expect(result.status, result.stderr).toBe(0);
    const views: Record<string, { spans: string[]; strings: Record<string, string> }> = JSON.parse(result.stdout);
    const unplaced: string[] = [];
    for (const finding of findings) {
      const text = readFileSync(finding.file, 'utf8');
      const start = offsetOf(text, finding.range.start);
      const end = offsetOf(text, finding.range.end);
      expect(end, `${finding.file} ${finding.ruleId}`).toBeGreaterThan(start);
      const view = views[finding.file];
      const isExpression = view.spans.includes(`${start}:${end}`);
      const insideString = Object.keys(view.strings).some((span) => {
        const [from, to] = span.split(':').map(Number);
        return from < start && end < to;
      });
      // a finding on the whole revision function underlines its name
      const isFunctionName = /^(upgrade|downgrade)$/.test(text.slice(start, end)) && text.slice(start - 4, start) === 'def ';
      if (!isExpression && !insideString && !isFunctionName) unplaced.push(`${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.ruleId} ${JSON.stringify(text.slice(start, end))}`);
    }
    expect(unplaced).toEqual([]);
    expect(findings.filter((finding) => finding.range.start.line === 0)).toEqual([]);
  });

  it('reports the SQL inside op.execute strings at the statement in the string', () => {
    const file = `${VERSIONS}/0003_indexes_constraints_sql.py`;
    const text = readFileSync(file, 'utf8');
    const findings = json().filter((finding) => finding.file === file);
    const at = (ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId).map((finding) => text.slice(offsetOf(text, finding.range.start), offsetOf(text, finding.range.end)));
    expect(at('ban-concurrent-index-if-not-exists')).toEqual(['CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_seen\n            ON users']);
    expect(at('require-batched-backfill')).toEqual(['UPDATE users', 'UPDATE users']);
  });
});
