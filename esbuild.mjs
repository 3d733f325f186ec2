// Bundles the client, the server and the CLI into dist/, and copies the parser's WebAssembly next to them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD build cannot be bundled; its ESM build can
  mainFields: ['module', 'main'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // some dependencies are ESM and read import.meta.url, which a CommonJS bundle must provide
  define: { 'process.env.SCHEMAGUARD_VERSION': JSON.stringify(version), 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

/** The V8 flags each bundle sets for itself (--liftoff-only; the server also its GC flags): the launcher must set them too, before it reads the code cache. */
function launcher(outfile, bundle, banner, flags = '--liftoff-only') {
  const define = { ...common.define, BUNDLE: JSON.stringify(bundle), V8_FLAGS: JSON.stringify(flags) };
  return build({ ...common, entryPoints: ['server/src/launcher.ts'], outfile, sourcemap: false, define, banner });
}

mkdirSync('dist', { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // the server and the CLI start through a launcher that keeps a V8 code cache of their bundle (server/src/launcher.ts)
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js' }),
  launcher('dist/server.js', 'server-main.js', undefined, '--liftoff-only --heap-growing-percent=100 --expose-gc'),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js' }),
  launcher('dist/cli.js', 'cli-main.js', { js: '#!/usr/bin/env node' }),
]);
const wasm = join(dirname(require.resolve('libpg-query')), 'libpg-query.wasm');
copyFileSync(wasm, 'dist/libpg-query.wasm');
