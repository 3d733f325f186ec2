/**
 * The Alembic revision graph of a versions/ folder, as `alembic heads` / `alembic history` see
 * it: heads, roots, and what is wrong with it (several heads of one history, a down_revision that
 * names no revision, an id used twice, a cycle, a merge of revisions one of which already contains
 * the other). Pure: the caller reads the files (source/python/revision.ts) and hands over their ids.
 */
import type { Span } from '../source/python/syntax';

export interface RevisionEntry {
  /** The file, as the caller names it (path or URI). */
  file: string;
  id: string;
  /** The revisions it follows (down_revision): none for a root, two or more for a merge. */
  downRevisions: string[];
  /** branch_labels: a labelled branch keeps a head of its own on purpose (`alembic upgrade heads`). */
  branchLabels?: string[];
  /** Where `revision = ...` and `down_revision = ...` are written, for diagnostics. */
  revisionSpan?: Span;
  downRevisionSpan?: Span;
}

export type GraphProblem =
  | { kind: 'several-heads'; heads: RevisionEntry[] }
  | { kind: 'missing-down-revision'; entry: RevisionEntry; missing: string }
  | { kind: 'duplicate-id'; entries: RevisionEntry[] }
  | { kind: 'cycle'; entries: RevisionEntry[] }
  | { kind: 'unneeded-merge'; entry: RevisionEntry; redundant: string; containedIn: string };

export interface RevisionGraph {
  heads: RevisionEntry[];
  roots: RevisionEntry[];
  problems: GraphProblem[];
}

export function revisionGraph(entries: readonly RevisionEntry[]): RevisionGraph {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, RevisionEntry[]>();
  for (const entry of entries) byId.set(entry.id, [...(byId.get(entry.id) ?? []), entry]);
  for (const same of byId.values()) if (same.length > 1) problems.push({ kind: 'duplicate-id', entries: same });
  const node = (id: string): RevisionEntry | undefined => byId.get(id)?.[0];
  const unique = [...byId.values()].map((same) => same[0]);

  for (const entry of unique) {
    for (const parent of entry.downRevisions) if (!byId.has(parent)) problems.push({ kind: 'missing-down-revision', entry, missing: parent });
  }

  // cycles: depth-first along down_revision, colouring nodes on the current path
  const state = new Map<string, 'open' | 'done'>();
  const path: RevisionEntry[] = [];
  const reported = new Set<string>();
  const visit = (entry: RevisionEntry): void => {
    state.set(entry.id, 'open');
    path.push(entry);
    for (const parentId of entry.downRevisions) {
      const parent = node(parentId);
      if (!parent) continue;
      if (state.get(parent.id) === 'open') {
        const cycle = path.slice(path.indexOf(parent));
        const key = cycle.map((member) => member.id).sort().join(' ');
        if (!reported.has(key)) problems.push({ kind: 'cycle', entries: cycle });
        reported.add(key);
      } else if (!state.has(parent.id)) visit(parent);
    }
    path.pop();
    state.set(entry.id, 'done');
  };
  for (const entry of unique) if (!state.has(entry.id)) visit(entry);

  const ancestors = ancestorSets(unique, node);
  const children = new Set(unique.flatMap((entry) => entry.downRevisions));
  const heads = unique.filter((entry) => !children.has(entry.id));
  const roots = unique.filter((entry) => entry.downRevisions.length === 0);

  // several heads of one history (they share an ancestor); separate histories and labelled branches are separate branches
  const labels = (head: RevisionEntry): string =>
    [head.id, ...(ancestors.get(head.id) ?? [])].flatMap((id) => node(id)?.branchLabels ?? []).sort().join(' ');
  const groups: RevisionEntry[][] = [];
  for (const head of heads) {
    const group = groups.find((members) => members.some((other) => labels(other) === labels(head) && shareAncestor(ancestors, head.id, other.id)));
    if (group) group.push(head);
    else groups.push([head]);
  }
  for (const group of groups) if (group.length > 1) problems.push({ kind: 'several-heads', heads: group });

  for (const entry of unique) {
    if (entry.downRevisions.length < 2) continue;
    for (const parent of entry.downRevisions) {
      const container = entry.downRevisions.find((other) => other !== parent && ancestors.get(other)?.has(parent));
      if (container) {
        problems.push({ kind: 'unneeded-merge', entry, redundant: parent, containedIn: container });
        break;
      }
    }
  }
  return { heads, roots, problems };
}

const cache = new WeakMap<readonly RevisionEntry[], RevisionGraph>();

/** revisionGraph, computed once per list of entries (a workspace history keeps its list until it changes). */
export function revisionGraphOf(entries: readonly RevisionEntry[]): RevisionGraph {
  let graph = cache.get(entries);
  if (!graph) {
    graph = revisionGraph(entries);
    cache.set(entries, graph);
  }
  return graph;
}

/** Every revision's ancestors (down_revision, transitively), cycles included once. */
function ancestorSets(entries: RevisionEntry[], node: (id: string) => RevisionEntry | undefined): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const entry of entries) {
    const seen = new Set<string>();
    const stack = [...entry.downRevisions];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(node(id)?.downRevisions ?? []));
    }
    result.set(entry.id, seen);
  }
  return result;
}

function shareAncestor(ancestors: Map<string, Set<string>>, a: string, b: string): boolean {
  const left = new Set([a, ...(ancestors.get(a) ?? [])]);
  for (const id of [b, ...(ancestors.get(b) ?? [])]) if (left.has(id)) return true;
  return false;
}
