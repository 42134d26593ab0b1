import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../infra/bundle.js';
import { assetSourceMaps, mapStackTrace } from '../../infra/map-stack.js';

const outDir = mkdtempSync(join(tmpdir(), 'outreach-stack-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('stack traces of a bundle run without --enable-source-maps', () => {
  it('map back to the source line with the shipped map', async () => {
    const bundle = await bundleFunction('test/support/stack-entry.ts', outDir);
    // The production way: no source-map support at run time, positions in the minified bundle.
    const stack = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(bundle.file)}); await m.handler().catch((e) => console.log(e.stack));`],
      { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } },
    );
    expect(stack).toMatch(/index\.mjs:\d+:\d+/);
    expect(stack).not.toContain('calendar.ts');

    const mapped = mapStackTrace(stack, assetSourceMaps(outDir));
    const source = readFileSync('shared/domain/calendar.ts', 'utf8').split('\n');
    const throwLine = source.findIndex((line) => line.includes('invalid instant')) + 1;
    expect(mapped).toContain(`shared/domain/calendar.ts:${throwLine}:`);
    expect(mapped).toContain('test/support/stack-entry.ts:4:');
  });

  it('map back from a chunk loaded on first use', async () => {
    const bundle = await bundleFunction('test/support/stack-entry.ts', outDir);
    expect(bundle.chunks.some((chunk) => chunk.startsWith('chunks/stack-chunk-'))).toBe(true);
    const stack = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(bundle.file)}); await m.chunkHandler().catch((e) => console.log(e.stack));`],
      { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } },
    );
    expect(stack).toMatch(/chunks\/stack-chunk-\w+\.mjs:\d+:\d+/);

    const mapped = mapStackTrace(stack, assetSourceMaps(outDir));
    expect(mapped).toContain('test/support/stack-chunk.ts:3:');
  });
});
