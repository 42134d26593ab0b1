import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Facility, FacilityType } from '../domain/facility.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryPage, type Page, type PageRequest } from './pagination.js';
import { putIfVersion, putNew, type TransactItem } from './transact.js';

/** The stored item of a facility, with its three list keys. */
function facilityItem(facility: Facility) {
  return {
    ...keys.facility(facility.id),
    type: 'facility',
    facility,
    gsi1pk: keys.facilityByDistrict(facility.district),
    gsi1sk: `${facility.type}#${facility.id}`,
    gsi2pk: keys.facilityByType(facility.type),
    gsi2sk: `${facility.district}#${facility.id}`,
    gsi3pk: keys.allFacilities(),
    gsi3sk: `${facility.district}#${facility.type}#${facility.id}`,
  };
}

/** The transaction item that stores a new facility. */
export const facilityCreate = (db: Db, facility: Facility): TransactItem => putNew(db, facilityItem(facility));

/** The transaction item that replaces a facility, only if nobody changed it since `expectedVersion`. */
export const facilityReplace = (db: Db, facility: Facility, expectedVersion: number): TransactItem =>
  putIfVersion(db, facilityItem(facility), 'facility', expectedVersion);

/** The facility of a read item (from GetItem or a batch), or undefined. */
export const fromFacilityItem = (item: Record<string, unknown> | undefined) =>
  item?.['type'] === 'facility' ? (item['facility'] as Facility) : undefined;

/** One facility, or undefined. */
export async function getFacility(db: Db, id: string): Promise<Facility | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.facility(id) }));
  return fromFacilityItem(result.Item);
}

/**
 * Which facilities a list asks for. `region` (with a type and no district) is the start of a
 * district code: `50` is 重庆市, `5001` its districts; routing reads candidates of a province this way.
 */
export type FacilityFilter = { district?: string; type?: FacilityType; region?: string };

/** Facilities filtered by district and/or type, one index query per page. */
export async function listFacilities(
  db: Db,
  filter: FacilityFilter,
  page: PageRequest,
): Promise<Page<Facility>> {
  const query = filter.district
    ? { index: 'GSI1' as const, pkName: 'gsi1pk', skName: 'gsi1sk', pk: keys.facilityByDistrict(filter.district), prefix: filter.type && `${filter.type}#` }
    : filter.type
      ? { index: 'GSI2' as const, pkName: 'gsi2pk', skName: 'gsi2sk', pk: keys.facilityByType(filter.type), prefix: filter.region || undefined }
      : { index: 'GSI3' as const, pkName: 'gsi3pk', skName: 'gsi3sk', pk: keys.allFacilities(), prefix: undefined };
  const { items, nextCursor } = await queryPage(
    db,
    {
      IndexName: query.index,
      KeyConditionExpression: query.prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: query.prefix ? { '#pk': query.pkName, '#sk': query.skName } : { '#pk': query.pkName },
      ExpressionAttributeValues: query.prefix ? { ':pk': query.pk, ':prefix': query.prefix } : { ':pk': query.pk },
    },
    page,
    { partition: { [query.pkName]: query.pk }, sortKeyWithin: (sk) => !query.prefix || sk.startsWith(query.prefix) },
  );
  return { items: items.map((item) => item['facility'] as Facility), nextCursor };
}
