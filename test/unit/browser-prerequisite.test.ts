import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('a run of the browser tests without Chromium', () => {
  it('stops before any test with one line naming the path, the install command and CHROMIUM_PATH', { timeout: 120_000 }, () => {
    const missing = '/nonexistent/chromium';
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/e2e/tracer.test.ts'], {
      cwd: root,
      env: { ...process.env, CHROMIUM_PATH: missing, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 110_000,
    });

    expect(run.status).toBe(1);
    const lines = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.includes('Chromium'));
    expect(lines).toEqual([`Chromium not found at ${missing}; install it with \`sudo apt-get install -y openjdk-17-jre-headless chromium\`; or set CHROMIUM_PATH to a Chromium binary.`]);
    // Nothing ran: no test was started, none was skipped.
    expect(run.stdout).not.toMatch(/Tests\s+\d/);
  });
});
