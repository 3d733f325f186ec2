/** What a quick fix is: text edits in document offsets. Shared by the fix builders, the rules and the engine. */

/** A text edit in document offsets (UTF-16). */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface FixSpec {
  title: string;
  edits: OffsetEdit[];
}
