import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// Builds web/ into web/dist when the build is missing or older than its sources: used by
// `npm start` (prestart) and the browser tests, so nobody has to remember a build step.
// `npm install` always builds (the `prepare` script).

const WEB = resolve(import.meta.dirname, '..');
const DIST_INDEX = join(WEB, 'dist', 'index.html');
const SOURCES = [join(WEB, 'src'), join(WEB, 'public'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), resolve(WEB, '../src/shared')];
const LOCK = join(WEB, '.build-lock');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

/** True when web/dist is missing or older than a source file. */
export function webBuildIsStale(): boolean {
  if (!existsSync(DIST_INDEX)) return true;
  const built = statSync(DIST_INDEX).mtimeMs;
  return SOURCES.some((s) => newest(s) > built);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the web app unless an up-to-date build is there. Several test files may ask at
 * once: one builds (holding a lock directory), the others wait for it.
 */
export async function ensureWebBuild(opts: { force?: boolean } = {}): Promise<'built' | 'fresh'> {
  for (let waited = 0; ; waited += 250) {
    if (!opts.force && !webBuildIsStale()) return 'fresh';
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else is building; a lock older than two minutes was left by a crash.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (waited > 180_000) throw new Error(`web build lock ${LOCK} held for 3 minutes`);
      await sleep(250);
    }
  }
  try {
    if (!opts.force && !webBuildIsStale()) return 'fresh';
    const { build } = await import('vite');
    await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
    return 'built';
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const r = await ensureWebBuild({ force: process.argv.includes('--force') });
  console.log(r === 'built' ? 'Built the web app into web/dist.' : 'The web app in web/dist is up to date.');
}
