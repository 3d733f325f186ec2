import { mergeRevisionFix } from '../fix/alembic/merge';
import { lineBreak } from '../fix/alembic/python-text';
import { revisionGraphOf } from '../model/revision-graph';
import type { RevisionRuleContext } from './types';
import { defineRule } from './types';

const REVISION = (id: string, down: string) => `from alembic import op\n\nrevision = "${id}"\ndown_revision = ${down}\n\n\ndef upgrade():\n    op.execute("SELECT 1")\n\n\ndef downgrade():\n    pass\n`;

export default defineRule({
  id: 'require-single-alembic-head',
  category: 'correctness',
  severity: 'error',
  fixable: true,
  summary: 'Keep one head per Alembic history: join branches with a merge revision.',
  description:
    'Two revisions that name the same down_revision (two branches merged into main, each with its own migration) leave the history with two heads. `alembic upgrade head` then stops with "Multiple head revisions are present for given argument \'head\'", so the deploy fails, and `alembic upgrade heads` applies the branches in an order nobody chose. Create a merge revision (`alembic merge heads -m "merge"`): its down_revision is the tuple of the heads, it usually changes nothing, and it fixes the order. The quick fix creates that merge revision beside the heads (an id of its own, down_revision the tuple of the heads, upgrade() and downgrade() that do nothing). Labelled branches (branch_labels) keep their own heads on purpose and are not reported. The check needs the whole versions/ folder: a revision linted alone has no history.',
  messages: {
    severalHeads:
      'This revision is one of {{count}} heads of its history ({{heads}}): `alembic upgrade head` stops with "Multiple head revisions are present", and `upgrade heads` applies the branches in no fixed order; add a merge revision whose down_revision is ({{heads}}), as `alembic merge heads` writes it.',
  },
  examples: {
    valid: [{ sql: REVISION('c3', '"b2"'), revisions: [REVISION('a1', 'None'), REVISION('b2', '"a1"')], description: 'The only revision that follows b2.' }],
    invalid: [{ sql: REVISION('d4', '"b2"'), revisions: [REVISION('a1', 'None'), REVISION('b2', '"a1"'), REVISION('c3', '"b2"')], description: 'c3 and d4 both follow b2: two heads.' }],
  },
  check() {
    // a rule about the revision graph: see checkRevision
  },
  checkRevision(context: RevisionRuleContext) {
    const history = context.schema?.history;
    const entries = history?.revisions;
    const own = context.revision.revision;
    if (!entries || !own) return;
    for (const problem of revisionGraphOf(entries).problems) {
      if (problem.kind !== 'several-heads' || !problem.heads.some((head) => head.file === context.file)) continue;
      const heads = problem.heads.map((head) => `"${head.id}"`).join(', ');
      const fix = mergeRevisionFix(history!.folder, problem.heads, lineBreak(context.text));
      context.report({ start: own.start, end: own.end, messageId: 'severalHeads', data: { count: problem.heads.length, heads }, fixes: [fix] });
    }
  },
});
