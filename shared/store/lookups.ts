import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';
import { keys } from './keys.js';

/**
 * The budget of ID-number lookups per caller, kept in the table so that every Lambda instance
 * counts against the same one: a counter per caller and window, raised only while under the limit
 * (the database enforces it, not a read-then-write), expired by TTL after its window.
 * Returns the seconds until the window ends when the budget is spent, else null.
 */
export async function spendLookup(db: Db, caller: string, budget: { perCaller: number; windowMinutes: number }, now: Date): Promise<number | null> {
  const windowMs = budget.windowMinutes * 60_000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowEnd = windowStart + windowMs;
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.lookupBudget(caller, new Date(windowStart).toISOString()),
        UpdateExpression: 'ADD #count :one SET #type = :type, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':limit': budget.perCaller, ':type': 'lookupBudget', ':expires': Math.ceil(windowEnd / 1000) + 3600 },
      }),
    );
    return null;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000));
    throw error;
  }
}

/** The item of a found-person grant: this caller may record encounters with this person until then. */
export const foundPersonGrantItem = (caller: string, personId: string, until: Date) => ({
  ...keys.foundPersonGrant(caller, personId),
  type: 'grant',
  until: until.toISOString(),
  expiresAt: Math.ceil(until.getTime() / 1000),
});

/** Whether a prefetched grant item is still in force (TTL deletion lags, so the time is checked). */
export const grantInForce = (item: Record<string, unknown> | undefined, now: Date) =>
  typeof item?.['until'] === 'string' && item['until'] > now.toISOString();
