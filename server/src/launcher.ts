/**
 * The entry of dist/cli.js and dist/server.js: runs the bundle (dist/cli-main.js,
 * dist/server-main.js) through a V8 code cache, so that a start does not compile the bundle's
 * code again (Node 20 has no module.enableCompileCache, which came in Node 22.1). The cache is one
 * file per bundle build, Node version and architecture, in a folder of the user's own in the temp
 * folder; V8 checks it against the source and its flags, ignores it when it does not fit, and it
 * is written again at exit. SCHEMAGUARD_NO_COMPILE_CACHE=1 turns it off.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** The bundle to run, next to this file. */
declare const BUNDLE: string;
/** The V8 flags the bundle sets for itself: V8 accepts a code cache only under the flags it was made with. */
declare const V8_FLAGS: string;

if (V8_FLAGS) setFlagsFromString(V8_FLAGS);

const bundle = join(__dirname, BUNDLE);
const source = readFileSync(bundle, 'utf8');
const enabled = !process.env.SCHEMAGUARD_NO_COMPILE_CACHE;
const folder = join(tmpdir(), `schemaguard-compile-cache-${safeUser()}`);
const stats = statSync(bundle);
const prefix = `${BUNDLE.replace(/\W/g, '_')}-`;
const cacheFile = join(folder, `${prefix}${stats.size}-${Math.floor(stats.mtimeMs)}-${process.version}-${process.arch}.bin`);

let cachedData: Buffer | undefined;
if (enabled && ownFolder()) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // first run of this build
  }
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
if (enabled && (!cachedData || script.cachedDataRejected)) process.once('exit', writeCache);
const bundleModule = { exports: {} };
script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, dirname(bundle));

/** After the run, so that the cache holds the functions the run compiled, not only the top level. */
function writeCache(): void {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(folder)) if (name.startsWith(prefix)) rmSync(join(folder, name), { force: true });
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  } catch {
    // a read-only or full temp folder: the next run compiles again
  }
}

/** Only a cache folder that this user owns and no one else can write to is read. */
function ownFolder(): boolean {
  try {
    const folderStats = statSync(folder);
    return folderStats.uid === process.getuid?.() && (folderStats.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function safeUser(): string {
  try {
    return userInfo().username.replace(/\W/g, '_');
  } catch {
    return 'user';
  }
}
