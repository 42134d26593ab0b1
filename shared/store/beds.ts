import type { Facility } from '../domain/facility.js';
import { bedSexes, type BedCount, type BedSex } from '../domain/stay.js';
import { freeBeds } from '../domain/care.js';
import type { Db } from './client.js';
import { readConsistently } from './idempotency.js';
import { keys } from './keys.js';
import { putNew, type TransactItem } from './transact.js';

/**
 * Bed counts: one item per facility and sex (`capacity`, `taken`, `held`, and `used` = taken + held),
 * apart from the facility item so that a facility edit and an admission do not contend for one
 * item. DynamoDB enforces the count: a condition cannot add two attributes, so every write keeps
 * `used` beside them and a bed is taken or held only by an update whose condition is
 * `used < capacity`; a bed is freed only if one was counted, a hold turns into a taken bed only if
 * one was held, and a capacity only changes if it still covers the beds used, each inside the
 * transaction that admits, places, transfers, offers or discharges.
 *
 * The capacity is kept on the facility (what the office registered) and copied onto its counts
 * (what the conditions read); both change in one transaction. A facility registered before the
 * counts existed has none yet: the first admission or capacity change creates them from the
 * facility's capacity.
 */

/** The bed counts of a facility by sex. */
export type BedCounts = Record<BedSex, BedCount>;

/** The transaction items that open a new facility's counts: nothing taken or held. */
export const bedCountsCreate = (db: Db, facility: Pick<Facility, 'id' | 'capacity'>): TransactItem[] =>
  bedSexes.map((sex) =>
    putNew(db, { ...keys.beds(facility.id, sex), type: 'beds', facilityId: facility.id, bedSex: sex, capacity: facility.capacity[sex], taken: 0, held: 0, used: 0 }),
  );

const names = { '#taken': 'taken', '#capacity': 'capacity', '#held': 'held', '#used': 'used', '#type': 'type', '#facility': 'facilityId', '#sex': 'bedSex' };

/** An update of one count that creates the item from the facility's capacity when it has none yet. */
function countUpdate(db: Db, facility: Pick<Facility, 'id' | 'capacity'>, sex: BedSex, change: { taken: number; held: number }): TransactItem['Update'] {
  return {
    TableName: db.tableName,
    Key: keys.beds(facility.id, sex),
    UpdateExpression:
      'SET #taken = if_not_exists(#taken, :zero) + :taken, #held = if_not_exists(#held, :zero) + :held, #used = if_not_exists(#used, :zero) + :used, ' +
      '#capacity = if_not_exists(#capacity, :capacity), #type = :type, #facility = :facility, #sex = :sex',
    // A new item (no count yet) starts empty; the caller has checked that its capacity has room.
    ConditionExpression: '(attribute_not_exists(#taken) AND :capacity > :zero) OR #used < #capacity',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: {
      ':zero': 0, ':taken': change.taken, ':held': change.held, ':used': change.taken + change.held,
      ':capacity': facility.capacity[sex], ':type': 'beds', ':facility': facility.id, ':sex': sex,
    },
  };
}

/**
 * The transaction item that takes a bed (guard `bedFree`): fails unless `used < capacity`. A
 * facility without counts yet gets them here, from its capacity.
 */
export const bedTake = (db: Db, facility: Pick<Facility, 'id' | 'capacity'>, sex: BedSex): TransactItem => ({
  guard: 'bedFree',
  Update: countUpdate(db, facility, sex, { taken: 1, held: 0 }),
});

/** The transaction item that holds a bed for an arrival (a placement, a waitlist offer) (guard `bedFree`): `used < capacity`. */
export const bedHold = (db: Db, facility: Pick<Facility, 'id' | 'capacity'>, sex: BedSex): TransactItem => ({
  guard: 'bedFree',
  Update: countUpdate(db, facility, sex, { taken: 0, held: 1 }),
});

/** A change of counts that must find what it takes away (guard `bedTaken` or `bedHeld`). */
function countShift(db: Db, facilityId: string, sex: BedSex, change: { taken: number; held: number }, guard: 'bedTaken' | 'bedHeld'): TransactItem {
  const condition = guard === 'bedTaken' ? '#taken > :zero' : '#held > :zero';
  return {
    guard,
    Update: {
      TableName: db.tableName,
      Key: keys.beds(facilityId, sex),
      UpdateExpression: 'SET #taken = #taken + :taken, #held = #held + :held, #used = #used + :used',
      ConditionExpression: `attribute_exists(#used) AND ${condition}`,
      ExpressionAttributeNames: { '#taken': 'taken', '#held': 'held', '#used': 'used' },
      ExpressionAttributeValues: { ':zero': 0, ':taken': change.taken, ':held': change.held, ':used': change.taken + change.held },
    },
  };
}

/** The transaction item that frees a bed (guard `bedTaken`): fails unless one was counted as taken. */
export const bedRelease = (db: Db, facilityId: string, sex: BedSex): TransactItem => countShift(db, facilityId, sex, { taken: -1, held: 0 }, 'bedTaken');

/** The transaction item that lets a held bed go (guard `bedHeld`): fails unless one was held. */
export const bedHoldRelease = (db: Db, facilityId: string, sex: BedSex): TransactItem => countShift(db, facilityId, sex, { taken: 0, held: -1 }, 'bedHeld');

