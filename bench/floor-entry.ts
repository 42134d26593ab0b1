/**
 * The floor of the simulated cold start: what any function of this API must do before its first
 * answer, and no more. It is bundled like the API, builds the DynamoDB document client as the API
 * does (shared/store/client.ts) and answers every request with one GetItem of the key in the event
 * (the bench passes the item the API reads, so both fetch the same bytes).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDb } from '../shared/store/client.js';

const tableName = process.env['TABLE_NAME'];
if (!tableName) throw new Error('TABLE_NAME is required');
const db = createDb(tableName, {}, 'floor');

export const handler = async (event: { key?: Record<string, string> }) => {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: event.key ?? { pk: 'FLOOR', sk: 'FLOOR' } }));
  return { statusCode: 200, body: JSON.stringify({ found: Item !== undefined }) };
};
