import { revisionGraphOf } from '../model/revision-graph';
import type { RevisionRuleContext } from './types';
import { defineRule } from './types';

const REVISION = (id: string, down: string) => `revision = "${id}"\ndown_revision = ${down}\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`;
const HISTORY = [REVISION('a1', 'None'), REVISION('b2', '"a1"'), REVISION('c3', '"a1"')];
const MERGE = (down: string) => `revision = "m1"\ndown_revision = ${down}\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`;

export default defineRule({
  id: 'ban-unneeded-alembic-merge',
  category: 'correctness',
  severity: 'warning',
  fixable: false,
  summary: 'Merge only Alembic revisions that are separate branches: not a revision with one of its own descendants.',
  description:
    'A merge revision joins heads: its down_revision is a tuple of revisions none of which contains another. When one of them is already an ancestor of another (the merge was written by hand, or a branch was rebased after `alembic merge`), the merge joins nothing: Alembic accepts it, but the extra parent makes `alembic history` and downgrades harder to follow, and a later `alembic merge` or `downgrade -1` may pick the redundant path. Drop the redundant revision from the tuple (with one parent left, down_revision is a plain string). The check needs the whole versions/ folder.',
  messages: {
    unneededMerge:
      'This merge names "{{redundant}}", which "{{containedIn}}" already follows: it joins nothing; drop "{{redundant}}" from down_revision.',
  },
  examples: {
    valid: [{ sql: MERGE('("b2", "c3")'), revisions: HISTORY, description: 'b2 and c3 are separate branches from a1.' }],
    invalid: [{ sql: MERGE('("a1", "b2")'), revisions: HISTORY, description: 'b2 already follows a1.' }],
  },
  check() {
    // a rule about the revision graph: see checkRevision
  },
  checkRevision(context: RevisionRuleContext) {
    const entries = context.schema?.history?.revisions;
    const down = context.revision.downRevision;
    if (!entries || !down) return;
    for (const problem of revisionGraphOf(entries).problems) {
      if (problem.kind !== 'unneeded-merge' || problem.entry.file !== context.file) continue;
      const item = down.value.kind === 'tuple' || down.value.kind === 'list' ? down.value.items.find((value) => value.kind === 'str' && value.value === problem.redundant) : undefined;
      context.report({ start: (item ?? down).start, end: (item ?? down).end, messageId: 'unneededMerge', data: { redundant: problem.redundant, containedIn: problem.containedIn } });
    }
  },
});
