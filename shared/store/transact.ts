import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors.js';
import type { Db } from './client.js';

type SdkTransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * What a conditional item of a transaction guards, named: a failed condition is reported by this
 * name, never by the item's position in the transaction.
 */
export type Guard =
  | 'idempotencyKey'
  | 'idNumberUnique'
  | 'personVersion'
  | 'personSighting'
  | 'recordVersion'
  | 'newRecord'
  /** A bed of the sex is free: the count's `used < capacity` (used = taken + held). */
  | 'bedFree'
  /** A bed being freed was counted as taken. */
  | 'bedTaken'
  /** A hold being released or turned into a taken bed was counted as held. */
  | 'bedHeld'
  /** A new capacity still covers the beds taken and held. */
  | 'bedsCoverOccupancy'
  | 'bedsChanged'
  /** The sweep has not yet proposed a placement at this stage of the stay (rules 5 and 7). */
  | 'stageNotProposed'
  /** A placement is still pending (not accepted or declined meanwhile). */
  | 'placementPending'
  /** The person is not on the facility's waitlist yet. */
  | 'notWaitlisted'
  /** A waitlist entry is still as read (waiting for a bed, or holding the offer being taken or expired). */
  | 'waitlistEntry'
  /** A photo is still pending (not completed or refused meanwhile). */
  | 'photoPending'
  /** A photo is a ready portrait (the only kind a tracing notice publishes). */
  | 'photoPortrait'
  /** No other area of the district has this name (warnings name areas by it). */
  | 'areaNameUnique'
  /** No campaign is active for this area and hazard (one at a time). */
  | 'noActiveCampaign'
  /** A campaign is still at the level and state read (escalations and endings happen once). */
  | 'campaignState'
  /** An official signal is not newer than the warning being applied (out-of-order delivery). */
  | 'signalOlder'
  /** An editable rule is still at the version read (If-Match). */
  | 'ruleVersion'
  /** An encounter is not yet counted in its sleeping-spot cell (a stream record delivered twice counts once). */
  | 'spotUncounted';

/** One item of a TransactWriteItems request, optionally naming the rule its condition guards. */
export type TransactItem = SdkTransactItem & { guard?: Guard };

/** Why a transaction was cancelled: the guards whose conditions failed, and whether it collided with another write. */
export class TransactionCancelled extends Error {
  constructor(
    readonly failedGuards: (Guard | 'unnamed')[],
    /** Items that collided with another transaction in flight, by guard. */
    readonly collidedGuards: (Guard | 'unnamed')[],
  ) {
    super(`Transaction cancelled: ${[...failedGuards, ...collidedGuards.map((guard) => `${guard} (conflict)`)].join(', ') || 'unknown'}`);
  }
  /** Whether the condition of the item guarding `guard` failed. */
  failed(guard: Guard) {
    return this.failedGuards.includes(guard);
  }
  /** Whether any item (or the one guarding `guard`) collided with another write in flight. */
  collided(guard?: Guard) {
    return guard ? this.collidedGuards.includes(guard) : this.collidedGuards.length > 0;
  }
}

/**
 * Writes items atomically in one TransactWriteItems request. A cancellation is rethrown as
 * `TransactionCancelled` naming the guards that failed, so callers map each to a domain error.
 */
export async function transactWrite(db: Db, items: TransactItem[]): Promise<void> {
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items.map(({ guard: _guard, ...item }) => item) }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
      // Cancelled for throughput alone: nothing was written, and the caller may retry (503).
      if (codes.includes('ThrottlingError') && !codes.includes('ConditionalCheckFailed')) {
        throw Object.assign(new Error('The transaction was throttled'), { name: 'ThrottlingException' });
      }
      const guardsWith = (wanted: string) =>
        codes.flatMap((code, index): (Guard | 'unnamed')[] => (code === wanted ? [items[index]?.guard ?? 'unnamed'] : []));
      throw new TransactionCancelled(guardsWith('ConditionalCheckFailed'), guardsWith('TransactionConflict'));
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
  guard: 'recordVersion',
  Put: {
    TableName: db.tableName,
    Item: item,
    ConditionExpression: '#record.#version = :expected',
    ExpressionAttributeNames: { '#record': attribute, '#version': 'version' },
    ExpressionAttributeValues: { ':expected': expectedVersion },
  },
});

/** A Put that fails unless the key is new; `guard` names what a failure means (default: a new record). */
export const putNew = (db: Db, item: Record<string, unknown>, guard: Guard = 'newRecord'): TransactItem => ({
  ...put(db, item, 'attribute_not_exists(pk)'),
  guard,
});

/**
 * Writes a change that must agree with what was read: a failed guard becomes the caller's domain
 * error; a collision with another write in flight is a 409 to retry.
 */
export async function writeChange(
  db: Db,
  items: TransactItem[],
  onConditionFailed: (guard: Guard | 'unnamed') => DomainError | Promise<DomainError>,
): Promise<void> {
  try {
    await transactWrite(db, items);
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
    const [failed] = error.failedGuards;
    if (failed) throw await onConditionFailed(failed);
    if (error.collided()) {
      throw new DomainError('conflict', 'Someone else is changing this record; retry in a moment.', { headers: { 'retry-after': '1' } });
    }
    throw error;
  }
}
