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

/** How many queries one page may take when a filter leaves few items per query. */
const MAX_QUERIES_PER_PAGE = 8;

/**
 * Reads one page of a query, resuming at the cursor: the one place lists touch DynamoDB's paging.
 * With a filter, a query may return few or none of the items it read, so it reads on until the
 * page is full or the list is exhausted (within a bound), never an empty page while matches remain
 * unread; the cursor is then the key of the last item returned. A cursor DynamoDB still refuses (a
 * key outside the condition) is a 400 as well.
 */
export async function queryPage(
  db: Db,
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'> & { IndexName?: IndexName },
  page: PageRequest,
  scope: CursorScope,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  let startKey = decodeCursor(page.cursor, input.IndexName, scope, db.cursorSecret);
  const items: Record<string, unknown>[] = [];
  const filtered = input.FilterExpression !== undefined;
  for (let round = 0; round < MAX_QUERIES_PER_PAGE; round += 1) {
    const wanted = page.limit - items.length;
    // Unfiltered, a query returns what it reads; filtered, read ahead and cut the page where it fills.
    const limit = filtered ? Math.min(Math.max(wanted * 4, 25), 1000) : wanted;
    let result;
    try {
      result = await db.doc.send(new QueryCommand({ ...input, TableName: db.tableName, Limit: limit, ExclusiveStartKey: startKey }));
    } catch (error) {
      if (startKey && error instanceof Error && error.name === 'ValidationException') throw invalidCursor();
      throw error;
    }
    const found = result.Items ?? [];
    if (found.length > wanted) {
      const kept = found.slice(0, wanted);
      items.push(...kept);
      return { items, nextCursor: encodeCursor(keyOf(kept[kept.length - 1] as Record<string, unknown>, input.IndexName), db.cursorSecret) };
    }
    items.push(...found);
    startKey = result.LastEvaluatedKey;
    if (!startKey || items.length >= page.limit) break;
  }
  return { items, nextCursor: encodeCursor(startKey, db.cursorSecret) };
}

/** The key of an item in a table or index: what DynamoDB would give as LastEvaluatedKey after it. */
function keyOf(item: Record<string, unknown>, indexName: IndexName | undefined): Record<string, unknown> {
  return Object.fromEntries(keyNamesOf(indexName).map((name) => [name, item[name]]));
}

/**
 * Every item a query returns, page after page, up to `max`: for the sweep and the duplicate guard,
 * which must see the whole partition range (bounded by the caller), never for a request's list.
 */
export async function queryAll(
  db: Db,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'> & { IndexName?: IndexName },
  max = Number.POSITIVE_INFINITY,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey: startKey }));
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey && items.length < max);
  return items.slice(0, max);
}
