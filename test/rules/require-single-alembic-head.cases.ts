import type { RuleCases } from '../harness/types';

/** Revision cases are linted as an Alembic versions/ file, after the revisions of `history.before`. */
const PATH = 'migrations/versions/0100_case.py';

const revision = (id: string, down: string, extra = '') =>
  `from alembic import op\n\nrevision = "${id}"\ndown_revision = ${down}\n${extra}\n\ndef upgrade():\n    op.execute("SELECT 1")\n\n\ndef downgrade():\n    pass\n`;
const ROOT = revision('a1', 'None');
const mergeOf = (id: string, a: string, b: string) =>
  `"""merge heads ${a}, ${b}\n\nRevision ID: ${id}\nRevises: ${a}, ${b}\n\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n# revision identifiers, used by Alembic.\nrevision = "${id}"\ndown_revision = ("${a}", "${b}")\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`;
const B2 = revision('b2', '"a1"');
const C3 = revision('c3', '"a1"');

export default {
  rule: 'require-single-alembic-head',
  prelude: '',
  valid: [
    { path: PATH, name: 'a straight history', sql: B2, history: { before: [ROOT] } },
    { path: PATH, name: 'a merge joins the two heads', sql: revision('m4', '("b2", "c3")'), history: { before: [ROOT, B2, C3] } },
    { path: PATH, name: 'a labelled branch keeps its own head', sql: revision('c3', '"a1"', 'branch_labels = ("reporting",)'), history: { before: [ROOT, B2] } },
    { path: PATH, name: 'separate histories (two roots) have a head each', sql: revision('x1', 'None'), history: { before: [ROOT, B2] } },
    { path: PATH, name: 'a revision alone has no history to judge', sql: C3 },
    { path: PATH, name: 'the old head once a revision follows it', sql: B2, history: { before: [ROOT], after: [revision('d4', '"b2"')] } },
  ],
  invalid: [
    {
      path: PATH,
      name: 'two revisions follow the same one',
      sql: C3,
      history: { before: [ROOT, B2] },
      errors: [{ messageId: 'severalHeads', text: 'revision = "c3"' }],
      // the fix edits nothing: it creates the merge revision, as `alembic merge heads` would
      output: C3,
      outputFiles: { '93fc167fc6f5_merge_heads.py': mergeOf('93fc167fc6f5', 'b2', 'c3') },
    },
    {
      path: PATH,
      name: 'a merge that missed one branch',
      sql: revision('d4', '"a1"'),
      history: { before: [ROOT, B2, C3], after: [revision('m5', '("b2", "c3")')] },
      errors: [{ messageId: 'severalHeads', text: 'revision = "d4"' }],
      output: revision('d4', '"a1"'),
      outputFiles: { 'b601d01005f9_merge_heads.py': mergeOf('b601d01005f9', 'd4', 'm5') },
    },
  ],
} satisfies RuleCases;
