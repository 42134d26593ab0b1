import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { validationError } from '../domain/errors.js';
import { openText, sealText } from '../sealing.js';
import type { Db } from './client.js';
import { tableDefinition, type IndexName } from './table.js';

/** One page of a list and the opaque cursor of the next one. */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** Paging parameters of a list request. */
export type PageRequest = { limit: number; cursor?: string };

/** Encodes DynamoDB's LastEvaluatedKey as an opaque cursor, sealed: keys may hold a name's pinyin. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined, secret: string): string | null {
  return lastKey ? sealText(JSON.stringify(lastKey), secret, 'cursor') : null;
}

const invalidCursor = () => validationError([{ path: 'query.cursor', message: 'The cursor is not valid for this list.' }]);

/** The key attributes a LastEvaluatedKey of the table or of an index holds. */
function keyNamesOf(indexName: IndexName | undefined): string[] {
  const base = [tableDefinition.partitionKey, tableDefinition.sortKey];
  const index = tableDefinition.globalSecondaryIndexes.find((candidate) => candidate.indexName === indexName);
  return index ? [...base, index.partitionKey, index.sortKey] : base;
}

/** Where a cursor must point for the list being read: its partition and, optionally, its sort-key range. */
export type CursorScope = { partition: Record<string, string>; sortKeyWithin?: (sortKey: string) => boolean };

/**
 * Decodes a cursor, checking that it is a key of the list being read: exactly the key attributes
 * of the table or index, the same partition, a sort key within the query's range. A cursor of
 * another list, a stale window or a forged one is a 400, never a read elsewhere.
 */
export function decodeCursor(cursor: string | undefined, indexName: IndexName | undefined, scope: CursorScope, secret: string) {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(openText(cursor, secret, 'cursor'));
  } catch {
    throw invalidCursor();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalidCursor();
  const record = key as Record<string, unknown>;
  const names = keyNamesOf(indexName);
  if (Object.keys(record).length !== names.length || !names.every((name) => typeof record[name] === 'string' && (record[name] as string).length <= 1024)) {
    throw invalidCursor();
  }
  for (const [name, value] of Object.entries(scope.partition)) if (record[name] !== value) throw invalidCursor();
  const sortKeyName = indexName ? names[3] : names[1];
  if (scope.sortKeyWithin && !scope.sortKeyWithin(record[sortKeyName as string] as string)) throw invalidCursor();
  return record;
}

/**
 * Reads one page of a query, resuming at the cursor. The one place lists touch DynamoDB's paging:
 * a cursor DynamoDB still refuses (a key outside the condition) is a 400 as well.
 */
export async function queryPage(
  db: Db,
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'> & { IndexName?: IndexName },
  page: PageRequest,
  scope: CursorScope,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const startKey = decodeCursor(page.cursor, input.IndexName, scope, db.cursorSecret);
  try {
    const result = await db.doc.send(new QueryCommand({ ...input, TableName: db.tableName, Limit: page.limit, ExclusiveStartKey: startKey }));
    return { items: result.Items ?? [], nextCursor: encodeCursor(result.LastEvaluatedKey, db.cursorSecret) };
  } catch (error) {
    if (startKey && error instanceof Error && error.name === 'ValidationException') throw invalidCursor();
    throw error;
  }
}
