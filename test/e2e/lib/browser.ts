/** Headless Debian Chromium driven by playwright-core, with a fresh profile in the run's scratch folder. */
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { chromium } from 'playwright-core';
import { chromiumBinary } from './paths';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(scratchRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<BrowserContext> {
  return chromium.launchPersistentContext(join(scratchRoot, 'chromium-profile'), {
    executablePath: chromiumBinary(),
    headless: true,
    args: ARGS,
    env: env as Record<string, string>,
    viewport: { width: 1280, height: 760 },
    deviceScaleFactor: 1,
  });
}
