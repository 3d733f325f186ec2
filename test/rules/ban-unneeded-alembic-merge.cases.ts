import type { RuleCases } from '../harness/types';

/** Revision cases are linted as an Alembic versions/ file, after the revisions of `history.before`. */
const PATH = 'migrations/versions/0100_case.py';

const revision = (id: string, down: string) => `from alembic import op\n\nrevision = "${id}"\ndown_revision = ${down}\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`;
const HISTORY = [revision('a1', 'None'), revision('b2', '"a1"'), revision('c3', '"a1"')];

export default {
  rule: 'ban-unneeded-alembic-merge',
  prelude: '',
  valid: [
    { path: PATH, name: 'joins two branches', sql: revision('m4', '("b2", "c3")'), history: { before: HISTORY } },
    { path: PATH, name: 'not a merge', sql: revision('d4', '"b2"'), history: { before: HISTORY } },
  ],
  invalid: [
    {
      path: PATH,
      name: 'a merge of a revision with its descendant',
      sql: revision('m4', '("a1", "b2")'),
      history: { before: HISTORY },
      errors: [{ messageId: 'unneededMerge', text: '"a1"' }],
      output: null,
    },
    {
      path: PATH,
      name: 'the descendant named first',
      sql: revision('m4', '["b2", "a1", "c3"]'),
      history: { before: HISTORY },
      errors: [{ messageId: 'unneededMerge', text: '"a1"' }],
      output: null,
    },
  ],
} satisfies RuleCases;
