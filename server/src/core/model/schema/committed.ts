/**
 * What version control says about the files of a history: which are in the last commit and what
 * their committed text is. The core never reads git; the CLI and the language server give the
 * engine a CommittedFiles for the repository a file is in (server/src/git-files.ts), tests a map.
 * Without one (no git, outside a repository, not read yet) the rules that need it stay silent.
 */

export interface CommittedFiles {
  /** True when `path` is in the last commit (git's HEAD). */
  isCommitted(path: string): boolean;
  /**
   * The committed text of `path` when `current` differs from it (line endings and a byte-order
   * mark aside); undefined when the file is not committed, is unchanged, or its committed text is
   * not known yet (the server reads it in the background and lints again).
   */
  committedTextIfChanged(path: string, current: string): string | undefined;
}

/** Text as git compares it across platforms: without a byte-order mark, lines ending in LF. */
export function normalizedText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
}

/** CommittedFiles from texts by path (tests, docs examples): `true` means committed as it is now. */
export function committedFilesOf(committed: ReadonlyMap<string, string | true>): CommittedFiles {
  return {
    isCommitted: (path) => committed.has(path),
    committedTextIfChanged(path, current) {
      const text = committed.get(path);
      if (text === undefined || text === true) return undefined;
      return normalizedText(text) === normalizedText(current) ? undefined : text;
    },
  };
}
