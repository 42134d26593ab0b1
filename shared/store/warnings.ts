import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { WarningMessage } from '../domain/cap.js';
import type { OfficialSignal } from '../domain/campaign.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { putNew, type TransactItem } from './transact.js';

/**
 * A warning's id: a digest of the receiving district, the sender and the identifier (CAP's identity
 * of a message). One national message reaches many district offices: each applies it to its areas.
 */
export const warningId = (district: string, sender: string, identifier: string) =>
  createHash('sha256').update(`${district}\n${sender}\n${identifier}`).digest('base64url').slice(0, 32);

/** What a received warning did: the signals it set, the names it did not match. */
export type StoredWarning = {
  id: string;
  receivedAt: string;
  receivedBy: string;
  warning: WarningMessage;
  fingerprint: string;
  /** The signals it set or cancelled, each with how the message reached the area (none listed: a withdrawal, or stored before that was kept). */
  applied: { areaId: string; areaName: string; district: string; hazard: string; level?: string; status: 'active' | 'cancelled'; matchedBy?: string[] }[];
  unmatchedAreas: string[];
  ignored?: string;
};

/** The transaction item that stores a warning, once per sender and identifier. */
export const warningCreate = (db: Db, stored: StoredWarning): TransactItem => putNew(db, { ...keys.warning(stored.id), type: 'warning', stored });

export const fromWarningItem = (item: Record<string, unknown> | undefined) => (item?.['type'] === 'warning' ? (item['stored'] as StoredWarning) : undefined);

/**
 * The transaction item that sets an area's official signal, unless a newer message set it already
 * (messages may arrive out of order): `sent` only moves forward.
 */
export const officialSignalPut = (db: Db, district: string, signal: OfficialSignal): TransactItem => ({
  guard: 'signalOlder',
  Put: {
    TableName: db.tableName,
    Item: { ...keys.officialSignal(district, signal.areaId, signal.hazard), type: 'officialSignal', signal },
    ConditionExpression: 'attribute_not_exists(pk) OR #signal.#sent <= :sent',
    ExpressionAttributeNames: { '#signal': 'signal', '#sent': 'sent' },
    ExpressionAttributeValues: { ':sent': signal.sent },
  },
});

/** The official signals of a district (one partition, one query page for hundreds of areas). */
export async function officialSignalsOf(db: Db, district: string): Promise<OfficialSignal[]> {
  const signals: OfficialSignal[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.officialSignalsOf(district) }, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    signals.push(...(result.Items ?? []).map((item) => item['signal'] as OfficialSignal));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return signals;
}
