/**
 * Navigation over a workspace's migration histories, for any editor: the object at an offset,
 * its hover text, where it was created, every mention of it across the history, a file's symbols,
 * the workspace's symbols, and the names to complete. Offsets are document UTF-16 offsets; files
 * are the workspace's file keys. What it derives from a file is cached until the file, or the
 * snapshot before it, changes.
 */
import type { History } from '../model/schema/layout';
import { SchemaState } from '../model/schema/state';
import type { SourceRef } from '../model/schema/types';
import type { HistoryPosition, ParsedMigration } from '../model/schema/workspace';
import type { Statement } from '../source/document';
import type { Range } from '../source/text';
import { LineIndex } from '../source/text';
import type { ResolvedMention } from './analysis';
import { FileAnalysis } from './analysis';
import type { CompletionEntry } from './completion';
import { completionsAt } from './completion';
import type { LinkTo } from './describe';
import { describeObject } from './describe';
import { foldName } from './names';
import type { SchemaObject } from './resolve';
import { findByIdentity, identityOf, nameOf, sourcesOf } from './resolve';
import type { SymbolNode, WorkspaceSymbol } from './symbols';
import { documentSymbols, schemaSymbols } from './symbols';

/** What navigation reads of a workspace (SchemaWorkspace provides it). */
export interface NavigationSource {
  migration(file: string): ParsedMigration | undefined;
  positionOf(file: string): HistoryPosition | undefined;
  sharedBefore(file: string): SchemaState | undefined;
  final(history: History): SchemaState;
  histories(): History[];
}

export interface Location {
  file: string;
  start: number;
  end: number;
}

export interface HoverResult {
  markdown: string;
  /** The name hovered. */
  start: number;
  end: number;
}

/** Never changed: analyses clone the schema they start from. */
const EMPTY = new SchemaState();
const CACHED_FILES = 64;

export class Navigator {
  private readonly analyses = new Map<string, FileAnalysis>();
  private readonly lineIndexes = new Map<string, { text: string; lines: LineIndex }>();
  /** Editors ask for a file's outline again and again (breadcrumbs, outline view, sticky scroll). */
  private readonly symbols = new WeakMap<FileAnalysis, SymbolNode[]>();

  constructor(private readonly source: NavigationSource) {}

  /** The text navigation knows for a file (the open document's, or the disk's). */
  textOf(file: string): string | undefined {
    return this.source.migration(file)?.text;
  }

  /** A file's names resolved (undefined when the workspace does not hold the file). */
  analysis(file: string): FileAnalysis | undefined {
    const migration = this.source.migration(file);
    if (!migration) return undefined;
    const before = this.baseOf(file);
    const cached = this.analyses.get(file);
    if (cached && cached.migration === migration && cached.before === before) return cached;
    const analysis = new FileAnalysis(file, migration, before, cached);
    this.analyses.delete(file);
    this.analyses.set(file, analysis);
    if (this.analyses.size > CACHED_FILES) this.analyses.delete(this.analyses.keys().next().value as string);
    return analysis;
  }

  /** The resolved name under the cursor (the innermost one when names nest). */
  mentionAt(file: string, offset: number): ResolvedMention | undefined {
    const analysis = this.analysis(file);
    const statement = analysis && statementAt(analysis.statements, offset);
    if (!analysis || !statement || offset > statement.end) return undefined;
    let best: ResolvedMention | undefined;
    let bestOnName = false;
    for (const mention of analysis.mentionsIn(statement.index)) {
      if (mention.from > offset || offset > mention.end || !mention.object) continue;
      // on the name itself beats on its qualifier (`orders` in `orders.id` is the table)
      const onName = offset >= mention.start;
      if (!best || (onName && !bestOnName) || (onName === bestOnName && mention.end - mention.start < best.end - best.start)) {
        best = mention;
        bestOnName = onName;
      }
    }
    return best;
  }

  hover(file: string, offset: number, link: LinkTo): HoverResult | undefined {
    const mention = this.mentionAt(file, offset);
    if (!mention?.object) return undefined;
    const final = this.finalOf(file);
    const now = final && mention.identity ? findByIdentity(final, mention.identity) : undefined;
    const markdown = describeObject(now ?? mention.object, { state: now ? final : undefined, link, lineOf: (ref) => this.lineOf(ref) });
    return { markdown, start: mention.start, end: mention.end };
  }

  /** The name in the statement that created the object under the cursor. */
  definition(file: string, offset: number): Location[] {
    const mention = this.mentionAt(file, offset);
    return mention?.object ? [this.definitionOf(mention.object)] : [];
  }