/** The transaction item that gives a held bed to its arrival (guard `bedHeld`): held becomes taken, `used` unchanged. */
export const bedTakeHeld = (db: Db, facilityId: string, sex: BedSex): TransactItem => countShift(db, facilityId, sex, { taken: 1, held: -1 }, 'bedHeld');

/** The transaction item that hands a freed bed straight to an offer (guard `bedTaken`): taken becomes held, `used` unchanged. */
export const bedReleaseToHold = (db: Db, facilityId: string, sex: BedSex): TransactItem => countShift(db, facilityId, sex, { taken: -1, held: 1 }, 'bedTaken');

/** The transaction item that sets the capacity of one sex (guard `bedsCoverOccupancy`): fails if more beds are used. */
export function bedCapacitySet(db: Db, facilityId: string, sex: BedSex, capacity: number): TransactItem {
  return {
    guard: 'bedsCoverOccupancy',
    Update: {
      TableName: db.tableName,
      Key: keys.beds(facilityId, sex),
      UpdateExpression:
        'SET #capacity = :capacity, #taken = if_not_exists(#taken, :zero), #held = if_not_exists(#held, :zero), #used = if_not_exists(#used, :zero), ' +
        '#type = :type, #facility = :facility, #sex = :sex',
      ConditionExpression: 'attribute_not_exists(#taken) OR #used <= :capacity',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':zero': 0, ':capacity': capacity, ':type': 'beds', ':facility': facilityId, ':sex': sex },
    },
  };
}

/**
 * The transaction item that sets the capacity of one sex and holds `hold` of its free beds for
 * offers to the waitlist (guard `bedsChanged`): only while the beds used are as read, so that no
 * bed is offered twice and no offer exceeds the capacity.
 */
export function bedCapacitySetHolding(db: Db, facilityId: string, sex: BedSex, capacity: number, usedAsRead: number, hold: number): TransactItem {
  return {
    guard: 'bedsChanged',
    Update: {
      TableName: db.tableName,
      Key: keys.beds(facilityId, sex),
      UpdateExpression:
        'SET #capacity = :capacity, #taken = if_not_exists(#taken, :zero), #held = if_not_exists(#held, :zero) + :hold, #used = if_not_exists(#used, :zero) + :hold, ' +
        '#type = :type, #facility = :facility, #sex = :sex',
      ConditionExpression: usedAsRead === 0 ? 'attribute_not_exists(#used) OR #used = :used' : '#used = :used',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':zero': 0, ':capacity': capacity, ':hold': hold, ':used': usedAsRead, ':type': 'beds', ':facility': facilityId, ':sex': sex },
    },
  };
}

/** The count of one sex from its item, or from the facility's capacity when it has none yet. */
export function bedCountOf(item: Record<string, unknown> | undefined, capacity: number): BedCount {
  const count = item ? { capacity: Number(item['capacity']), taken: Number(item['taken'] ?? 0), held: Number(item['held'] ?? 0) } : { capacity, taken: 0, held: 0 };
  return { ...count, free: freeBeds(count) };
}

/** The counts of a facility from read items (keyed by `pk`, as a batch read returns them). */
export const bedCountsFrom = (facility: Pick<Facility, 'id' | 'capacity'>, items: Map<string, Record<string, unknown>>): BedCounts =>
  Object.fromEntries(bedSexes.map((sex) => [sex, bedCountOf(items.get(keys.beds(facility.id, sex).pk), facility.capacity[sex])])) as BedCounts;

/** Reads a facility's counts, strongly consistent (one BatchGetItem). */
export async function readBedCounts(db: Db, facility: Pick<Facility, 'id' | 'capacity'>): Promise<BedCounts> {
  return bedCountsFrom(facility, await readConsistently(db, bedSexes.map((sex) => keys.beds(facility.id, sex))));
}

/**
 * The transaction item that checks a wing is full (guard `bedFree`, failing when a bed is free): a
 * waitlist entry is made only for a full wing. A wing without counts yet is full only at capacity 0.
 */
export const bedFullCheck = (db: Db, facility: Pick<Facility, 'id' | 'capacity'>, sex: BedSex): TransactItem => ({
  guard: 'bedFree',
  ConditionCheck: {
    TableName: db.tableName,
    Key: keys.beds(facility.id, sex),
    ConditionExpression: '(attribute_not_exists(#used) AND :capacity <= :zero) OR #used >= #capacity',
    ExpressionAttributeNames: { '#used': 'used', '#capacity': 'capacity' },
    ExpressionAttributeValues: { ':zero': 0, ':capacity': facility.capacity[sex] },
  },
});

/** The transaction item that checks a hold exists without changing it (guard `bedHeld`): a held bed passed on to another arrival. */
export const bedHeldCheck = (db: Db, facilityId: string, sex: BedSex): TransactItem => ({
  guard: 'bedHeld',
  ConditionCheck: {
    TableName: db.tableName,
    Key: keys.beds(facilityId, sex),
    ConditionExpression: '#held > :zero',
    ExpressionAttributeNames: { '#held': 'held' },
    ExpressionAttributeValues: { ':zero': 0 },
  },
});
