import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Encounter } from '../domain/encounter.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryPage, type Page, type PageRequest } from './pagination.js';
import { putNew, type TransactItem } from './transact.js';

/** The transaction item that stores an encounter under its person, listed by district and time. */
export function encounterCreate(db: Db, encounter: Encounter): TransactItem {
  return putNew(db, {
    ...keys.encounter(encounter.personId, encounter.occurredAt, encounter.id),
    type: 'encounter',
    encounter,
    gsi1pk: keys.encountersOfDistrict(encounter.district),
    gsi1sk: `${encounter.occurredAt}#${encounter.id}`,
  });
}

/** A person's encounters, newest first: one query of the person's partition. */
export async function encountersOfPerson(db: Db, personId: string, page: PageRequest): Promise<Page<Encounter>> {
  const pk = keys.person(personId).pk;
  const prefix = keys.encounterPrefix();
  const { items, nextCursor } = await queryPage(
    db,
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ScanIndexForward: false,
    },
    page,
    { partition: { pk }, sortKeyWithin: (sk) => sk.startsWith(prefix) },
  );
  return { items: items.map((item) => item['encounter'] as Encounter), nextCursor };
}

/** A district's encounters in a time window, newest first: one query of the district index. */
export async function encountersOfDistrict(
  db: Db,
  district: string,
  window: { since?: string; until?: string },
  page: PageRequest,
): Promise<Page<Encounter>> {
  const pk = keys.encountersOfDistrict(district);
  // Sort keys are `<UTC instant>#<id>`: '#' sorts below every id character and '~' above.
  const from = window.since ? `${window.since}#` : '0';
  const to = window.until ? `${window.until}#~` : '~';
  const { items, nextCursor } = await queryPage(
    db,
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
      ScanIndexForward: false,
    },
    page,
    { partition: { gsi1pk: pk }, sortKeyWithin: (sk) => sk >= from && sk <= to },
  );
  return { items: items.map((item) => item['encounter'] as Encounter), nextCursor };
}

/** One encounter, or undefined. */
export async function getEncounter(db: Db, personId: string, occurredAt: string, id: string): Promise<Encounter | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.encounter(personId, occurredAt, id) }));
  return result.Item?.['encounter'] as Encounter | undefined;
}

/** The transaction item that records what became of an encounter's next steps (in every view: the item and its index copy). */
export const encounterStepsUpdate = (db: Db, encounter: Encounter, nextSteps: Encounter['nextSteps']): TransactItem => ({
  guard: 'recordVersion',
  Update: {
    TableName: db.tableName,
    Key: keys.encounter(encounter.personId, encounter.occurredAt, encounter.id),
    UpdateExpression: 'SET encounter.nextSteps = :steps',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':steps': nextSteps },
  },
});

/** Whether an encounter with this id is one of the person's (a query of the person's encounters, newest first, until found). */
export async function isEncounterOf(db: Db, personId: string, encounterId: string): Promise<boolean> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#encounter.#id = :id',
        ExpressionAttributeNames: { '#encounter': 'encounter', '#id': 'id' },
        ExpressionAttributeValues: { ':pk': keys.person(personId).pk, ':prefix': keys.encounterPrefix(), ':id': encounterId },
        ProjectionExpression: 'pk',
        ScanIndexForward: false,
        ExclusiveStartKey: startKey,
      }),
    );
    if ((result.Items ?? []).length > 0) return true;
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return false;
}
