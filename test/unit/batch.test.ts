/**
 * BatchGetItem and BatchWriteItem when DynamoDB leaves part of a request unprocessed (it does under
 * throttling; DynamoDB Local never does, so the answers are mocked): what was left is sent again,
 * nothing twice, and a batch that never gets through fails rather than dropping items silently.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { batchGetAll, batchWrite } from '../../shared/store/batch.js';
import type { Db } from '../../shared/store/client.js';

const TABLE = 'outreach-batch-table';

function mockedDb() {
  const client = new DynamoDBClient({ region: 'cn-northwest-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  const doc = DynamoDBDocumentClient.from(client);
  const db: Db = { doc, tableName: TABLE, cursorSecret: 'batch-cursor-secret-0123456789' };
  return { db, mock: mockClient(doc) };
}

const item = (i: number) => ({ pk: `P#${i}`, sk: 'S', n: i });

describe('batchWrite', () => {
  it('sends 25 items a request and sends again only what was left unprocessed', async () => {
    const { db, mock } = mockedDb();
    const items = Array.from({ length: 30 }, (_, i) => item(i));
    const left = [{ PutRequest: { Item: item(3) } }, { PutRequest: { Item: item(7) } }];
    mock.on(BatchWriteCommand).resolvesOnce({ UnprocessedItems: { [TABLE]: left } }).resolves({});
    const requests = await batchWrite(db, items, [{ pk: 'P#gone', sk: 'S' }]);
    const sent = mock.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.[TABLE] ?? []);
    expect(requests).toBe(3);
    expect(sent.map((batch) => batch.length)).toEqual([25, 2, 6]);
    expect(sent[1]).toEqual(left);
  });

  it('fails when DynamoDB keeps leaving items unprocessed', async () => {
    const { db, mock } = mockedDb();
    mock.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: item(1) } }] } });
    await expect(batchWrite(db, [item(1)])).rejects.toThrow('Writes were left unprocessed.');
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(6);
  });
});

describe('batchGetAll', () => {
  it('reads again the keys left unprocessed and returns every item once', async () => {
    const { db, mock } = mockedDb();
    mock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [item(1)] }, UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'P#2', sk: 'S' }], ConsistentRead: true } } })
      .resolves({ Responses: { [TABLE]: [item(2)] } });
    const items = await batchGetAll(db, [{ pk: 'P#1', sk: 'S' }, { pk: 'P#2', sk: 'S' }], { ConsistentRead: true });
    expect(items).toEqual([item(1), item(2)]);
    const calls = mock.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.[TABLE]);
    expect(calls[1]).toEqual({ ConsistentRead: true, Keys: [{ pk: 'P#2', sk: 'S' }] });
  });

  it('fails when DynamoDB keeps leaving keys unprocessed', async () => {
    const { db, mock } = mockedDb();
    mock.on(BatchGetCommand).resolves({ UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'P#1', sk: 'S' }] } } });
    await expect(batchGetAll(db, [{ pk: 'P#1', sk: 'S' }])).rejects.toThrow('Reads were left unprocessed.');
    expect(mock.commandCalls(BatchGetCommand)).toHaveLength(6);
  });
});
