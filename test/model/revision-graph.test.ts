/** The Alembic revision graph: heads, roots and the problems `alembic heads` / `alembic upgrade` run into. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GraphProblem, RevisionEntry } from '../../server/src/core/model/revision-graph';
import { revisionGraph } from '../../server/src/core/model/revision-graph';
import { readRevision, revisionIds } from '../../server/src/core/source/python/revision';
import { ALEMBIC_CORPUS, FIXTURE_REVISIONS } from '../python/files';

function graph(edges: Record<string, string[]>, extra: RevisionEntry[] = []) {
  const entries = [...Object.entries(edges).map(([id, downRevisions]) => ({ file: `${id}.py`, id, downRevisions })), ...extra];
  return revisionGraph(entries);
}

function kinds(problems: GraphProblem[]): string[] {
  return problems.map((problem) => problem.kind).sort();
}

describe('revision graph', () => {
  it('finds the head and the root of a straight history, with no problem', () => {
    const result = graph({ a: [], b: ['a'], c: ['b'] });
    expect(result.heads.map((entry) => entry.id)).toEqual(['c']);
    expect(result.roots.map((entry) => entry.id)).toEqual(['a']);
    expect(result.problems).toEqual([]);
  });

  it('reports several heads of one history, and accepts a merge that joins them', () => {
    const branched = graph({ a: [], b: ['a'], c: ['a'] });
    expect(branched.problems).toEqual([{ kind: 'several-heads', heads: [expect.objectContaining({ id: 'b' }), expect.objectContaining({ id: 'c' })] }]);
    expect(graph({ a: [], b: ['a'], c: ['a'], m: ['b', 'c'] }).problems).toEqual([]);
  });

  it('accepts separate histories (independent branches) each with its own head', () => {
    expect(graph({ a: [], b: ['a'], x: [], y: ['x'] }).problems).toEqual([]);
  });

  it('reports a down_revision that names no revision', () => {
    expect(graph({ a: [], b: ['gone'] }).problems).toEqual([{ kind: 'missing-down-revision', entry: expect.objectContaining({ id: 'b' }), missing: 'gone' }]);
  });

  it('reports an id used by two files', () => {
    const result = graph({ a: [], b: ['a'] }, [{ file: 'b-copy.py', id: 'b', downRevisions: ['a'] }]);
    expect(result.problems).toEqual([{ kind: 'duplicate-id', entries: [expect.objectContaining({ file: 'b.py' }), expect.objectContaining({ file: 'b-copy.py' })] }]);
  });

  it('reports a cycle once', () => {
    const result = graph({ a: ['c'], b: ['a'], c: ['b'], d: [] });
    expect(kinds(result.problems)).toEqual(['cycle']);
    expect((result.problems[0] as { entries: RevisionEntry[] }).entries.map((entry) => entry.id).sort()).toEqual(['a', 'b', 'c']);
  });

  it('reports a merge of a revision with one of its own descendants', () => {
    expect(graph({ a: [], b: ['a'], m: ['a', 'b'] }).problems).toEqual([{ kind: 'unneeded-merge', entry: expect.objectContaining({ id: 'm' }), redundant: 'a', containedIn: 'b' }]);
  });

  it('reads the fixture project and every corpus project as the history Alembic sees', () => {
    const read = (paths: string[]): RevisionEntry[] =>
      paths.flatMap((file) => {
        const revision = readRevision(readFileSync(file, 'utf8'));
        const id = revision.revision?.value;
        const downRevisions = revisionIds(revision.downRevision);
        return id?.kind === 'str' && downRevisions ? [{ file, id: id.value, downRevisions }] : [];
      });
    const fixture = revisionGraph(read(FIXTURE_REVISIONS));
    expect(fixture.heads.map((entry) => entry.id)).toEqual(['0003']);
    expect(fixture.problems).toEqual([]);
    for (const project of ['ckan', 'indico', 'prefect', 'quay']) {
      const files = ALEMBIC_CORPUS.filter((path) => path.includes(`/alembic_${project}/`));
      if (files.length === 0) continue;
      const result = revisionGraph(read(files));
      expect(result.problems, project).toEqual([]);
      expect([result.heads.length, result.roots.length], project).toEqual([1, 1]); // as alembic heads shows at each project's commit
    }
  });
});
