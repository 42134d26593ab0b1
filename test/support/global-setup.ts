import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureTable, startDynamoLocal } from '../../infra/local/dynamo.js';

export const TEST_TABLE = 'outreach-test';

/** Where the browser tests find Chromium (test/e2e/harness.ts reads the same). */
export const chromiumPath = () => process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** The one command that installs what `npm test` needs beside Node on Debian or Ubuntu. */
export const INSTALL_COMMAND = 'sudo apt-get install -y openjdk-17-jre-headless chromium';

/**
 * A run that includes the browser tests (test/e2e) needs Chromium: without it the run stops here,
 * before any test, with one line that says how to get it, rather than failing each browser test
 * with a launch error. Never a silent skip.
 */
async function requireChromium(project: TestProject) {
  const vitest = project.vitest as typeof project.vitest & { filenamePattern?: string[] };
  const specifications = await vitest.globTestSpecifications(vitest.filenamePattern ?? []);
  if (!specifications.some((specification) => specification.moduleId.replaceAll('\\', '/').includes('/test/e2e/'))) return;
  const path = chromiumPath();
  if (existsSync(path)) return;
  // One line and out: a thrown error would come after a misleading "No test files found" and a stack.
  process.stderr.write(`Chromium not found at ${path}; install it with \`${INSTALL_COMMAND}\`; or set CHROMIUM_PATH to a Chromium binary.\n`);
  process.exit(1);
}

/**
 * One DynamoDB Local for the whole run, on a free port, in memory; stopped (and waited for) at the
 * end. Beside it, the directory where the run's tests claim their district codes (one file a code).
 */
export default async function setup(project: TestProject) {
  await requireChromium(project);
  const dynamo = await startDynamoLocal();
  await ensureTable(dynamo.endpoint, TEST_TABLE);
  const districtClaims = mkdtempSync(join(tmpdir(), 'outreach-test-districts-'));
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', TEST_TABLE);
  project.provide('districtClaims', districtClaims);
  return async () => {
    await dynamo.stop();
    rmSync(districtClaims, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
    districtClaims: string;
  }
}
