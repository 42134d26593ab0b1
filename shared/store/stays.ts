import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { summarizeStay, type Stay, type StaySummary } from '../domain/stay.js';
import type { Db } from './client.js';
import { withHeldRef } from './held.js';
import { keys } from './keys.js';
import { queryAll, queryPage, type Page, type PageRequest } from './pagination.js';
import { putIfVersion, putNew, type TransactItem } from './transact.js';

/**
 * A stay is one item: the record (`stay`) and its `summary` for the lists. An open stay is listed
 * under its facility's open stays (GSI1, by admission) and its district's review dates (GSI3, for
 * the hourly sweep); an ended one under its facility's ended stays (GSI1, by discharge), and on no
 * review list. A discharge rewrites the item, so the index entries follow in the same write.
 */
function stayItem(stay: Stay) {
  const open = stay.status === 'open';
  return {
    ...keys.stay(stay.id),
    type: 'stay',
    stay,
    summary: summarizeStay(stay),
    gsi1pk: keys.staysOfFacility(stay.facilityId, stay.status),
    gsi1sk: `${open ? stay.admittedAt : (stay.discharge?.at ?? stay.admittedAt)}#${stay.id}`,
    ...(open && stay.reviewDueOn ? { gsi3pk: keys.staysDue(stay.district), gsi3sk: `${stay.reviewDueOn}#${stay.id}` } : {}),
  };
}

/**
 * The transaction item that records a stage's proposal on a stay (guard `stageNotProposed`): the
 * stay as changed (its next review date), only if still at `expectedVersion` and the stage carries
 * no proposal yet, so that two sweeps never propose twice for one stage.
 */
export function stayStageMark(db: Db, stay: Stay, stage: 'stranded' | 'long_term', expectedVersion: number): TransactItem {
  return {
    guard: 'stageNotProposed',
    Put: {
      TableName: db.tableName,
      Item: stayItem(stay),
      ConditionExpression: '#stay.#version = :expected AND #stay.#status = :open AND attribute_not_exists(#stay.#stages.#stage)',
      ExpressionAttributeNames: { '#stay': 'stay', '#version': 'version', '#status': 'status', '#stages': 'stages', '#stage': stage },
      ExpressionAttributeValues: { ':expected': expectedVersion, ':open': 'open' },
    },
  };
}

/** The transaction item that lists a district among those with care work (idempotent). */
export const careDistrictPut = (db: Db, district: string): TransactItem => ({
  Put: { TableName: db.tableName, Item: { ...keys.careDistrict(district), type: 'careDistrict', district } },
});

/** Every district with care work (one query of one partition, page after page). */
export async function careDistricts(db: Db): Promise<string[]> {
  const items = await queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.careDistricts() } });
  return items.map((item) => String(item['sk']));
}

/** Open stays of a district due for review on or before a CST date (GSI3), their summaries; every page. */
export async function staysDueBy(db: Db, district: string, date: string): Promise<StaySummary[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI3',
    KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :upTo',
    ExpressionAttributeValues: { ':pk': keys.staysDue(district), ':upTo': `${date}#~` },
  });
  return items.map((item) => item['summary'] as StaySummary);
}

/** The transaction item that starts a stay. */
export const stayCreate = (db: Db, stay: Stay): TransactItem[] => withHeldRef(db, stay.personId, putNew(db, stayItem(stay)));

/** The transaction item that stores a changed stay, only if it is still at `expectedVersion` (guard `recordVersion`). */
export const stayReplace = (db: Db, stay: Stay, expectedVersion: number): TransactItem =>
  putIfVersion(db, stayItem(stay), 'stay', expectedVersion);

/** One stay, or undefined. */
export async function getStay(db: Db, id: string, consistent = false): Promise<Stay | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.stay(id), ConsistentRead: consistent }));
  return result.Item?.['type'] === 'stay' ? (result.Item['stay'] as Stay) : undefined;
}

/** A facility's open stays (first admitted first) or ended stays (last ended first): one query of GSI1 per page. */
export async function listStays(db: Db, facilityId: string, status: 'open' | 'ended', page: PageRequest): Promise<Page<StaySummary>> {
  const pk = keys.staysOfFacility(facilityId, status);
  const { items, nextCursor } = await queryPage(
    db,
    { IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: status === 'open' },
    page,
    { partition: { gsi1pk: pk } },
  );
  return { items: items.map((item) => item['summary'] as StaySummary), nextCursor };
}

/** Most residents a facility's occupancy lists (far above any facility's beds). */
const MAX_RESIDENTS = 5_000;

/** Every open stay of a facility, first admitted first (page after page of GSI1). */
export async function openStaysOf(db: Db, facilityId: string): Promise<StaySummary[]> {
  const stays: StaySummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listStays(db, facilityId, 'open', { limit: 1000, ...(cursor ? { cursor } : {}) });
    stays.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && stays.length < MAX_RESIDENTS);
  return stays;
}
