/**
 * How every Lambda function is bundled, in the cloud (infra/lambda.ts) and in `npm run bench`:
 * esbuild, Node 24 (the functions' runtime), ESM, minified, with three choices for a short cold start.
 *
 * - **Source maps are shipped, not loaded.** `index.mjs.map` sits beside the bundle, but the function
 *   runs without `--enable-source-maps` (parsing a multi-megabyte map costs every cold start 45–80 ms).
 *   A stack trace from the logs is mapped back to the source lines offline: `npm run stack`.
 * - **Large data loads on first use.** The packages in `LAZY_PACKAGES` (the pinyin dictionary, the
 *   holiday table) are not in index.mjs; their files are copied to node_modules/ beside it and
 *   required the first time a route needs them.
 * - **Route modules load per resource.** The API imports each resource's route module on its first
 *   request (shared/http/route-table.ts); with code splitting those modules and what only they use
 *   are chunks under `chunks/`, read from disk when first imported, so a cold start parses and
 *   evaluates only what its first request needs. Each chunk has its own map beside it.
 * - **Only zod's English messages.** zod's namespace export pulls in all its locales (about 260 KiB);
 *   the API speaks English problem details, so the locale index is replaced by `en` alone.
 *
 * Run as a script (`node --import tsx infra/bundle.ts <entry> <outDir>`) it bundles one entry; the
 * CDK's local bundling calls it that way.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { LAZY_PACKAGES } from '../shared/domain/on-first-use.js';

/** The repository root (infra/ sits directly under it). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The banner of every bundle: CommonJS dependencies inlined into an ESM bundle call `require`. */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * NODE_OPTIONS of every function: none. `--enable-source-maps` would parse the map at every cold
 * start; stack traces are mapped offline instead (`npm run stack`).
 */
export const FUNCTION_NODE_OPTIONS: string = '';

/**
 * The esbuild target: the Node.js of the functions' Lambda runtime (infra/lambda.ts), so that nothing
 * is lowered that the runtime runs natively. The sources stay valid on Node 20, where the tests and
 * the bench import the same bundles, because esbuild only keeps what the sources already wrote.
 */
export const FUNCTION_NODE_TARGET = 'node24';

export type FunctionBundle = {
  /** index.mjs in the output directory. */
  file: string;
  /** The chunks index.mjs imports on first use (paths relative to the output directory). */
  chunks: string[];
  /** Files copied beside it (paths relative to the output directory), loaded on first use. */
  lazyFiles: string[];
  metafile: Metafile;
};

/** Replaces zod's index of locales by one exporting `en` only (the one zod itself configures). */
const englishOnlyZod: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}zod${sep}`) ? { path: join(args.resolveDir, '../locales/en.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/** Copies each lazily loaded package's resolved file and its package.json to `outDir/node_modules`. */
function shipLazyPackages(outDir: string): string[] {
  const requireFromRoot = createRequire(join(projectRoot, 'package.json'));
  const copied: string[] = [];
  for (const specifier of Object.values(LAZY_PACKAGES)) {
    const file = requireFromRoot.resolve(specifier);
    const packageName = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
    const packageDir = join(projectRoot, 'node_modules', packageName);
    for (const source of [join(packageDir, 'package.json'), file]) {
      const target = join(outDir, 'node_modules', packageName, relative(packageDir, source));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(source, target);
      copied.push(relative(outDir, target));
    }
  }
  return copied;
}

/** Bundles a function entry (relative to the repository root) into `outDir/index.mjs`. */
export async function bundleFunction(entry: string, outputDir: string): Promise<FunctionBundle> {
  const outDir = resolve(outputDir);
  const file = join(outDir, 'index.mjs');
  const result = await build({
    entryPoints: [join(projectRoot, entry)],
    bundle: true,
    platform: 'node',
    target: FUNCTION_NODE_TARGET,
    format: 'esm',
    outdir: outDir,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    minify: true,
    sourcemap: 'linked',
    // The map resolves to paths in this repository; the sources themselves stay in git.
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: ESM_REQUIRE_BANNER },
    mainFields: ['module', 'main'],
    plugins: [englishOnlyZod],
    metafile: true,
    logLevel: 'error',
    absWorkingDir: projectRoot,
  });
  const chunks = Object.keys(result.metafile.outputs)
    .filter((output) => output.endsWith('.mjs') && resolve(projectRoot, output) !== file)
    .map((output) => relative(outDir, resolve(projectRoot, output)));
  return { file, chunks, lazyFiles: shipLazyPackages(outDir), metafile: result.metafile };
}

/** The bytes of the bundle and of each file shipped beside it. */
export function bundleSizes(bundle: FunctionBundle) {
  const outDir = dirname(bundle.file);
  const size = (file: string) => readFileSync(join(outDir, file)).byteLength;
  return {
    bytes: readFileSync(bundle.file).byteLength,
    chunkBytes: bundle.chunks.reduce((sum, chunk) => sum + size(chunk), 0),
    sourceMapBytes: ['index.mjs', ...bundle.chunks].reduce((sum, output) => sum + size(`${output}.map`), 0),
    lazyBytes: bundle.lazyFiles.reduce((sum, f) => sum + readFileSync(join(outDir, f)).byteLength, 0),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [entry, outDir] = process.argv.slice(2);
  if (!entry || !outDir) {
    process.stderr.write('usage: node --import tsx infra/bundle.ts <entry> <outDir>\n');
    process.exit(2);
  }
  await bundleFunction(entry, outDir);
}
