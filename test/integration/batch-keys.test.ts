/**
 * A batch read that names one key twice, against DynamoDB Local (which, like DynamoDB, refuses
 * the whole request when a key repeats): the caller's list may name a record twice, and gets it once.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchGetAll, batchWrite } from '../../shared/store/batch.js';
import { readConsistently } from '../../shared/store/idempotency.js';
import { testApp } from '../support/app.js';

describe('batch reads', () => {
  it('read a key named twice once, instead of failing the whole request', async () => {
    const { db } = await testApp();
    const [a, b] = [`BATCHKEY#${randomUUID()}`, `BATCHKEY#${randomUUID()}`];
    for (const pk of [a, b]) await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk, sk: 'S', type: 'probe' } }));
    const keys = [{ pk: a, sk: 'S' }, { pk: b, sk: 'S' }, { pk: a, sk: 'S' }];
    const items = await batchGetAll(db, keys, { ConsistentRead: true });
    expect(items.map((item) => item['pk']).sort()).toEqual([a, b].sort());
    const found = await readConsistently(db, [{ pk: a, sk: 'S' }, { pk: a, sk: 'S' }]);
    expect([...found.keys()]).toEqual([a]);
    // Same partition, another sort key, is another item.
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: a, sk: 'T', type: 'probe' } }));
    expect(await batchGetAll(db, [{ pk: a, sk: 'S' }, { pk: a, sk: 'T' }])).toHaveLength(2);
  });

  it('write a key named twice once: the last put of a key, and a delete over a put', async () => {
    const { db } = await testApp();
    const [a, b] = [`BATCHKEY#${randomUUID()}`, `BATCHKEY#${randomUUID()}`];
    await batchWrite(db, [{ pk: a, sk: 'S', n: 1 }, { pk: b, sk: 'S', n: 1 }, { pk: a, sk: 'S', n: 2 }], [{ pk: b, sk: 'S' }]);
    const items = await batchGetAll(db, [{ pk: a, sk: 'S' }, { pk: b, sk: 'S' }], { ConsistentRead: true });
    expect(items.map((item) => [item['pk'], item['n']])).toEqual([[a, 2]]);
  });
});
