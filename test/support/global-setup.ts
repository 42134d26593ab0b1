import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureTable, startDynamoLocal } from '../../infra/local/dynamo.js';

export const TEST_TABLE = 'outreach-test';

/**
 * One DynamoDB Local for the whole run, on a free port, in memory; stopped (and waited for) at the
 * end. Beside it, the directory where the run's tests claim their district codes (one file a code).
 */
export default async function setup(project: TestProject) {
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
