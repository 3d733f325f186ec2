/**
 * The language server's side of the workspace schema: one SchemaWorkspace per workspace folder,
 * filled from disk in the background after start-up (off the typing path), kept current from open
 * documents and file events, and asked for the schema around a document when it is linted.
 */
import { readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { glob } from 'tinyglobby';
import type { Settings } from './core/config';
import { DEFAULT_SETTINGS } from './core/config';
import { isPythonPath } from './core/model/schema/layout';
import type { SchemaInput } from './core/model/schema/workspace';
import { SchemaWorkspace } from './core/model/schema/workspace';
import { historyOverrides, isHistoryPath, loadFiles } from './history-files';
import { GitRepositories } from './git-files';
import { isIncluded } from './workspace';

interface FolderSchema {
  root: string;
  workspace: SchemaWorkspace;
  /** Paths whose text comes from an open document, not from disk. */
  open: Set<string>;
  scanned: Promise<void>;
}

const IGNORED = ['**/node_modules/**', '**/.git/**'];
const FILES_PER_TURN = 25;

export class SchemaService {
  private readonly folders: FolderSchema[] = [];
  /** For files outside every workspace folder (and when there is none). */
  private readonly loose = new SchemaWorkspace();
  private readonly looseOpen = new Set<string>();
  /** Folders of Alembic revisions read whole already (see loadRevisionFolder). */
  private readonly revisionFolders = new Set<string>();
  /** What git's HEAD holds, found in the background per folder; `changed` lints again when more is known. */
  private readonly git: GitRepositories;

  constructor(
    private readonly log: (message: string) => void,
    changed: () => void = () => undefined,
  ) {
    this.git = new GitRepositories(changed);
    this.loose.committedFiles = (path) => this.git.committedFiles(path);
  }

  /** Starts reading a folder's migrations; resolves when done. Documents are linted meanwhile with what is known. */
  addFolder(root: string, settings: Settings): Promise<void> {
    const workspace = new SchemaWorkspace(historyOverrides(settings, root));
    workspace.committedFiles = (path) => this.git.committedFiles(path);
    const folder: FolderSchema = { root, workspace, open: new Set(), scanned: Promise.resolve() };
    folder.scanned = this.scan(folder, settings);
    this.folders.push(folder);
    return folder.scanned;
  }

  /** The text of an open document: it wins over the disk. Returns false when nothing changed. */
  setOpen(path: string, text: string): boolean {
    const { workspace, open } = this.owner(path);
    open.add(path);
    const changed = workspace.setFile(path, text);
    this.loadRevisionFolder(path, workspace, open);
    return changed;
  }

  /**
   * An Alembic revision's graph needs every revision of its folder: read them now (once per folder)
   * when the folder has not been read yet (outside the workspace folders, or before their scan).
   */
  private loadRevisionFolder(path: string, workspace: SchemaWorkspace, open: Set<string>): void {
    if (!isPythonPath(path) || !isHistoryPath(path)) return;
    const folder = dirname(path);
    if (this.revisionFolders.has(folder)) return;
    this.revisionFolders.add(folder);
    let names: string[];
    try {
      names = readdirSync(folder).filter((name) => isPythonPath(name));
    } catch {
      return;
    }
    // the size limit of the default settings: the document's own settings are not known yet here
    loadFiles(
      workspace,
      names.map((name) => join(folder, name)).filter((file) => !open.has(file) && !workspace.hasFile(file)),
      DEFAULT_SETTINGS,
    );
  }

  /** A document was closed: its history goes on with the text on disk (or without the file). */
  async close(path: string): Promise<void> {
    const { open } = this.owner(path);
    open.delete(path);
    await this.fromDisk(path);
  }

  /** A file changed on disk (created, changed or deleted) and is not open. */
  async fromDisk(path: string): Promise<void> {
    const { workspace, open } = this.owner(path);
    if (open.has(path)) return;
    try {
      const text = await readFile(path, 'utf8');
      workspace.setFile(path, text);
    } catch {
      workspace.deleteFile(path);
    }
  }

  inputFor(path: string): SchemaInput {
    return this.owner(path).workspace.inputFor(path);
  }

  workspaceOf(path: string): SchemaWorkspace {
    return this.owner(path).workspace;
  }

  /** Every workspace folder's schema, and the one of files outside them (workspace symbols search them all). */
  workspaces(): SchemaWorkspace[] {
    return [...this.folders.map((folder) => folder.workspace), this.loose];
  }

  /** Paths of the other files of `path`'s history (and its drift targets), to re-lint when it changes. */
  sameHistory(path: string): string[] {
    const position = this.owner(path).workspace.positionOf(path);
    if (!position) return [];
    const { history } = position;
    return [...history.files, ...history.downs].map((file) => file.path).concat(history.dumps).filter((other) => other !== path);
  }

  private owner(path: string): { workspace: SchemaWorkspace; open: Set<string> } {
    const folder = this.folders.filter((candidate) => path.startsWith(candidate.root.endsWith('/') ? candidate.root : `${candidate.root}/`)).sort((a, b) => b.root.length - a.root.length)[0];
    return folder ?? { workspace: this.loose, open: this.looseOpen };
  }

  private async scan(folder: FolderSchema, settings: Settings): Promise<void> {
    const started = performance.now();
    let files: string[];
    try {
      files = (await glob(settings.include, { cwd: folder.root, absolute: true, dot: true, ignore: IGNORED })).filter((file) => isHistoryPath(file) && isIncluded(file, folder.root, settings));
    } catch (error) {
      this.log(`Schemaguard: could not list ${folder.root}: ${(error as Error).message}`);
      return;
    }
    let loaded = 0;
    for (let i = 0; i < files.length; i += FILES_PER_TURN) {
      for (const file of files.slice(i, i + FILES_PER_TURN)) {
        if (folder.open.has(file)) continue;
        try {
          if ((await stat(file)).size > settings.maxFileSize) continue;
          const text = await readFile(file, 'utf8');
          if (!folder.open.has(file) && !text.includes('\0')) {
            folder.workspace.setFile(file, text);
            loaded++;
          }
        } catch {
          // unreadable: not part of any history
        }
      }
      await new Promise((resolve) => setImmediate(resolve)); // let typing through
    }
    this.log(`Schemaguard: read ${loaded} migration files of ${folder.root} in ${(performance.now() - started).toFixed(0)} ms (${folder.workspace.histories().length} histories)`);
  }
}
