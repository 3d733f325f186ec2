/**
 * The merge revision `alembic merge heads` writes: a new revision whose down_revision is the tuple
 * of the heads and whose upgrade() and downgrade() do nothing. Its id is derived from the heads'
 * ids, so that the fix offered for each head (and on each lint) is the same file.
 */
import type { RevisionEntry } from '../../model/revision-graph';
import type { FixSpec } from '../types';
import { pyString } from './python-text';

/** 12 hex digits, as Alembic's ids, from a 64-bit FNV-1a hash of the text. */
export function revisionIdFor(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0').slice(-12);
}

export function mergeRevisionFix(folder: string, heads: readonly RevisionEntry[], newline = '\n'): FixSpec {
  const ids = heads.map((head) => head.id).sort();
  const id = revisionIdFor(`merge ${ids.join(' ')}`);
  const separator = folder.includes('/') || !folder.includes('\\') ? '/' : '\\';
  const path = `${folder}${folder.endsWith(separator) ? '' : separator}${id}_merge_heads.py`;
  const text = [
    `"""merge heads ${ids.join(', ')}`,
    '',
    `Revision ID: ${id}`,
    `Revises: ${ids.join(', ')}`,
    '',
    '"""',
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    '',
    '# revision identifiers, used by Alembic.',
    `revision = ${pyString(id)}`,
    `down_revision = (${ids.map(pyString).join(', ')})`,
    'branch_labels = None',
    'depends_on = None',
    '',
    '',
    'def upgrade():',
    '    pass',
    '',
    '',
    'def downgrade():',
    '    pass',
    '',
  ].join(newline);
  return { title: `Create merge revision ${id} joining ${ids.map((value) => `"${value}"`).join(', ')}`, edits: [], files: [{ path, text }] };
}
