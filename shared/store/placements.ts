import type { Placement, PlacementStatus, Proposal, WaitlistEntry } from '../domain/placement.js';
import type { BedSex } from '../domain/stay.js';
import type { Db } from './client.js';
import { withHeldRef } from './held.js';
import { keys } from './keys.js';
import { queryAll, queryPage, type Page, type PageRequest } from './pagination.js';
import { putNew, type TransactItem } from './transact.js';

/**
 * Proposals, placements and waitlist entries: one item each, the record under its own name and the
 * same record as `summary` (ids, times and statuses only), the attribute the list indexes project.
 */

/** The transaction item that stores a proposal. */
export const proposalCreate = (db: Db, proposal: Proposal): TransactItem[] =>
  withHeldRef(db, proposal.personId, putNew(db, { ...keys.proposal(proposal.id), type: 'proposal', proposal }));

/** The proposal of a read item, or undefined. */
export const fromProposalItem = (item: Record<string, unknown> | undefined) => (item?.['type'] === 'proposal' ? (item['proposal'] as Proposal) : undefined);

function placementItem(placement: Placement) {
  const at = `${placement.requestedAt}#${placement.id}`;
  return {
    ...keys.placement(placement.id),
    type: 'placement',
    placement,
    summary: placement,
    gsi1pk: keys.placementsTo(placement.toFacilityId, placement.status),
    gsi1sk: at,
    gsi2pk: keys.placementsFrom(placement.fromFacilityId, placement.status),
    gsi2sk: at,
    // Only a pending placement is on the sweep's list: its hold runs out at `expiresAt`.
    ...(placement.status === 'pending' && placement.expiresAt ? { gsi3pk: keys.placementsDue(placement.toDistrict), gsi3sk: `${placement.expiresAt}#${placement.id}` } : {}),
  };
}

/** Pending placements to facilities of a district whose hold runs out by an instant (GSI3), every page. */
export async function placementsDueBy(db: Db, district: string, instant: string): Promise<Placement[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI3',
    KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :upTo',
    ExpressionAttributeValues: { ':pk': keys.placementsDue(district), ':upTo': `${instant}#~` },
  });
  return items.map((item) => item['summary'] as Placement);
}

/** The transaction item that stores a new placement. */
export const placementCreate = (db: Db, placement: Placement): TransactItem[] => withHeldRef(db, placement.personId, putNew(db, placementItem(placement)));

/** The transaction item that stores a decided placement, only if it was still pending at `expectedVersion` (guard `placementPending`). */
export const placementDecide = (db: Db, placement: Placement, expectedVersion: number): TransactItem => ({
  guard: 'placementPending',
  Put: {
    TableName: db.tableName,
    Item: placementItem(placement),
    ConditionExpression: '#record.#version = :expected AND #record.#status = :pending',
    ExpressionAttributeNames: { '#record': 'placement', '#version': 'version', '#status': 'status' },
    ExpressionAttributeValues: { ':expected': expectedVersion, ':pending': 'pending' },
  },
});

/** The placement of a read item, or undefined. */
export const fromPlacementItem = (item: Record<string, unknown> | undefined) => (item?.['type'] === 'placement' ? (item['placement'] as Placement) : undefined);

