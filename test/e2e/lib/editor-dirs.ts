/** The folders a VS Code (desktop or code-server) test run owns: user data with quiet settings, extensions, the workspace copy. */
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_ID, FIXTURE_WORKSPACE } from './paths';

/** Editor settings that keep welcome pages, tips and update checks out of the way of the tests. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'files.autoSave': 'off',
  'editor.cursorBlinking': 'solid',
  'window.restoreWindows': 'none',
};

export interface EditorDirs {
  userDataDir: string;
  extensionsDir: string;
  /** The copy of test/e2e/fixtures/workspace that the editor opens; tests may change it. */
  workspace: string;
  /** `--user-data-dir` and `--extensions-dir`, for the editor's command line. */
  args: string[];
}

export function prepareEditorDirs(root: string): EditorDirs {
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  return { userDataDir, extensionsDir, workspace, args: ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir] };
}

/** The folder the editor unpacked schemaguard.vsix into, or undefined when it is not installed. */
export function installedExtension(extensionsDir: string): string | undefined {
  if (!existsSync(extensionsDir)) return undefined;
  const entry = readdirSync(extensionsDir, { withFileTypes: true }).find((candidate) => candidate.isDirectory() && candidate.name.startsWith(`${EXTENSION_ID}-`));
  return entry ? join(extensionsDir, entry.name) : undefined;
}
