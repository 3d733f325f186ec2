/**
 * The UI-level smoke test: real VS Code (code-server) in headless Chromium, driven by keyboard and
 * mouse like a person would. Opens a migration, reads the squiggle, its hover and the Problems
 * panel, picks the quick fix from the Ctrl+. menu, saves, and checks the file on disk. Screenshots
 * go to test/e2e/.out/screenshots/; with --update-screenshots a passing run also copies them to
 * docs/images/ for the README.
 *
 *   npx tsx test/e2e/ui/run.ts [--update-screenshots] [--mute-diagnostics]
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../lib/browser';
import { startCodeServer } from '../lib/code-server';
import type { LayerOptions, LayerResult } from '../lib/layer';
import { runIfMain, waitMs } from '../lib/layer';
import { OUT_DIR, SCREENSHOT_DIR } from '../lib/paths';

const FILE = 'migrations/001_add_orders_index.sql';
const FIXED = '-- Speeds up the order history page.\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n';
const FIX_TITLE = 'Use CREATE INDEX CONCURRENTLY';
const RULE = 'require-concurrent-index';
const SCREENSHOTS = ['diagnostic-hover.png', 'quick-fix-menu.png', 'quick-fix-applied.png'];
/** Bounds each wait for the workbench itself (a busy machine can take many seconds to open Quick Open). */
const UI_WAIT_MS = 60_000;

export async function runUiSmokeTest(options: LayerOptions = {}): Promise<LayerResult> {
  const server = await startCodeServer({ label: 'ui', muteDiagnostics: options.muteDiagnostics });
  const shots = join(OUT_DIR, 'screenshots');
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  let step = 'start Chromium';
  let passed = false;
  let failure = '';
  let browser: BrowserContext | undefined;
  let page: Page | undefined;
  try {
    browser = await launchBrowser(server.root, server.env);
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(UI_WAIT_MS);
    step = 'open the workbench';
    await page.goto(server.url());
    await page.locator('.monaco-workbench .explorer-folders-view').waitFor();

    step = `open ${FILE} with Ctrl+P`;
    await openWithQuickOpen(page, FILE);
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line', { hasText: 'CREATE INDEX orders_customer_id_idx' }).waitFor();

    step = 'see the warning squiggle';
    const squiggle = editor.locator('.squiggly-warning').first();
    await squiggle.waitFor({ timeout: waitMs() });

    step = 'read the Problems panel (Ctrl+Shift+M)';
    await page.keyboard.press('Control+Shift+M');
    // the panel lists a row per file and a row per problem; problem rows end with their position
    const problems = page.locator('.markers-panel .monaco-list-row', { hasText: /\[Ln \d+, Col \d+\]/ }).filter({ hasText: RULE });
    await problems.first().waitFor();
    const problemTexts = await problems.allInnerTexts();
    expect(problemTexts.length === 1, `one ${RULE} problem expected, the panel lists: ${problemTexts.join(' | ')}`);
    expect(/CONCURRENTLY[\s\S]*schemaguard\s+require-concurrent-index\s+\[Ln 2, Col 1\]/.test(problemTexts[0]), `the problem row says: ${problemTexts[0]}`);

    step = 'hover the squiggle';
    await hoverCentre(page, squiggle);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: RULE }).first();
    await hover.waitFor();
    const hoverText = await hover.innerText();
    expect(/CONCURRENTLY/.test(hoverText), `the hover says: ${hoverText}`);
    await page.screenshot({ path: join(shots, 'diagnostic-hover.png') });

    step = 'open the quick fix menu (Ctrl+.)';
    await page.mouse.move(5, 5);
    await hover.waitFor({ state: 'hidden' });
    await editor.locator('.view-line', { hasText: 'CREATE INDEX orders_customer_id_idx' }).click();
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    const fixItem = menu.locator('.monaco-list-row', { hasText: FIX_TITLE });
    await fixItem.waitFor();
    const menuText = await menu.innerText();
    expect(menuText.includes(`Ignore ${RULE}`), `the quick fix menu lists: ${menuText}`);
    await page.screenshot({ path: join(shots, 'quick-fix-menu.png') });

    step = `apply '${FIX_TITLE}' with Enter and save (Ctrl+S)`;
    // the preferred fix comes first and has the focus, as a person sees it
    await menu.locator('.monaco-list-row.focused', { hasText: FIX_TITLE }).waitFor();
    await page.keyboard.press('Enter');
    await editor.locator('.view-line', { hasText: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx' }).waitFor();
    await page.keyboard.press('Control+S');
    const saved = join(server.workspace, FILE);
    await waitFor(() => readFileSync(saved, 'utf8') === FIXED, () => `${saved} to hold the fixed statement; it holds:\n${readFileSync(saved, 'utf8')}`);

    step = 'see the warning go away';
    await problems.first().waitFor({ state: 'detached' });
    await page.screenshot({ path: join(shots, 'quick-fix-applied.png') });

    if (options.updateScreenshots) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      for (const name of SCREENSHOTS) copyFileSync(join(shots, name), join(SCREENSHOT_DIR, name));
    }
    console.log(`UI smoke test in code-server: ok (Problems panel, hover, Ctrl+. quick fix, saved file); screenshots in ${options.updateScreenshots ? SCREENSHOT_DIR : shots}`);
    passed = true;
  } catch (error) {
    const screenshot = join(shots, 'failure.png');
    await page?.screenshot({ path: screenshot }).catch(() => undefined);
    failure = `at "${step}": ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    console.log(`UI smoke test in code-server: FAIL ${failure}; screenshot ${screenshot}`);
  } finally {
    await browser?.close();
    await server.stop(!passed && options.keepOnFailure !== false);
  }
  return { passed, failure };
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function openWithQuickOpen(page: Page, path: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 640, y: 300 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(path);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: path.split('/').pop()! }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Squiggles are drawn under the text layer, so Playwright's hover() would hit the text: move the mouse to the box instead. */
async function hoverCentre(page: Page, target: ReturnType<Page['locator']>): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('the squiggle has no box on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
}

async function waitFor(condition: () => boolean, what: () => string): Promise<void> {
  for (let waited = 0; waited < waitMs(); waited += 100) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`waited ${waitMs()} ms for ${what()}`);
}

runIfMain(module, runUiSmokeTest);
