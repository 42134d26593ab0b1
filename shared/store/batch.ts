import { BatchGetCommand, BatchWriteCommand, type BatchGetCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';

/** Items one BatchWriteItem takes at most (DynamoDB's limit). */
export const BATCH_WRITE_ITEMS = 25;

/** Tries of one batch request before giving up on what DynamoDB keeps leaving unprocessed. */
const MAX_TRIES = 6;
const backoff = (attempt: number, baseMs: number) => new Promise((resolve) => setTimeout(resolve, baseMs * 2 ** attempt));

/** The key of an item or a key, as one string (`pk` and `sk` are the table's key). */
const keyOf = (key: Record<string, unknown>) => `${String(key['pk'])}\u0000${String(key['sk'])}`;

/**
 * The items of one BatchGetItem (at most 100 keys), keys DynamoDB left unprocessed read again with
 * backoff; items that do not exist are simply absent. A key named twice is read once: DynamoDB
 * refuses the whole request otherwise ("Provided list of item keys contains duplicates"), and a
 * caller's list can name a record twice (one person reached by two candidates of a list).
 */
export async function batchGetAll(
  db: Db,
  keyList: Record<string, unknown>[],
  options: Omit<NonNullable<BatchGetCommandInput['RequestItems']>[string], 'Keys'> = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let pending = [...new Map(keyList.map((key) => [keyOf(key), key])).values()];
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt >= MAX_TRIES) throw new Error('Reads were left unprocessed.');
    if (attempt > 0) await backoff(attempt, 20);
    const result = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { ...options, Keys: pending } } }));
    items.push(...(result.Responses?.[db.tableName] ?? []));
    pending = result.UnprocessedKeys?.[db.tableName]?.Keys ?? [];
  }
  return items;
}

/**
 * Puts and deletes in BatchWriteItem requests of 25 (a key named twice written once), what DynamoDB leaves unprocessed sent again
 * with backoff; returns the requests made. Not a transaction: for items each whole on its own.
 */
export async function batchWrite(db: Db, puts: Record<string, unknown>[], deletes: { pk: string; sk: string }[] = []): Promise<number> {
  // One request per key (DynamoDB refuses a batch naming a key twice): of puts of one key the last, and a delete over a put.
  const byKey = new Map<string, { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: { pk: string; sk: string } } }>();
  for (const Item of puts) byKey.set(keyOf(Item), { PutRequest: { Item } });
  for (const Key of deletes) byKey.set(keyOf(Key), { DeleteRequest: { Key } });
  const requests = [...byKey.values()];
  let sent = 0;
  for (let start = 0; start < requests.length; start += BATCH_WRITE_ITEMS) {
    let pending: unknown[] = requests.slice(start, start + BATCH_WRITE_ITEMS);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= MAX_TRIES) throw new Error('Writes were left unprocessed.');
      if (attempt > 0) await backoff(attempt, 25);
      const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending as never } }));
      sent += 1;
      pending = result.UnprocessedItems?.[db.tableName] ?? [];
    }
  }
  return sent;
}
