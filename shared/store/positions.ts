import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cellOf, type LastPosition, type SpotCell } from '../domain/campaign.js';
import { cstDate } from '../domain/cst.js';
import type { Encounter } from '../domain/encounter.js';
import type { CampaignRules } from '../domain/rules.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryAll } from './pagination.js';
import { put, type TransactItem } from './transact.js';

/**
 * What an encounter adds to the campaign indexes, in its own transaction: the person's last
 * position (only when this is their newest sighting; one item a person, listed by the district
 * it lies in) and the encounter's place in the sleeping-spot cells of its month.
 */
export function encounterPositionItems(db: Db, encounter: Encounter, isNewest: boolean, rules: Pick<CampaignRules, 'sleepingSpots'>): TransactItem[] {
  const { lat, lng } = encounter.location;
  const items: TransactItem[] = [];
  if (isNewest) {
    const position: LastPosition = { personId: encounter.personId, at: encounter.occurredAt, lat, lng, health: encounter.condition.health };
    items.push(put(db, { ...keys.position(encounter.personId), type: 'position', summary: position, gsi2pk: keys.positionsOf(encounter.district), gsi2sk: encounter.personId }));
  }
  const cell = cellOf({ lat, lng }, rules.sleepingSpots.cellDegrees);
  items.push({
    Update: {
      TableName: db.tableName,
      Key: keys.spotCell(encounter.district, cstDate(encounter.occurredAt).slice(0, 7), cell),
      UpdateExpression: 'SET #type = :type, cell = :cell, lastAt = :at ADD #count :one, sumLat :lat, sumLng :lng, people :person',
      ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
      ExpressionAttributeValues: { ':type': 'spotCell', ':cell': cell, ':at': encounter.occurredAt, ':one': 1, ':lat': lat, ':lng': lng, ':person': new Set([encounter.personId]) },
    },
  });
  return items;
}

/** The last positions of a district's persons: one index partition, paged (about 5,000 a megabyte page). */
export async function positionsOf(db: Db, district: string): Promise<LastPosition[]> {
  const items = await queryAll(db, { IndexName: 'GSI2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': keys.positionsOf(district) } });
  return items.map((item) => item['summary'] as LastPosition);
}

/** A district's spot cells from `fromMonth` to `toMonth` (YYYY-MM, inclusive): one range query, paged. */
export async function spotCellsOf(db: Db, district: string, fromMonth: string, toMonth: string): Promise<SpotCell[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.spotsOf(district), ':from': `${fromMonth}#`, ':to': `${toMonth}#~` },
  });
  return items.map((item) => ({
    cell: String(item['cell']),
    month: String(item['sk']).slice(0, 7),
    count: Number(item['count']),
    sumLat: Number(item['sumLat']),
    sumLng: Number(item['sumLng']),
    people: [...((item['people'] as Set<string> | undefined) ?? [])],
    lastAt: String(item['lastAt']),
  }));
}

/** Writes items 25 to a request (BatchWriteItem), unprocessed ones retried; returns the requests made. */
export async function batchPut(db: Db, items: Record<string, unknown>[]): Promise<number> {
  let requests = 0;
  for (let start = 0; start < items.length; start += 25) {
    let pending = items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: item } }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 5) throw new Error('Items were left unprocessed.');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending } }));
      requests += 1;
      pending = (result.UnprocessedItems?.[db.tableName] ?? []) as typeof pending;
    }
  }
  return requests;
}
