/**
 * Builds the browser app when web/dist is missing or older than its sources, so `npm install &&
 * npm start` works on a fresh clone and a restart with nothing changed starts at once.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webDir = fileURLToPath(new URL('../../web', import.meta.url));
export const webDistDir = join(webDir, 'dist');
const stampFile = join(webDistDir, '.built');

/** Newest modification time under the app's sources (src, public, the page, the build config). */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const part of ['src', 'public', 'index.html', 'vite.config.ts']) visit(join(webDir, part));
  return newest;
}

/** True when the build is missing or a source changed after it. */
export function webBuildStale(): boolean {
  return !existsSync(stampFile) || !existsSync(join(webDistDir, 'index.html')) || statSync(stampFile).mtimeMs < newestSource();
}

/** Builds with Vite when stale; returns whether it built. */
export async function ensureWebBuild(log: (line: string) => void = () => undefined): Promise<boolean> {
  if (!webBuildStale()) return false;
  log('Building the web app (web/dist)…');
  const { build } = await import('vite');
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stampFile, new Date().toISOString());
  return true;
}
