/** Alembic revisions in rule case tables: a versions/ file of the history whose first revision runs the table's prelude. */
import { PRELUDE_REVISION } from './lint';

export const REVISION_PATH = 'migrations/versions/0100_case.py';

/** A revision that follows the prelude's, with the given upgrade() and downgrade() bodies. */
export function revisionAfterPrelude(upgrade: string, downgrade = '    pass\n'): string {
  return `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "0100"\ndown_revision = "${PRELUDE_REVISION}"\n\n\ndef upgrade():\n${upgrade}\n\ndef downgrade():\n${downgrade}`;
}
