import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The table handle every repository receives: a document client, the table's name, and the secret
 * that seals list cursors (a cursor holds keys, and keys may hold a name's pinyin).
 */
export type Db = { doc: DynamoDBDocumentClient; tableName: string; cursorSecret: string };

/** Creates the DynamoDB document client (once per process, outside any handler). */
export function createDb(tableName: string, config: DynamoDBClientConfig, cursorSecret: string): Db {
  const client = new DynamoDBClient({ maxAttempts: 4, ...config });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, tableName, cursorSecret };
}

/** Counts DynamoDB requests by command name; tests and the bench use it to prove round-trip budgets. */
export function countRequests(db: Db) {
  const counts = new Map<string, number>();
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'requestCounter' },
  );
  return {
    total: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    byCommand: () => Object.fromEntries(counts),
    reset: () => counts.clear(),
  };
}
