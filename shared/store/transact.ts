import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors.js';
import type { Db } from './client.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Why each item of a cancelled transaction failed ('None' for the ones that did not). */
export class TransactionCancelled extends Error {
  constructor(readonly reasons: string[]) {
    super(`Transaction cancelled: ${reasons.join(', ')}`);
  }
  /** Whether item `index` failed its condition. */
  failedCondition(index: number) {
    return this.reasons[index] === 'ConditionalCheckFailed';
  }
  /** Whether item `index` collided with another transaction in flight. */
  collided(index: number) {
    return this.reasons[index] === 'TransactionConflict';
  }
}

/**
 * Writes items atomically in one TransactWriteItems request. A cancellation is rethrown as
 * `TransactionCancelled` with per-item reasons so callers map each failed condition to a domain error.
 */
export async function transactWrite(db: Db, items: TransactItem[]): Promise<void> {
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      throw new TransactionCancelled((error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None'));
    }
    throw error;
  }
}

/** A Put for a transaction, with the table name filled in. */
export const put = (db: Db, item: Record<string, unknown>, condition?: string): TransactItem => ({
  Put: { TableName: db.tableName, Item: item, ...(condition ? { ConditionExpression: condition } : {}) },
});

/**
 * A Put that replaces a versioned record only if it is still at `expectedVersion` (optimistic
 * concurrency); `attribute` names the map that holds the record and its `version`.
 */
export const putIfVersion = (db: Db, item: Record<string, unknown>, attribute: string, expectedVersion: number): TransactItem => ({
  Put: {
    TableName: db.tableName,
    Item: item,
    ConditionExpression: '#record.#version = :expected',
    ExpressionAttributeNames: { '#record': attribute, '#version': 'version' },
    ExpressionAttributeValues: { ':expected': expectedVersion },
  },
});

/** A Put that fails unless the key is new. */
export const putNew = (db: Db, item: Record<string, unknown>): TransactItem => put(db, item, 'attribute_not_exists(pk)');

/**
 * Writes a change that must agree with what was read: a failed condition on item `index` becomes
 * the caller's domain error; a collision with another write in flight is a 409 to retry.
 */
export async function writeChange(
  db: Db,
  items: TransactItem[],
  onConditionFailed: (index: number) => DomainError | Promise<DomainError>,
): Promise<void> {
  try {
    await transactWrite(db, items);
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
    const failed = error.reasons.indexOf('ConditionalCheckFailed');
    if (failed >= 0) throw await onConditionFailed(failed);
    if (error.reasons.includes('TransactionConflict')) {
      throw new DomainError('conflict', 'Someone else is changing this record; retry in a moment.', { headers: { 'retry-after': '1' } });
    }
    throw error;
  }
}
