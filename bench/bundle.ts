import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

/** The banner the Lambda bundles carry (see infra/lambda.ts): CommonJS dependencies need `require`. */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** The repository root (bench/ sits directly under it). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export type BundleResult = {
  /** The bundle file (index.mjs) in `outDir`. */
  file: string;
  bytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
  metafile: Metafile;
};

/**
 * Bundles an entry with the options the CDK `NodejsFunction` passes to esbuild for the project's
 * functions: node22, ESM, minified, source map, AWS SDK bundled (no externals), the `require`
 * banner, main fields module,main; output `index.mjs`.
 */
export async function bundleLikeProduction(entry: string, outDir: string): Promise<BundleResult> {
  const file = join(outDir, 'index.mjs');
  const result = await build({
    entryPoints: [join(projectRoot, entry)],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outfile: file,
    minify: true,
    sourcemap: true,
    banner: { js: ESM_REQUIRE_BANNER },
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'error',
    absWorkingDir: projectRoot,
  });
  const code = readFileSync(file);
  return {
    file,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    sourceMapBytes: readFileSync(`${file}.map`).byteLength,
    metafile: result.metafile,
  };
}

export type InputWeight = { input: string; bytes: number };

/** The inputs that contribute most bytes to the (minified) output. */
export function heaviestInputs(metafile: Metafile, count: number): InputWeight[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined) ?? Object.values(metafile.outputs)[0];
  if (!output) return [];
  return Object.entries(output.inputs)
    .map(([input, { bytesInOutput }]) => ({ input: shorten(input), bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

/** Output bytes per npm package (the project's own files as `(project)`). */
export function heaviestPackages(metafile: Metafile, count: number): InputWeight[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  if (!output) return [];
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input.slice(input.lastIndexOf('node_modules/')));
  return match?.[1] ?? '(project)';
}

function shorten(input: string): string {
  const path = input.startsWith('/') ? relative(projectRoot, input) : input;
  return path.replace(/^node_modules\//, '');
}
