import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { bundleFunction, bundleSizes, projectRoot } from '../infra/bundle.js';

export { projectRoot };

export type BundleResult = {
  /** The bundle file (index.mjs) in `outDir`. */
  file: string;
  /** index.mjs alone. */
  bytes: number;
  /** index.mjs and the chunks it imports statically: the code every cold start reads. */
  startBytes: number;
  /** Every chunk (those read at start included). */
  chunkBytes: number;
  /** index.mjs and every chunk, gzipped one by one. */
  gzipBytes: number;
  sourceMapBytes: number;
  /** Files shipped beside the bundle and loaded on first use (the pinyin dictionary, the holiday table). */
  lazyBytes: number;
  metafile: Metafile;
};

/** Bundles an entry exactly as the CDK stack does (infra/bundle.ts), and measures it. */
export async function bundleLikeProduction(entry: string, outDir: string): Promise<BundleResult> {
  const bundle = await bundleFunction(entry, outDir);
  const files = [bundle.file, ...bundle.chunks.map((chunk) => join(outDir, chunk))];
  return {
    file: bundle.file,
    ...bundleSizes(bundle),
    startBytes: [...staticClosure(bundle.metafile, relative(projectRoot, bundle.file))].reduce((sum, output) => sum + (bundle.metafile.outputs[output]?.bytes ?? 0), 0),
    gzipBytes: files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).byteLength, 0),
    metafile: bundle.metafile,
  };
}

/**
 * The outputs a cold start reads: index.mjs (`entry`, as the metafile names it) and those it imports
 * statically, transitively. Not "the first output with an entry point": each dynamically imported
 * route module is an entry point of its own chunk.
 */
function staticClosure(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output) || !metafile.outputs[output]) return;
    seen.add(output);
    for (const imported of metafile.outputs[output].imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry.split(sep).join('/'));
  if (!seen.size) throw new Error(`${entry} is not an output of this build`);
  return seen;
}

/** Output bytes of every input over all of a function's files (index.mjs and its chunks). */
function inputBytes(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) totals.set(input, (totals.get(input) ?? 0) + bytesInOutput);
  }
  return [...totals];
}

export type InputWeight = { input: string; bytes: number };

/** The inputs that contribute most bytes to the (minified) output, chunks included. */
export function heaviestInputs(metafile: Metafile, count: number): InputWeight[] {
  return inputBytes(metafile)
    .map(([input, bytes]) => ({ input: shorten(input), bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

/** Output bytes per npm package (the project's own files as `(project)`). */
export function heaviestPackages(metafile: Metafile, count: number): InputWeight[] {
  const totals = new Map<string, number>();
  for (const [input, bytes] of inputBytes(metafile)) {
    const name = packageOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytes);
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
