/** What a fix in Alembic's terms sees: the revision, the op.* call a finding is on, the schema around its function. */
import type { SchemaView } from '../../model/schema/view';
import type { Statement } from '../../source/document';
import type { AlembicRevision, OpCall } from '../../source/python/revision';

export interface AlembicFixContext {
  /** The Python source. */
  readonly text: string;
  readonly revision: AlembicRevision;
  /** The call the finding is on. */
  readonly call: OpCall;
  /** The rendered SQL statement the finding is on (offsets in the function's rendered script). */
  readonly statement: Statement;
  readonly messageId: string;
  /** The schema around the function the call is in (upgrade() or downgrade()). */
  readonly schema?: SchemaView;
}
