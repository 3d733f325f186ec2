/**
 * `npm run test:vscode`: the in-editor suite (test/e2e/vscode) in desktop VS Code through
 * @vscode/test-electron, where VS Code can be downloaded (this offline machine cannot: there the
 * same suite runs in code-server, test/e2e/code-server/run.ts). Installs schemaguard.vsix into a
 * scratch extensions folder and points extensionDevelopmentPath at the installed copy, as the
 * code-server runner does. On Linux without a display, run it under xvfb-run.
 *
 * SCHEMAGUARD_VSCODE_EXECUTABLE uses an installed VS Code instead of downloading;
 * SCHEMAGUARD_VSCODE_VERSION picks the downloaded version (default: stable).
 */
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliPathFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { installedExtension, prepareEditorDirs } from '../lib/editor-dirs';
import { muteServer } from '../lib/mute';
import { VSIX_PATH, scratchDir } from '../lib/paths';
import { runCommand } from '../lib/process';
import { printSuiteReport, readSuiteReport } from '../lib/suite-report';
import { buildSuite } from './build';

async function main(): Promise<boolean> {
  const executable =
    process.env.SCHEMAGUARD_VSCODE_EXECUTABLE || (await downloadAndUnzipVSCode({ version: process.env.SCHEMAGUARD_VSCODE_VERSION || 'stable' }));
  const { root, env } = scratchDir('test-electron');
  const dirs = prepareEditorDirs(root);
  const install = await runCommand(resolveCliPathFromVSCodeExecutablePath(executable), [...dirs.args, '--install-extension', VSIX_PATH], { env });
  const extensionPath = installedExtension(dirs.extensionsDir);
  if (install.code !== 0 || !extensionPath) throw new Error(`installing ${VSIX_PATH} failed (exit ${install.code}):\n${install.output}`);
  if (process.argv.includes('--mute-diagnostics')) muteServer(join(extensionPath, 'dist'));
  const reportPath = join(root, 'suite-report.json');
  let exitCode: number;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: await buildSuite(extensionPath),
      launchArgs: [dirs.workspace, ...dirs.args],
      extensionTestsEnv: { SCHEMAGUARD_E2E_REPORT: reportPath },
    });
  } catch (error) {
    console.log(`VS Code exited with an error: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  }
  const passed = printSuiteReport(readSuiteReport(reportPath), `@vscode/test-electron, ${executable}`);
  console.log(`scratch folder: ${root}`);
  return exitCode === 0 && passed;
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
