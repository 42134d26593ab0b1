/**
 * `npm run stack -- <asset dir or index.mjs.map> [file]`: maps a stack trace from the function logs
 * (positions in the minified index.mjs) back to source files and lines, offline, with the source map
 * shipped beside the bundle (cdk.out/asset.<hash>/index.mjs.map, or `node --import tsx infra/bundle.ts
 * functions/api.ts <dir>` at the deployed commit). Reads the trace from `file` or stdin.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';

/** Rewrites every `index.mjs:line:column` in `trace` to `source:line:column` (1-based, as printed). */
export function mapStackTrace(trace: string, map: SourceMap): string {
  return trace.replace(/(?:file:\/\/)?[^\s()]*index\.mjs:(\d+):(\d+)/g, (whole, line: string, column: string) => {
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
  const mapFile = existsSync(where) && statSync(where).isDirectory() ? join(where, 'index.mjs.map') : where;
  const map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  process.stdout.write(mapStackTrace(readFileSync(file ?? 0, 'utf8'), map));
}
