import { cellOf, type LastPosition, type SpotCell } from '../domain/campaign.js';
import { cstDate } from '../domain/cst.js';
import type { Encounter } from '../domain/encounter.js';
import type { LatLng } from '../domain/geo.js';
import type { PersonSummary } from '../domain/person-views.js';
import type { CampaignRules } from '../domain/rules.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { batchGetAll } from './batch.js';
import { queryAll } from './pagination.js';
import { transactWrite, TransactionCancelled, type TransactItem } from './transact.js';

/**
 * The person item's place in the position index, written with the sighting that makes an encounter
 * the person's newest: where and how they were last seen (`lastPosition`), listed under the district
 * it lies in (GSI1). No item of its own, so an encounter writes no more than its sighting.
 */
export function lastPositionAttributes(lastPosition: LastPosition, district: string) {
  return { lastPosition, gsi1pk: keys.positionsOf(district), gsi1sk: lastPosition.personId };
}

/**
 * The register members of a district: where each was last seen (positions), their summaries, and
 * the registered address of those the office placed on the map (members never met on the street
 * have only that).
 */
export type MembersLastSeen = { positions: LastPosition[]; summaries: Map<string, PersonSummary>; addresses: Map<string, LatLng> };

/**
 * The district's persons with a risk factor (the district's person index, read page by page) and
 * the registered address of each (one BatchGetItem per 100 person items, eight in flight): a member
 * registered by family or survey and never met is on no position index, and a visit list still
 * reaches them.
 */
async function registeredMembersOf(db: Db, district: string): Promise<{ summaries: PersonSummary[]; addresses: Map<string, LatLng> }> {
  const items = await queryAll(db, {
    IndexName: 'GSI2',
    KeyConditionExpression: 'gsi2pk = :pk',
    FilterExpression: 'size(riskFactors) > :none',
    ExpressionAttributeValues: { ':pk': keys.personsOfDistrict(district), ':none': 0 },
    ProjectionExpression: 'summary',
  });
  const summaries = items.map((item) => item['summary'] as PersonSummary | undefined).filter((summary): summary is PersonSummary => Boolean(summary));
  const groups: string[][] = [];
  for (let start = 0; start < summaries.length; start += 100) groups.push(summaries.slice(start, start + 100).map((summary) => summary.id));
  const addresses = new Map<string, LatLng>();
  for (let start = 0; start < groups.length; start += 8) {
    const read = await Promise.all(
      groups.slice(start, start + 8).map((group) => batchGetAll(db, group.map((id) => keys.person(id)), { ProjectionExpression: '#person.id, #person.address', ExpressionAttributeNames: { '#person': 'person' } })),
    );
    for (const item of read.flat()) {
      const person = item['person'] as { id?: string; address?: { location?: LatLng } } | undefined;
      if (person?.id && person.address?.location) addresses.set(person.id, { lat: person.address.location.lat, lng: person.address.location.lng });
    }
  }
  return { summaries, addresses };
}

/**
 * The persons last seen in a district: one index partition read page by page (the summaries, which
 * the index projects), then their positions (one BatchGetItem per 100, eight in flight: a
 * district's 5,000 members in 50 requests, not 50 round trips in a row).
 */
export async function lastSeenIn(db: Db, district: string): Promise<MembersLastSeen> {
  const registered = registeredMembersOf(db, district);
  const listed = await queryAll(db, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.positionsOf(district) },
    ProjectionExpression: 'summary',
  });
  const summaries = new Map<string, PersonSummary>();
  for (const item of listed) {
    const summary = item['summary'] as PersonSummary | undefined;
    if (summary) summaries.set(summary.id, summary);
  }
  const groups: string[][] = [];
  const ids = [...summaries.keys()];
  for (let start = 0; start < ids.length; start += 100) groups.push(ids.slice(start, start + 100));
  const positions: LastPosition[] = [];
  for (let start = 0; start < groups.length; start += 8) {
    const read = await Promise.all(groups.slice(start, start + 8).map((group) => lastPositionsOf(db, group)));
    positions.push(...read.flat());
  }
  const { summaries: members, addresses } = await registered;
  for (const member of members) if (!summaries.has(member.id)) summaries.set(member.id, member);
  return { positions, summaries, addresses };
}

/** The last positions of up to 100 persons (one BatchGetItem). */
async function lastPositionsOf(db: Db, personIds: string[]): Promise<LastPosition[]> {
  const items = await batchGetAll(db, personIds.map((id) => keys.person(id)), { ProjectionExpression: 'lastPosition' });
  return items.flatMap((item) => (item['lastPosition'] ? [item['lastPosition'] as LastPosition] : []));
}

/**
 * Counts an encounter in the sleeping-spot cell of its month, once. Cells are kept from the stream
 * (the events consumer), not in the encounter's own transaction: every encounter at a spot updates
 * the same cell, and campaign visit lists read the cells only when a campaign starts or is rebuilt.
 * The encounter item records the cell it was counted in (guard `spotUncounted`), in the same
 * transaction as the count, so a stream record delivered twice counts once; an encounter no longer
 * in the table is not counted. Returns whether it counted.
 */
export async function countInSpotCell(db: Db, encounter: Encounter, rules: Pick<CampaignRules, 'sleepingSpots'>): Promise<boolean> {
  const { lat, lng } = encounter.location;
  const cell = cellOf({ lat, lng }, rules.sleepingSpots.cellDegrees);
  const cellKey = keys.spotCell(encounter.district, cstDate(encounter.occurredAt).slice(0, 7), cell);
  const items: TransactItem[] = [
    {
      guard: 'spotUncounted',
      Update: {
        TableName: db.tableName,
        Key: keys.encounter(encounter.personId, encounter.occurredAt, encounter.id),
        UpdateExpression: 'SET spotCell = :cell',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(spotCell)',
        ExpressionAttributeValues: { ':cell': cellKey.sk },
      },
    },
    {
      Update: {
        TableName: db.tableName,
        Key: cellKey,
        UpdateExpression: 'SET #type = :type, cell = :cell, lastAt = :at ADD #count :one, sumLat :lat, sumLng :lng, people :person',
        ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
        ExpressionAttributeValues: { ':type': 'spotCell', ':cell': cell, ':at': encounter.occurredAt, ':one': 1, ':lat': lat, ':lng': lng, ':person': new Set([encounter.personId]) },
      },
    },
  ];
  for (let attempt = 0; ; attempt += 1) {
    try {
      await transactWrite(db, items);
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      if (error.failed('spotUncounted')) return false;
      // Counts of one cell racing (encounters of one spot in two shards): nothing was written, send again.
      if (!error.collided() || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}

/** The stream's part in the spot cells: each new encounter item counted once in its cell. */
export const spotCellsFromStream =
  (db: Db, rules: Pick<CampaignRules, 'sleepingSpots'>) =>
  async (item: Record<string, unknown>): Promise<void> => {
    if (item['type'] === 'encounter') await countInSpotCell(db, item['encounter'] as Encounter, rules);
  };

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