  /** Every mention of the object under the cursor in the files of its history (or of this file alone). */
  references(file: string, offset: number, includeDeclaration: boolean): Location[] {
    const mention = this.mentionAt(file, offset);
    if (!mention?.object || !mention.identity) return [];
    const final = this.finalOf(file);
    const names = new Set([mention.name, nameOf(mention.object)]);
    const now = final && findByIdentity(final, mention.identity);
    if (now) names.add(nameOf(now));
    const declaration = this.definitionOf(mention.object);
    const found: Location[] = [];
    const lowered = [...names].map((name) => name.toLowerCase());
    const namesIt = (text: string): boolean => {
      const lower = text.toLowerCase();
      return lowered.some((name) => lower.includes(name));
    };
    for (const other of this.historyFiles(file)) {
      const text = this.textOf(other);
      if (!text || !namesIt(text)) continue;
      for (const candidate of this.analysis(other)?.mentionsWhere((statement) => namesIt(statement.text)) ?? []) {
        if (candidate.identity !== mention.identity) continue;
        const isDeclaration = other === declaration.file && candidate.start === declaration.start;
        if (includeDeclaration || !isDeclaration) found.push({ file: other, start: candidate.start, end: candidate.end });
      }
    }
    return found;
  }

  documentSymbols(file: string): SymbolNode[] {
    const analysis = this.analysis(file);
    if (!analysis) return [];
    let symbols = this.symbols.get(analysis);
    if (!symbols) {
      symbols = documentSymbols(analysis);
      this.symbols.set(analysis, symbols);
    }
    return symbols;
  }

  /** Tables, views and indexes of every history whose name matches the query; locations at the statements that created them. */
  workspaceSymbols(query: string, limit = 500): Array<WorkspaceSymbol & Location> {
    const found: Array<WorkspaceSymbol & Location> = [];
    for (const history of this.source.histories()) {
      for (const symbol of schemaSymbols(this.source.final(history), query, limit - found.length)) found.push({ ...symbol, ...this.nameRange(symbol.origin, symbol.name) });
      if (found.length >= limit) break;
    }
    return found;
  }

  completions(file: string, offset: number): CompletionEntry[] {
    const analysis = this.analysis(file);
    const statement = analysis && statementAt(analysis.statements, offset);
    if (!analysis || !statement || (statement.semicolon !== undefined && offset > statement.semicolon)) return [];
    const end = statement.semicolon ?? analysis.statements[statement.index + 1]?.start ?? analysis.text.length;
    return completionsAt(analysis.text, statement.start, end, offset, analysis.stateBefore(statement.index));
  }

  /** 0-based line of a reference's start in its file. */
  lineOf(ref: SourceRef): number | undefined {
    return this.lines(ref.file)?.positionAt(ref.start).line;
  }

  /** Lines and UTF-16 characters of a location, as LSP counts them. */
  range(location: Location): Range | undefined {
    return this.lines(location.file)?.range(location.start, location.end);
  }

  private lines(file: string): LineIndex | undefined {
    const text = this.textOf(file);
    if (text === undefined) return undefined;
    let cached = this.lineIndexes.get(file);
    if (cached?.text !== text) {
      cached = { text, lines: new LineIndex(text) };
      this.lineIndexes.set(file, cached);
    }
    return cached.lines;
  }

  /** The schema the file starts from: the earlier files of its history; for a down migration, the whole history. */
  private baseOf(file: string): SchemaState {
    const position = this.source.positionOf(file);
    if (!position) return EMPTY;
    if (position.index >= 0) return this.source.sharedBefore(file) ?? EMPTY;
    if (position.history.downs.some((down) => down.path === file)) return this.source.final(position.history);
    return EMPTY; // a pg_dump beside migrations is a schema of its own
  }

  /** The schema after the whole history the file belongs to (after the file itself, outside one). */
  private finalOf(file: string): SchemaState | undefined {
    const position = this.source.positionOf(file);
    if (position && (position.index >= 0 || position.history.downs.some((down) => down.path === file))) return this.source.final(position.history);
    return this.analysis(file)?.after;
  }

  private historyFiles(file: string): string[] {
    const position = this.source.positionOf(file);
    if (!position) return [file];
    const files = [...position.history.files, ...position.history.downs].map((entry) => entry.path);
    return files.includes(file) ? files : [...files, file];
  }

  private definitionOf(object: SchemaObject): Location {
    const { origin } = sourcesOf(object);
    const identity = identityOf(object);
    const created = this.analysis(origin.file)?.mentionsIn(origin.statement).find((mention) => mention.defines && mention.identity === identity);
    return created ? { file: origin.file, start: created.start, end: created.end } : { file: origin.file, start: origin.start, end: origin.end };
  }

  /** An object's name inside the statement a SourceRef points at (an index's origin is its whole statement). */
  private nameRange(origin: SourceRef, name: string): Location {
    const statement = this.source.migration(origin.file)?.script.statements[origin.statement];
    const token = statement?.kind ? statement.tokens().find((candidate) => candidate.start >= origin.start && candidate.end <= origin.end && foldName(candidate.text) === name) : undefined;
    return token ? { file: origin.file, start: token.start, end: token.end } : { file: origin.file, start: origin.start, end: origin.end };
  }
}

/** The last statement that starts at or before `offset`. */
function statementAt(statements: readonly Statement[], offset: number): Statement | undefined {
  let low = 0;
  let high = statements.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (statements[mid].start <= offset) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? statements[low - 1] : undefined;
}
