import type { RuleCases } from '../harness/types';

/** Revision cases are linted as an Alembic versions/ file, after the revisions of `history.before`. */
const PATH = 'migrations/versions/0100_case.py';

const revision = (id: string, down: string) => `from alembic import op\n\nrevision = "${id}"\ndown_revision = ${down}\n\n\ndef upgrade():\n    op.execute("SELECT 1")\n\n\ndef downgrade():\n    pass\n`;
const ROOT = revision('a1', 'None');

export default {
  rule: 'ban-broken-alembic-revision-graph',
  prelude: '',
  valid: [
    { path: PATH, name: 'follows a revision of the folder', sql: revision('b2', '"a1"'), history: { before: [ROOT] } },
    { path: PATH, name: 'a merge of two revisions of the folder', sql: revision('m', '("a1", "b2")'), history: { before: [ROOT, revision('b2', 'None')] } },
    { path: PATH, name: 'the first revision of a folder', sql: ROOT },
    { path: PATH, name: 'the root', sql: ROOT, history: { after: [revision('b2', '"a1"')] } },
  ],
  invalid: [
    {
      path: PATH,
      name: 'down_revision names no revision',
      sql: revision('b2', '"a0"'),
      history: { before: [ROOT] },
      errors: [{ messageId: 'missingDownRevision', text: '"a0"' }],
      output: null,
    },
    {
      path: PATH,
      name: 'a merge that names a revision the folder lacks',
      sql: revision('m', '("a1", "zz9")'),
      history: { before: [ROOT] },
      errors: [{ messageId: 'missingDownRevision', text: '"zz9"' }],
      output: null,
    },
    {
      path: PATH,
      name: 'an id another file has',
      sql: revision('b2', '"a1"'),
      history: { before: [ROOT, revision('b2', '"a1"')] },
      errors: [{ messageId: 'duplicateId', text: 'revision = "b2"' }],
      output: null,
    },
    {
      path: PATH,
      name: 'two revisions that follow each other',
      sql: revision('y', '"x"'),
      history: { before: [ROOT, revision('x', '"y"')] },
      errors: [{ messageId: 'cycle', text: 'down_revision = "x"' }],
      output: null,
    },
  ],
} satisfies RuleCases;
