import type { Finding, RangedEdit } from './lint';

/**
 * The edits of the first fix of every finding, skipping a fix that overlaps one already taken
 * (re-linting the result picks those up).
 */
export function fixAllEdits(findings: readonly Finding[]): RangedEdit[] {
  const taken: RangedEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes[0];
    if (!fix) continue;
    const overlaps = fix.edits.some((edit) => taken.some((other) => edit.start < other.end && other.start < edit.end || (edit.start === other.start && edit.end === other.end)));
    if (!overlaps) taken.push(...fix.edits);
  }
  return taken;
}
