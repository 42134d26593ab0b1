import type { Facility } from '../domain/facility.js';
import { bedSexes, type BedCount, type BedSex } from '../domain/stay.js';
import { freeBeds } from '../domain/care.js';
import type { Db } from './client.js';
import { readConsistently } from './idempotency.js';
import { keys } from './keys.js';
import { putNew, type TransactItem } from './transact.js';

/**
 * Bed counts: one item per facility and sex (`capacity`, `taken`, `held`), apart from the facility
 * item so that a facility edit and an admission do not contend for one item. DynamoDB enforces the
 * count: a bed is taken only by an update whose condition is `taken < capacity`, freed only by one
 * whose condition is `taken > 0`, and a capacity only changes if it still covers the beds taken,
 * each inside the transaction that admits, discharges or changes the facility.
 *
 * The capacity is kept on the facility (what the office registered) and copied onto its counts
 * (what the conditions read); both change in one transaction. A facility registered before the
 * counts existed has none yet: the first admission or capacity change creates them from the
 * facility's capacity.
 */

/** The bed counts of a facility by sex. */
export type BedCounts = Record<BedSex, BedCount>;

/** The transaction items that open a new facility's counts: nothing taken. */
export const bedCountsCreate = (db: Db, facility: Pick<Facility, 'id' | 'capacity'>): TransactItem[] =>
  bedSexes.map((sex) =>
    putNew(db, { ...keys.beds(facility.id, sex), type: 'beds', facilityId: facility.id, bedSex: sex, capacity: facility.capacity[sex], taken: 0, held: 0 }),
  );

const names = { '#taken': 'taken', '#capacity': 'capacity', '#held': 'held', '#type': 'type', '#facility': 'facilityId', '#sex': 'bedSex' };

/**
 * The transaction item that takes a bed (guard `bedFree`): fails unless `taken < capacity`. A
 * facility without counts yet gets them here, from its capacity (the caller has checked that one is free).
 */
export function bedTake(db: Db, facility: Pick<Facility, 'id' | 'capacity'>, sex: BedSex): TransactItem {
  return {
    guard: 'bedFree',
    Update: {
      TableName: db.tableName,
      Key: keys.beds(facility.id, sex),
      UpdateExpression:
        'SET #taken = if_not_exists(#taken, :zero) + :one, #capacity = if_not_exists(#capacity, :capacity), #held = if_not_exists(#held, :zero), ' +
        '#type = :type, #facility = :facility, #sex = :sex',
      ConditionExpression: 'attribute_not_exists(#taken) OR #taken < #capacity',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':capacity': facility.capacity[sex], ':type': 'beds', ':facility': facility.id, ':sex': sex },
    },
  };
}

/** The transaction item that frees a bed (guard `bedTaken`): fails unless one was counted as taken. */
export function bedRelease(db: Db, facilityId: string, sex: BedSex): TransactItem {
  return {
    guard: 'bedTaken',
    Update: {
      TableName: db.tableName,
      Key: keys.beds(facilityId, sex),
      UpdateExpression: 'SET #taken = #taken - :one',
      ConditionExpression: '#taken > :zero',
      ExpressionAttributeNames: { '#taken': 'taken' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
    },
  };
}

/** The transaction item that sets the capacity of one sex (guard `bedsCoverOccupancy`): fails if more beds are taken. */
export function bedCapacitySet(db: Db, facilityId: string, sex: BedSex, capacity: number): TransactItem {
  return {
    guard: 'bedsCoverOccupancy',
    Update: {
      TableName: db.tableName,
      Key: keys.beds(facilityId, sex),
      UpdateExpression: 'SET #capacity = :capacity, #taken = if_not_exists(#taken, :zero), #held = if_not_exists(#held, :zero), #type = :type, #facility = :facility, #sex = :sex',
      ConditionExpression: 'attribute_not_exists(#taken) OR #taken <= :capacity',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':zero': 0, ':capacity': capacity, ':type': 'beds', ':facility': facilityId, ':sex': sex },
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
