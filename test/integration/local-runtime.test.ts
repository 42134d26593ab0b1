import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamo.js';

/**
 * `npm start` as a user runs it: a separate process tree (tsx → node → java). Each run carries a
 * marker in its environment, which its DynamoDB Local inherits, so the check for a surviving java
 * finds this run's process only, never the test run's own DynamoDB Local or another run's.
 */

const MARKER = 'OUTREACH_LOCAL_RUNTIME_TEST_RUN';

type Run = { child: ChildProcess; marker: string; dataDir: string; output: () => string; exited: Promise<number | null> };
const runs: Run[] = [];

function startServer(port: number): Run {
  const marker = randomUUID();
  const dataDir = mkdtempSync(join(tmpdir(), 'outreach-local-'));
  const child = spawn('node_modules/.bin/tsx', ['infra/local/server.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: String(port), OUTREACH_IN_MEMORY: '1', OUTREACH_DATA_DIR: dataDir, [MARKER]: marker },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run = { child, marker, dataDir, output: () => output, exited };
  runs.push(run);
  return run;
}

/** Pids of DynamoDB Local processes started under this run (found by the marker in their environment). */
function javaOf(run: Run): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!args.includes('DynamoDBLocal')) continue;
      const environment = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environment.includes(`${MARKER}=${run.marker}`)) pids.push(Number(entry));
    } catch {
      // The process ended while being read, or is not ours to read.
    }
  }
  return pids;
}

/** Waits for the run's exit, at most `ms`. */
async function exitOf(run: Run, ms: number): Promise<number | null | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  const outcome = await Promise.race([run.exited, timeout]);
  clearTimeout(timer);
  return outcome;
}

function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

afterEach(async () => {
  // Whatever a failing assertion left behind goes now, so no java outlives the test run.
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    for (const pid of javaOf(run)) process.kill(pid, 'SIGKILL');
    rmSync(run.dataDir, { recursive: true, force: true });
  }
});

describe.skipIf(process.platform !== 'linux')('npm start (infra/local/server.ts)', () => {
  it('exits 1 with one clear line when the port is taken, and leaves no DynamoDB Local behind', { timeout: 45_000 }, async () => {
    const port = await freePort();
    const blocker = await occupy(port);
    try {
      const run = startServer(port);

      const code = await exitOf(run, 40_000);

      expect(code, run.output()).toBe(1);
      expect(run.output()).toContain(`Port ${port} is in use: set PORT to another port.`);
      expect(run.output()).not.toMatch(/^\s+at /m); // a message, not a stack trace
      expect(javaOf(run)).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('without forecasts (no network) says so in one line and goes on serving', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const run = startServer(port);
    const deadline = Date.now() + 45_000;
    let said = false;
    while (!said && Date.now() < deadline && run.child.exitCode === null) {
      said = run.output().includes('Forecasts unavailable');
      if (!said) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(run.output().match(/^Forecasts unavailable \(.*\): campaigns follow official warnings only\.$/gm), run.output()).toHaveLength(1);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    run.child.kill('SIGINT');
    expect(await exitOf(run, 10_000)).toBe(0);
  });

  it('stops DynamoDB Local and exits 0 on SIGINT', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const run = startServer(port);

    const deadline = Date.now() + 45_000;
    let healthy = false;
    while (!healthy && Date.now() < deadline && run.child.exitCode === null) {
      healthy = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.status === 200, () => false);
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(healthy, run.output()).toBe(true);
    expect(javaOf(run)).toHaveLength(1);

    run.child.kill('SIGINT');
    const code = await exitOf(run, 10_000);

    expect(code, run.output()).toBe(0);
    expect(javaOf(run)).toEqual([]);
  });
});
