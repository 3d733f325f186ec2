/**
 * Alembic revisions as a migration history: a revision's part of the replay is its upgrade()
 * rendered as the SQL Alembic runs (source/python/virtual-sql.ts; downgrade() never enters the
 * replay), and the folder's order is the revision graph's: every revision after the revisions it
 * follows (down_revision, and depends_on where it names a revision of the folder), ties in path order.
 */
import { parseScript } from '../../source/document';
import { isRevision, readRevision, revisionIds } from '../../source/python/revision';
import type { Span } from '../../source/python/syntax';
import { virtualScript } from '../../source/python/virtual-sql';
import type { RevisionEntry } from '../revision-graph';
import type { HistoryFile } from './layout';
import type { ParsedMigration } from './workspace';

/** An Alembic revision file as the replay reads it: its upgrade() statements, and its place in the graph. */
export function parseRevisionMigration(path: string, text: string): ParsedMigration {
  const revision = readRevision(text);
  if (!isRevision(revision)) return { text, script: parseScript(''), upStatements: [], downStatements: [], downSection: false };
  const virtual = virtualScript(revision.upgrade!);
  const id = revision.revision?.value;
  const downRevisions = revisionIds(revision.downRevision) ?? [];
  const entry: RevisionEntry | undefined =
    id?.kind === 'str' ? { file: path, id: id.value, downRevisions, branchLabels: revisionIds(revision.branchLabels) ?? [], revisionSpan: spanOf(revision.revision), downRevisionSpan: spanOf(revision.downRevision) } : undefined;
  // downgrade() is not a down file: require-alembic-downgrade replays it against upgrade()
  return {
    text,
    downStatements: [],
    downSection: false,
    script: virtual.script,
    upStatements: virtual.script.statements.filter((statement) => statement.kind),
    revision: entry,
    dependsOn: revisionIds(revision.dependsOn) ?? [],
    toDocument: (start, end) => virtual.toPython(start, end),
  };
}

function spanOf(span: Span | undefined): Span | undefined {
  return span && { start: span.start, end: span.end };
}

/**
 * The revisions of a folder in an order Alembic can run them: parents first (a topological order of
 * the graph), ties and what a cycle leaves in path order. Files that are not revisions are left out.
 */
export function revisionOrder(files: readonly HistoryFile[], migration: (path: string) => ParsedMigration | undefined): HistoryFile[] {
  const entries = files.flatMap((file) => {
    const parsed = migration(file.path);
    return parsed?.revision ? [{ file, id: parsed.revision.id, parents: [...parsed.revision.downRevisions, ...(parsed.dependsOn ?? [])] }] : [];
  });
  const byId = new Map<string, (typeof entries)[number]>();
  for (const entry of entries) if (!byId.has(entry.id)) byId.set(entry.id, entry);
  const placed = new Set<(typeof entries)[number]>();
  const result: HistoryFile[] = [];
  const remaining = [...entries].sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  const ready = (entry: (typeof entries)[number]): boolean =>
    entry.parents.every((parent) => {
      const owner = byId.get(parent);
      return !owner || owner === entry || placed.has(owner);
    });
  while (remaining.length > 0) {
    const next = remaining.find(ready) ?? remaining[0]; // a cycle: the first in path order
    result.push(next.file);
    placed.add(next);
    remaining.splice(remaining.indexOf(next), 1);
  }
  return result;
}

/**
 * For each revision file, the files of the revisions it builds on (down_revision and depends_on,
 * transitively). A revision whose chain names a revision the folder does not have is left out: what
 * it builds on is not known, and the workspace gives it every revision placed before it.
 */
export function ancestorFiles(files: readonly HistoryFile[], migration: (path: string) => ParsedMigration | undefined): Map<string, Set<string>> {
  const parentsOf = new Map<string, string[]>();
  const fileOf = new Map<string, string>();
  for (const file of files) {
    const parsed = migration(file.path);
    if (!parsed?.revision) continue;
    if (!fileOf.has(parsed.revision.id)) fileOf.set(parsed.revision.id, file.path);
    parentsOf.set(file.path, [...parsed.revision.downRevisions, ...(parsed.dependsOn ?? [])]);
  }
  const result = new Map<string, Set<string>>();
  for (const [path, parents] of parentsOf) {
    const seen = new Set<string>();
    let broken = false;
    const follow = (ids: readonly string[]): void => {
      for (const id of ids) {
        const parent = fileOf.get(id);
        if (parent) stack.push(parent);
        else broken = true;
      }
    };
    const stack: string[] = [];
    follow(parents);
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next) || next === path) continue;
      seen.add(next);
      follow(parentsOf.get(next) ?? []);
    }
    if (!broken) result.set(path, seen);
  }
  return result;
}
