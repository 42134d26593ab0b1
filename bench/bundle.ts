import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { bundleFunction, bundleSizes, projectRoot } from '../infra/bundle.js';

export { projectRoot };

export type BundleResult = {
  /** The bundle file (index.mjs) in `outDir`. */
  file: string;
  bytes: number;
  /** Chunks index.mjs imports on first use (route modules and what only they need). */
  chunkBytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
  /** Files shipped beside the bundle and loaded on first use (the pinyin dictionary, the holiday table). */
  lazyBytes: number;
  metafile: Metafile;
};

/** Bundles an entry exactly as the CDK stack does (infra/bundle.ts), and measures it. */
export async function bundleLikeProduction(entry: string, outDir: string): Promise<BundleResult> {
  const bundle = await bundleFunction(entry, outDir);
  return {
    file: bundle.file,
    ...bundleSizes(bundle),
    gzipBytes: gzipSync(readFileSync(bundle.file), { level: 9 }).byteLength,
    metafile: bundle.metafile,
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
