import type { NewFile } from './fix/types';
import type { Finding, RangedEdit } from './lint';

/**
 * The edits of the first fix of every finding, skipping a fix that overlaps one already taken
 * (re-linting the result picks those up).
 */
export function fixAllEdits(findings: readonly Finding[]): RangedEdit[] {
  return fixAll(findings).edits;
}

/** The same, with the new files those fixes create (a file path taken once). */
export function fixAll(findings: readonly Finding[]): { edits: RangedEdit[]; files: NewFile[] } {
  const taken: RangedEdit[] = [];
  const files: NewFile[] = [];
  for (const finding of findings) {
    const fix = finding.fixes[0];
    if (!fix) continue;
    const overlaps = fix.edits.some((edit) => taken.some((other) => edit.start < other.end && other.start < edit.end || (edit.start === other.start && edit.end === other.end)));
    const clashes = (fix.files ?? []).some((file) => files.some((other) => other.path === file.path));
    if (overlaps || clashes) continue;
    taken.push(...fix.edits);
    files.push(...(fix.files ?? []));
  }
  return { edits: taken, files };
}
