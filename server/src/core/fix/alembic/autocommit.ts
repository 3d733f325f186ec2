/**
 * op.create_index / op.drop_index without blocking writes: `postgresql_concurrently=True`, inside
 * `with op.get_context().autocommit_block():` (Alembic commits the revision's transaction before
 * the block and opens a new one after it, as CONCURRENTLY needs).
 */
import type { OpCall } from '../../source/python/revision';
import { keyword } from '../../source/python/values';
import type { AlembicFixContext } from './types';
import type { FixSpec, OffsetEdit } from '../types';
import { lineBreak, setKeyword, statementIndent } from './python-text';

export const AUTOCOMMIT_BLOCK = 'with op.get_context().autocommit_block():';

/** The edit that puts a whole-statement call inside an autocommit block of its own; undefined when it cannot. */
export function wrapInAutocommitBlock(text: string, call: OpCall): OffsetEdit | undefined {
  const indent = statementIndent(text, call);
  if (indent === undefined) return undefined;
  return { start: call.start, end: call.start, newText: `${AUTOCOMMIT_BLOCK}${lineBreak(text)}${indent}    ` };
}

/** CONCURRENTLY for an index call; undefined for batch_op calls and calls that are not a whole statement. */
export function concurrentIndexFix(text: string, call: OpCall): FixSpec | undefined {
  if ((call.name !== 'create_index' && call.name !== 'drop_index') || call.batch || call.spread) return undefined;
  const edits: OffsetEdit[] = [setKeyword(text, call, 'postgresql_concurrently', 'True')];
  if (!call.autocommit) {
    const wrap = wrapInAutocommitBlock(text, call);
    if (!wrap) return undefined;
    edits.unshift(wrap);
  }
  const what = call.name === 'create_index' ? 'Build' : 'Drop';
  return { title: `${what} the index with postgresql_concurrently=True in op.get_context().autocommit_block()`, edits };
}

/** The Alembic fix of require-concurrent-index / require-concurrent-index-drop on an op.* call. */
export function concurrentIndexAlembicFix(context: AlembicFixContext): FixSpec[] {
  // if_not_exists / if_exists after a failed concurrent build would keep the INVALID index: left to the author
  const guarded = keyword(context.call, 'if_not_exists')?.value;
  if (guarded?.kind === 'bool' && guarded.value) return [];
  const fix = concurrentIndexFix(context.text, context.call);
  return fix ? [fix] : [];
}
