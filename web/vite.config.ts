import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** Writes precache.json, the list of every built file, which the service worker caches at install. */
const precacheList = (): Plugin => ({
  name: 'precache-list',
  generateBundle(_options, bundle) {
    const files = ['/', ...Object.keys(bundle).map((name) => `/${name}`), '/manifest.webmanifest', '/icon.svg'];
    this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify(files) });
  },
});

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // Rolldown's plugin-timing report is a warning about the build machine's speed, not about the app.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: false, reportCompressedSize: false, rolldownOptions: { checks: { pluginTimings: false } } },
  plugins: [precacheList()],
});
