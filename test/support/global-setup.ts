import type { TestProject } from 'vitest/node';
import { ensureTable, startDynamoLocal } from '../../infra/local/dynamo.js';

export const TEST_TABLE = 'outreach-test';

/** One DynamoDB Local for the whole run, on a free port, in memory; stopped (and waited for) at the end. */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  await ensureTable(dynamo.endpoint, TEST_TABLE);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', TEST_TABLE);
  return async () => {
    await dynamo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
  }
}