/** Placements arriving at (`to`) or leaving (`from`) a facility with a status, oldest first: one index query per page. */
export async function listPlacements(
  db: Db,
  facilityId: string,
  direction: 'to' | 'from',
  status: PlacementStatus,
  page: PageRequest,
): Promise<Page<Placement>> {
  const [index, pkName, pk] =
    direction === 'to' ? (['GSI1', 'gsi1pk', keys.placementsTo(facilityId, status)] as const) : (['GSI2', 'gsi2pk', keys.placementsFrom(facilityId, status)] as const);
  const { items, nextCursor } = await queryPage(
    db,
    { IndexName: index, KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': pkName }, ExpressionAttributeValues: { ':pk': pk } },
    page,
    { partition: { [pkName]: pk } },
  );
  return { items: items.map((item) => item['summary'] as Placement), nextCursor };
}

function waitlistItem(entry: WaitlistEntry) {
  return {
    ...keys.waitlistEntry(entry.facilityId, entry.personId),
    type: 'waitlistEntry',
    entry,
    summary: entry,
    gsi1pk: keys.waitlistOf(entry.facilityId, entry.bedSex, entry.status),
    gsi1sk: `${entry.joinedAt}#${entry.id}`,
    gsi2pk: keys.waitlistsOfPerson(entry.personId),
    gsi2sk: entry.facilityId,
    ...(entry.offer ? { gsi3pk: keys.offersDue(entry.district), gsi3sk: `${entry.offer.expiresAt}#${entry.id}` } : {}),
  };
}

/** The transaction item that puts a person on a facility's waitlist (guard `notWaitlisted`: once per facility). */
export const waitlistJoin = (db: Db, entry: WaitlistEntry): TransactItem => putNew(db, waitlistItem(entry), 'notWaitlisted');

/** The transaction item that stores an entry as changed (an offer made), only if it is still as read (guard `waitlistEntry`). */
export const waitlistReplace = (db: Db, entry: WaitlistEntry, expected: WaitlistEntry): TransactItem => ({
  guard: 'waitlistEntry',
  Put: {
    TableName: db.tableName,
    Item: waitlistItem(entry),
    ConditionExpression: '#entry.#id = :id AND #entry.#status = :status',
    ExpressionAttributeNames: { '#entry': 'entry', '#id': 'id', '#status': 'status' },
    ExpressionAttributeValues: { ':id': expected.id, ':status': expected.status },
  },
});

/** The transaction item that takes an entry off the waitlist, only if it is still as read (guard `waitlistEntry`). */
export const waitlistRemove = (db: Db, expected: WaitlistEntry): TransactItem => ({
  guard: 'waitlistEntry',
  Delete: {
    TableName: db.tableName,
    Key: keys.waitlistEntry(expected.facilityId, expected.personId),
    ConditionExpression: '#entry.#id = :id AND #entry.#status = :status',
    ExpressionAttributeNames: { '#entry': 'entry', '#id': 'id', '#status': 'status' },
    ExpressionAttributeValues: { ':id': expected.id, ':status': expected.status },
  },
});

/** The entry of a read item, or undefined. */
export const fromWaitlistItem = (item: Record<string, unknown> | undefined) => (item?.['type'] === 'waitlistEntry' ? (item['entry'] as WaitlistEntry) : undefined);

/** Most entries a waitlist view shows per sex and status. */
const MAX_WAITLIST = 500;

/** A facility's waitlist of one sex and status, first come first served (GSI1); `limit` 1 gives the head. */
export async function waitlistOf(db: Db, facilityId: string, sex: BedSex, status: 'waiting' | 'offered', limit = MAX_WAITLIST): Promise<WaitlistEntry[]> {
  const items = await queryAll(
    db,
    { IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.waitlistOf(facilityId, sex, status) }, Limit: limit },
    limit,
  );
  return items.map((item) => item['summary'] as WaitlistEntry);
}

/** Every waitlist entry of a person, at every facility (GSI2). */
export async function waitlistsOfPerson(db: Db, personId: string): Promise<WaitlistEntry[]> {
  const items = await queryAll(db, { IndexName: 'GSI2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': keys.waitlistsOfPerson(personId) } }, MAX_WAITLIST);
  return items.map((item) => item['summary'] as WaitlistEntry);
}

/** Waitlist offers of a district whose hold ran out by an instant (GSI3), every page. */
export async function offersDueBy(db: Db, district: string, instant: string): Promise<WaitlistEntry[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI3',
    KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :upTo',
    ExpressionAttributeValues: { ':pk': keys.offersDue(district), ':upTo': `${instant}#~` },
  });
  return items.map((item) => item['summary'] as WaitlistEntry);
}

/** Pending arrivals at a facility (for its occupancy view), every page. */
export async function pendingArrivals(db: Db, facilityId: string): Promise<Placement[]> {
  const arrivals: Placement[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPlacements(db, facilityId, 'to', 'pending', { limit: 500, ...(cursor ? { cursor } : {}) });
    arrivals.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && arrivals.length < 5_000);
  return arrivals;
}
