/** What a quick fix is: text edits in document offsets. Shared by the fix builders, the rules and the engine. */

/** A text edit in document offsets (UTF-16). */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** A file a fix creates beside the one it edits (a new migration), by path; never overwrites one. */
export interface NewFile {
  path: string;
  text: string;
}

export interface FixSpec {
  title: string;
  edits: OffsetEdit[];
  /** New files (a migration of its own for what cannot run in this one). */
  files?: NewFile[];
}
