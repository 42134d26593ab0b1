/**
 * `npm run stack -- <asset dir or index.mjs.map> [file]`: maps a stack trace from the function logs
 * (positions in the minified index.mjs and in the chunks under chunks/) back to source files and
 * lines, offline, with the source maps shipped beside them (cdk.out/asset.<hash>/, or
 * `node --import tsx infra/bundle.ts functions/api.ts <dir>` at the deployed commit). Reads the
 * trace from `file` or stdin.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join } from 'node:path';

/** The source map of a bundle file (`index.mjs` or `chunks/<name>.mjs`), if there is one. */
export type SourceMaps = (file: string) => SourceMap | undefined;

/** The maps shipped in an asset directory, read on first use. */
export function assetSourceMaps(dir: string): SourceMaps {
  const cache = new Map<string, SourceMap | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      const path = join(dir, `${file}.map`);
      cache.set(file, existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]) : undefined);
    }
    return cache.get(file);
  };
}

/** Rewrites every `index.mjs:line:column` or `chunks/<name>.mjs:line:column` in `trace` to `source:line:column` (1-based, as printed). */
export function mapStackTrace(trace: string, maps: SourceMaps): string {
  return trace.replace(/(?:file:\/\/)?[^\s()]*?((?:chunks\/)?[\w.-]+\.mjs):(\d+):(\d+)/g, (whole, file: string, line: string, column: string) => {
    const map = maps(file);
    if (!map) return whole;
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
    const source = entry.originalSource.replace(/^(?:file:\/\/)?(?:\.\.\/)+/, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

if (process.argv[1]?.endsWith('map-stack.ts')) {
  const [where, file] = process.argv.slice(2);
  if (!where) {
    process.stderr.write('usage: npm run stack -- <asset dir | index.mjs.map> [trace file]   (trace on stdin otherwise)\n');
    process.exit(2);
  }
  const dir = existsSync(where) && statSync(where).isDirectory() ? where : dirname(where);
  process.stdout.write(mapStackTrace(readFileSync(file ?? 0, 'utf8'), assetSourceMaps(dir)));
}
