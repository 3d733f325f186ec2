/**
 * Every range the Python source layer extracts, checked against Python's own ast module
 * (lineno / col_offset / end_lineno / end_col_offset, converted to UTF-16 offsets) on the
 * fixtures and on every real revision file of the corpus when ../shared/corpus is present.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MigrationFunction } from '../../server/src/core/source/python/revision';
import { readRevision } from '../../server/src/core/source/python/revision';
import type { PyValue } from '../../server/src/core/source/python/values';
import { SKIP_PYTHON, python, runPython } from '../snippets/alembic';
import { ALEMBIC_CORPUS, FIXTURE_REVISIONS } from './files';

interface PythonCall {
  span: [number, number];
  callee: [number, number];
  args: Array<[number, number]>;
  keywords: Array<[string, number, number, number, number]>;
}
interface PythonView {
  error?: string;
  functions: Record<string, PythonCall[]>;
  spans: string[];
  assignments: Record<string, [number, number]>;
  strings: Record<string, string>;
}

/** One Python process per 40 files keeps each answer within the child-process buffer. */
function astOf(paths: string[]): Record<string, PythonView> {
  const views: Record<string, PythonView> = {};
  for (let i = 0; i < paths.length; i += 40) {
    const result = runPython(python(), [join(__dirname, 'ast_spans.py'), ...paths.slice(i, i + 40)]);
    if (result.status !== 0) throw new Error(result.stderr);
    Object.assign(views, JSON.parse(result.stdout));
  }
  return views;
}

/** Every call the function's text holds: those that run on PostgreSQL and those of other dialects' branches. */
function callsOf(fn: MigrationFunction | undefined): PythonCall[] {
  const all = [...(fn?.calls ?? []), ...(fn?.otherDialectCalls ?? [])].sort((a, b) => a.start - b.start);
  return all.map((call) => ({
    span: [call.start, call.end],
    callee: [call.callee.start, call.callee.end],
    args: call.args.map((arg) => [arg.start, arg.end] as [number, number]),
    keywords: call.kwargs.map((entry) => [entry.name, entry.start, entry.end, entry.value.start, entry.value.end] as [string, number, number, number, number]),
  }));
}

/** Spans of every value nested in the arguments (sa.Column(...) arguments, list items, ...). */
function nestedSpans(value: PyValue, out: string[], strings?: PyValue[]): void {
  out.push(`${value.start}:${value.end}`);
  if (value.kind === 'str') strings?.push(value);
  if (value.kind === 'call') {
    value.args.forEach((arg) => nestedSpans(arg, out, strings));
    for (const entry of value.kwargs) {
      out.push(`${entry.start}:${entry.end}`);
      nestedSpans(entry.value, out, strings);
    }
  } else if (value.kind === 'list' || value.kind === 'tuple') value.items.forEach((item) => nestedSpans(item, out, strings));
  else if (value.kind === 'dict') value.entries.forEach((entry) => [entry.key, entry.value].forEach((item) => nestedSpans(item, out, strings)));
}

let stringCount = 0;

function check(paths: string[]): { files: number; ranges: number } {
  const views = astOf(paths);
  let ranges = 0;
  for (const path of paths) {
    const view = views[path];
    expect(view.error, path).toBeUndefined();
    const revision = readRevision(readFileSync(path, 'utf8'));
    for (const name of ['upgrade', 'downgrade'] as const) {
      const ours = callsOf(revision[name]);
      expect(ours, `${path} ${name}()`).toEqual(view.functions[name] ?? []);
      ranges += ours.reduce((sum, call) => sum + 2 + call.args.length + call.keywords.length * 2, 0);
    }
    const known = new Set(view.spans);
    const nested: string[] = [];
    const strings: PyValue[] = [];
    for (const call of [...(revision.upgrade?.calls ?? []), ...(revision.downgrade?.calls ?? [])]) {
      for (const arg of call.args) nestedSpans(arg, nested, strings);
      for (const entry of call.kwargs) nestedSpans(entry.value, nested, strings);
    }
    expect(nested.filter((span) => !known.has(span)), path).toEqual([]);
    ranges += nested.length;
    // string values (module constants keep their definition's literal): equal to Python's, and every verbatim character maps to itself
    const text = readFileSync(path, 'utf8');
    for (const value of strings) {
      if (value.kind !== 'str') continue;
      const literal = value.string.pieces[0];
      const key = `${literal.start}:${value.string.pieces[value.string.pieces.length - 1].end}`;
      expect(value.value, `${path} ${key}`).toBe(view.strings[key]);
      const moved = value.string.verbatim.filter((verbatim, unit) => verbatim && text[value.string.from[unit]] !== value.value[unit]);
      expect(moved.length, `${path} ${key}`).toBe(0);
      stringCount++;
    }
    for (const assignment of [revision.revision, revision.downRevision, revision.branchLabels, revision.dependsOn]) {
      if (!assignment) continue;
      expect([assignment.value.start, assignment.value.end], `${path} ${assignment.name}`).toEqual(view.assignments[assignment.name]);
      ranges++;
    }
  }
  return { files: paths.length, ranges };
}

describe.skipIf(SKIP_PYTHON)('ranges agree with Python ast', () => {
  it('on the fixture revisions', () => {
    const { ranges } = check(FIXTURE_REVISIONS);
    expect(ranges).toBeGreaterThan(300);
  });

  it.skipIf(ALEMBIC_CORPUS.length === 0)('on every corpus revision file', () => {
    const { files, ranges } = check(ALEMBIC_CORPUS);
    console.log(`ast ranges: ${files} corpus files, ${ranges} ranges checked, ${stringCount} string values compared`);
    expect(files).toBeGreaterThan(400);
  });
});

