import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.js';
import { batchGetAll } from './batch.js';
import { keys } from './keys.js';
import { queryAll } from './pagination.js';

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

/**
 * Everything held about one person, read without a scan: their partition (the record, name keys,
 * encounters, photos, the notice portrait, corrections, references), the tracing case, the match
 * candidates under them, the items the references point to (stays, placements, proposals, aid
 * cases), their waitlist entries (GSI2) and the idempotency records whose response is about them
 * (GSI3). Five queries and a GetItem side by side, then one BatchGetItem for the references.
 */
export type HeldAbout = {
  /** The person item as stored (a record, one being erased, or an erasure's tombstone). */
  record: Item | undefined;
  partition: Item[];
  tracing: Item | undefined;
  candidates: Item[];
  referenced: Item[];
  waitlist: Item[];
  idempotency: Key[];
};

export async function heldAbout(db: Db, personId: string): Promise<HeldAbout> {
  const personKey = keys.person(personId);
  const [partition, tracing, candidates, waitlist, idempotency] = await Promise.all([
    queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': personKey.pk }, ConsistentRead: true }),
    db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.tracingCase(personId), ConsistentRead: true })).then((result) => result.Item),
    queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.candidatesOf('person', personId) }, ConsistentRead: true }),
    queryAll(db, { IndexName: 'GSI2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': keys.waitlistsOfPerson(personId) } }),
    queryAll(db, { IndexName: 'GSI3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': keys.heldAbout(personId) }, ProjectionExpression: 'pk, sk' }),
  ]);
  const targets = partition.filter((item) => item['type'] === 'heldRef').map((item) => item['target'] as Key);
  const referenced = targets.length ? await batchGetAll(db, targets, { ConsistentRead: true }) : [];
  return {
    record: partition.find((item) => item['sk'] === personKey.sk),
    partition,
    tracing,
    candidates: candidates.filter((item) => item['type'] === 'candidate'),
    referenced,
    waitlist: waitlist.filter((item) => item['type'] === 'waitlistEntry'),
    idempotency: idempotency.map((item) => ({ pk: String(item['pk']), sk: String(item['sk']) })),
  };
}

/** The items of a kind in a partition read. */
export const ofType = (items: Item[], type: string) => items.filter((item) => item['type'] === type);

/** A person's audit trail, oldest first, every page (at most `max` entries). */
export const auditTrail = (db: Db, personId: string, max = 10_000) =>
  queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.auditOf(personId) } }, max);

export const keyOf = (item: Item): Key => ({ pk: String(item['pk']), sk: String(item['sk']) });
