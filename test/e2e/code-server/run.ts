/**
 * Runs the in-editor suite (test/e2e/vscode) inside real VS Code through code-server: installs
 * schemaguard.vsix, opens the fixture workspace in headless Chromium with the test-runner payload
 * (extensionDevelopmentPath = the installed extension, extensionTestsPath = the bundled suite),
 * and reads the exit code VS Code hands to `window.codeAutomationExit`, plus the suite's report.
 *
 *   npx tsx test/e2e/code-server/run.ts [--mute-diagnostics]
 */
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../lib/browser';
import { startCodeServer } from '../lib/code-server';
import type { LayerOptions, LayerResult } from '../lib/layer';
import { runIfMain } from '../lib/layer';
import { firstFailure, printSuiteReport, readSuiteReport } from '../lib/suite-report';
import { buildSuite } from '../vscode/build';

/** The whole suite normally takes about 10 s; this only bounds a hung editor. */
const SUITE_TIMEOUT_MS = 180_000;

export async function runCodeServerSuite(options: LayerOptions = {}): Promise<LayerResult> {
  const reportOf = (root: string) => join(root, 'suite-report.json');
  const server = await startCodeServer({ label: 'suite', muteDiagnostics: options.muteDiagnostics, env: (root) => ({ SCHEMAGUARD_E2E_REPORT: reportOf(root) }) });
  const reportPath = reportOf(server.root);
  let passed = false;
  let failure = '';
  let browser: BrowserContext | undefined;
  try {
    const suite = await buildSuite(server.extensionPath);
    browser = await launchBrowser(server.root, server.env);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const exitCode = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    await page.goto(
      server.url([
        ['extensionDevelopmentPath', server.remoteUri(server.extensionPath)],
        ['extensionTestsPath', server.remoteUri(suite)],
      ]),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS)));
    const outcome = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    const report = readSuiteReport(reportPath);
    passed = printSuiteReport(report, `code-server ${server.origin}`) && outcome === 0;
    if (!passed) {
      failure = outcome === 'timeout' ? `no exit code within ${SUITE_TIMEOUT_MS} ms` : firstFailure(report) || `exit code ${outcome}`;
      const screenshot = join(server.root, 'failure.png');
      await page.screenshot({ path: screenshot }).catch(() => undefined);
      console.log(`code-server suite failed: exit ${outcome}${report ? '' : ', no report written'}; screenshot ${screenshot}`);
      const messages = consoleLines.filter((line) => !line.startsWith('%c INFO'));
      console.log(`browser console (last 20 messages):\n${messages.slice(-20).join('\n')}`);
    }
  } finally {
    await browser?.close();
    await server.stop(!passed && options.keepOnFailure !== false);
  }
  return { passed, failure };
}

runIfMain(module, runCodeServerSuite);
