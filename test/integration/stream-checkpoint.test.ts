/**
 * The local notifier's stream checkpoint (infra/local/stream-poller.ts): items written while the
 * poller is stopped (npm start stopped) are handed over exactly once when it starts again, and a
 * failed delivery is retried from the record that failed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable, localCredentials, localRegion } from '../../infra/local/dynamo.js';
import { pollStream } from '../../infra/local/stream-poller.js';

const tableName = `outreach-stream-${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'outreach-checkpoint-'));
const checkpointFile = join(dir, 'stream-checkpoint.json');
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), tableName);
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: localRegion, credentials: localCredentials }));
});
afterAll(() => {
  doc.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const put = (id: string) => doc.send(new PutCommand({ TableName: tableName, Item: { pk: `CHECK#${id}`, sk: 'CHECK', id } }));
const idOf = (record: _Record) => record.dynamodb?.Keys?.['pk']?.S?.replace('CHECK#', '') ?? '?';
const until = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for stream records');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('the stream checkpoint under .data/', () => {
  it('delivers the items written while stopped exactly once after a restart, and retries a failed delivery', { timeout: 60_000 }, async () => {
    const seen: string[] = [];
    const first = await pollStream(inject('dynamoEndpoint'), tableName, async (records) => void seen.push(...records.map(idOf)), { intervalMs: 50, checkpointFile });
    await put('before-stop');
    await until(() => seen.includes('before-stop'));
    await first.stop();

    // Written while nothing polls (npm start stopped).
    const meanwhile = Array.from({ length: 12 }, (_, i) => `meanwhile-${i}`);
    for (const id of meanwhile) await put(id);

    // Restarted: the first delivery of the fifth record fails once, then succeeds.
    let failedOnce = false;
    const second = await pollStream(
      inject('dynamoEndpoint'),
      tableName,
      async (records) => {
        const fifth = records.find((r) => idOf(r) === 'meanwhile-4');
        if (fifth && !failedOnce) {
          failedOnce = true;
          const upTo = records.indexOf(fifth);
          seen.push(...records.slice(0, upTo).map(idOf));
          return { failedSequenceNumber: fifth.dynamodb?.SequenceNumber };
        }
        seen.push(...records.map(idOf));
        return {};
      },
      { intervalMs: 50, checkpointFile },
    );
    await put('after-restart');
    await until(() => seen.includes('after-restart'));
    await second.stop();

    expect(failedOnce).toBe(true);
    expect(seen).toEqual(['before-stop', ...meanwhile, 'after-restart']);
  });
});
