import type { GraphProblem } from '../model/revision-graph';
import { revisionGraphOf } from '../model/revision-graph';
import type { Span } from '../source/python/syntax';
import type { PyValue } from '../source/python/values';
import type { RevisionRuleContext } from './types';
import { defineRule } from './types';

const REVISION = (id: string, down: string) => `from alembic import op\n\nrevision = "${id}"\ndown_revision = ${down}\n\n\ndef upgrade():\n    op.execute("SELECT 1")\n\n\ndef downgrade():\n    pass\n`;

export default defineRule({
  id: 'ban-broken-alembic-revision-graph',
  category: 'correctness',
  severity: 'error',
  fixable: false,
  summary: 'Keep the Alembic revision graph whole: every down_revision names a revision, every id is used once, no cycles.',
  description:
    'Alembic reads every file of versions/ into one graph before it runs anything. A down_revision that names no revision (a file deleted, renamed or not yet merged, a typo) makes every command fail (Alembic cannot build its revision map); an id used by two files (a revision copied as a template) makes Alembic warn "Revision ... is present more than once" and leaves a stray head, so `alembic upgrade head` fails with "Multiple head revisions are present"; a cycle (a revision that follows one of its own descendants) makes it fail with "Cycle is detected". Each is reported on every file involved, where the id or down_revision is written. The check needs the whole versions/ folder: a revision linted alone has no history.',
  messages: {
    missingDownRevision:
      'down_revision names "{{missing}}", which no revision of this folder has: every alembic command fails on it (Alembic cannot build the revision map); point it at the revision this one follows (`alembic heads` shows the candidates).',
    duplicateId:
      'Revision id "{{id}}" is used by {{count}} files ({{files}}): Alembic warns "Revision {{id}} is present more than once" and cannot tell which file a down_revision means, so the history gets a stray head and `alembic upgrade head` fails; give this revision a new id and point the revisions that follow it at that id.',
    cycle:
      'This revision is part of a cycle ({{cycle}}): each follows the next, so Alembic cannot order them and fails with "Cycle is detected"; make one of them follow a revision outside the cycle.',
  },
  examples: {
    valid: [{ sql: REVISION('b2', '"a1"'), revisions: [REVISION('a1', 'None')], description: 'Follows a revision the folder has.' }],
    invalid: [{ sql: REVISION('b2', '"a0"'), revisions: [REVISION('a1', 'None')], description: 'No revision of the folder is a0 (a typo, or a file not merged yet).' }],
  },
  check() {
    // a rule about the revision graph: see checkRevision
  },
  checkRevision(context: RevisionRuleContext) {
    const entries = context.schema?.history?.revisions;
    const { revision, downRevision } = context.revision;
    if (!entries || !revision) return;
    const down = downRevision ?? revision;
    for (const problem of revisionGraphOf(entries).problems) {
      const spec = reportOf(problem, context.file);
      if (!spec) continue;
      const at = spec.on === 'revision' ? revision : (idIn(downRevision?.value, spec.data.missing) ?? down);
      context.report({ start: at.start, end: at.end, messageId: spec.messageId, data: spec.data });
    }
  },
});

function reportOf(problem: GraphProblem, file: string): { on: 'revision' | 'down'; messageId: string; data: Record<string, string | number> } | undefined {
  switch (problem.kind) {
    case 'missing-down-revision':
      return problem.entry.file === file ? { on: 'down', messageId: 'missingDownRevision', data: { missing: problem.missing } } : undefined;
    case 'duplicate-id':
      if (!problem.entries.some((entry) => entry.file === file)) return undefined;
      return { on: 'revision', messageId: 'duplicateId', data: { id: problem.entries[0].id, count: problem.entries.length, files: problem.entries.map((entry) => baseName(entry.file)).join(', ') } };
    case 'cycle':
      if (!problem.entries.some((entry) => entry.file === file)) return undefined;
      return { on: 'down', messageId: 'cycle', data: { cycle: problem.entries.map((entry) => `"${entry.id}"`).join(' -> ') } };
    default:
      return undefined;
  }
}

/** The string of a down_revision tuple that names `id`, for a finding on that item. */
function idIn(value: PyValue | undefined, id: string | number | undefined): Span | undefined {
  if (!value || id === undefined) return undefined;
  if (value.kind === 'str') return value.value === id ? value : undefined;
  return value.kind === 'tuple' || value.kind === 'list' ? value.items.find((item) => item.kind === 'str' && item.value === id) : undefined;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
