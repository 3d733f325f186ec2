/** Puts lib/mute-diagnostics.cjs in front of an installed server, for the "server publishes nothing" check. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

export const MUTE_PRELOAD = join(REPO_ROOT, 'test/e2e/lib/mute-diagnostics.cjs');

/** Rewrites `<distDir>/server.js` to load the mute preload, then the real server (kept as server.unmuted.js). */
export function muteServer(distDir: string): void {
  const server = join(distDir, 'server.js');
  if (readFileSync(server, 'utf8').includes('mute-diagnostics')) return;
  renameSync(server, join(distDir, 'server.unmuted.js'));
  writeFileSync(server, `require(${JSON.stringify(MUTE_PRELOAD)});\nrequire('./server.unmuted.js');\n`);
}
