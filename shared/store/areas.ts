import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Area } from '../domain/area.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll, queryPage, type Page, type PageRequest } from './pagination.js';
import { putIfVersion, putNew, type TransactItem } from './transact.js';

/** The stored item of an area: the record in `summary`, which the list indexes project. */
const areaItem = (area: Area) => ({
  ...keys.area(area.id),
  type: 'area',
  summary: area,
  gsi1pk: keys.areasOfDistrict(area.district),
  gsi1sk: `${area.name}#${area.id}`,
  gsi2pk: keys.allAreas(),
  gsi2sk: `${area.district}#${area.id}`,
});

/** The transaction items of a new area: the area and its name, unique in the district. */
export const areaCreate = (db: Db, area: Area): TransactItem[] => [
  putNew(db, areaItem(area)),
  putNew(db, { ...keys.areaName(area.name, area.district), type: 'areaName', areaId: area.id }, 'areaNameUnique'),
];

/** The items of a change: the area (if still at `expectedVersion`) and, on a rename, its name moved. */
export function areaReplace(db: Db, area: Area, before: Area): TransactItem[] {
  const items: TransactItem[] = [putIfVersion(db, areaItem(area), 'summary', before.version)];
  if (area.name !== before.name) {
    items.push(putNew(db, { ...keys.areaName(area.name, area.district), type: 'areaName', areaId: area.id }, 'areaNameUnique'));
    items.push({ Delete: { TableName: db.tableName, Key: keys.areaName(before.name, before.district) } });
  }
  return items;
}

export async function getArea(db: Db, id: string): Promise<Area | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.area(id) }));
  return result.Item?.['type'] === 'area' ? (result.Item['summary'] as Area) : undefined;
}

/** A district's areas by name, one index query per page. */
export async function listAreas(db: Db, district: string, page: PageRequest): Promise<Page<Area>> {
  const pk = keys.areasOfDistrict(district);
  const { items, nextCursor } = await queryPage(
    db,
    { IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': pk } },
    page,
    { partition: { gsi1pk: pk } },
  );
  return { items: items.map((item) => item['summary'] as Area), nextCursor };
}

/** Every area (the hourly evaluation: one index partition, paged), or those of some districts (one query each). */
export async function allAreas(db: Db, districts?: readonly string[]): Promise<Area[]> {
  const queries = districts
    ? districts.map((district) => ({ IndexName: 'GSI1' as const, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.areasOfDistrict(district) } }))
    : [{ IndexName: 'GSI2' as const, KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': keys.allAreas() } }];
  const pages = await Promise.all(queries.map((query) => queryAll(db, query)));
  return pages.flat().map((item) => item['summary'] as Area);
}

/** The areas of a name in every district (a warning names areas by name): one query of the name's partition. */
export async function areaIdsNamed(db: Db, name: string): Promise<{ areaId: string; district: string }[]> {
  const result = await db.doc.send(
    new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.areaNamePartition(name) }, Limit: 100 }),
  );
  return (result.Items ?? []).map((item) => ({ areaId: String(item['areaId']), district: String(item['sk']) }));
}
