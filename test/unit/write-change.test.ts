import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import type { Db } from '../../shared/store/client.js';
import { put, putNew, writeChange } from '../../shared/store/transact.js';

/** A document client answered by the mock: DynamoDB Local cannot be made to collide on demand. */
function mockedDb() {
  const client = new DynamoDBClient({ region: 'cn-northwest-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  const doc = DynamoDBDocumentClient.from(client);
  const db: Db = { doc, tableName: 'faults', cursorSecret: 'faults-cursor-secret-0123456789' };
  return { db, mock: mockClient(doc) };
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('writeChange', () => {
  it('turns a collision with another write into a 409 with Retry-After', async () => {
    const { db, mock } = mockedDb();
    mock.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));
    const error = await writeChange(db, [put(db, { pk: 'a', sk: 'b' }), put(db, { pk: 'c', sk: 'd' })], () => new DomainError('precondition_failed', 'stale')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'conflict', details: { headers: { 'retry-after': '1' } } });
  });

  it('maps a failed condition through the caller, by the name of what it guards', async () => {
    const { db, mock } = mockedDb();
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    const items = [put(db, { pk: 'a', sk: 'b' }), putNew(db, { pk: 'c', sk: 'd' }, 'idNumberUnique')];
    const error = await writeChange(db, items, (guard) => new DomainError('conflict', `guard ${guard}`)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'conflict', message: 'guard idNumberUnique' });
    // The guard never reaches DynamoDB: it is not part of the request.
    expect(JSON.stringify(mock.commandCalls(TransactWriteCommand)[0]?.args[0].input)).not.toContain('guard');
  });
});
