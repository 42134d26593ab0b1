import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { nameSearchKeys } from '../domain/names.js';
import { summarize, type LastSeen, type Person, type PersonSummary, type RiskFactor } from '../domain/person.js';
import type { Db } from './client.js';
import { keys } from './keys.js';
import { queryPage, type Page, type PageRequest } from './pagination.js';
import { putNew, type TransactItem } from './transact.js';

/**
 * A person is one item (`person` attribute, plus `lastSeen` kept apart so that encounters and
 * edits never overwrite each other), an ID-number item under the blind index (uniqueness), and one
 * name-key item per search key (the name-search index, each carrying the person's summary).
 */
export type PersonFilter = { status?: string; identityStatus?: string; riskFactor?: RiskFactor };

/** Attributes copied to the top level of person and name-key items, for filter expressions. */
const filterAttributes = (person: Person) => ({
  status: person.status,
  identityStatus: person.identityStatus,
  riskFactors: person.riskFactors,
});

/**
 * At most this many name keys per person, so that a registration or a change (old keys deleted,
 * new ones written) stays within one 100-item transaction. The name's own keys come first.
 */
export const MAX_SEARCH_KEYS = 40;

/** The search keys of a person: the keys of the name, then of each alias. */
export function personSearchKeys(person: Pick<Person, 'name' | 'aliases'>): string[] {
  const names = [person.name, ...person.aliases].filter((name): name is string => Boolean(name));
  return [...new Set(names.flatMap(nameSearchKeys))].slice(0, MAX_SEARCH_KEYS);
}

/**
 * How a person's ID number is kept: an HMAC blind index for exact lookup and uniqueness, and the
 * number sealed (AES-GCM). Neither the item nor any index projection holds the number in clear.
 */
export type IdNumberSecrets = { idIndex: string; sealed: string } | undefined;

function personItem(person: Person, secrets: IdNumberSecrets, lastSeen?: LastSeen) {
  const { idNumber: _clear, lastSeen: _seen, ...stored } = person;
  return {
    ...keys.person(person.id),
    type: 'person',
    person: stored,
    ...(lastSeen ? { lastSeen } : {}),
    ...filterAttributes(person),
    ...(secrets ? { idIndex: secrets.idIndex, idNumberSealed: secrets.sealed } : {}),
    gsi2pk: keys.personsOfDistrict(person.district),
    gsi2sk: `${person.updatedAt}#${person.id}`,
  };
}

function nameKeyItem(person: Person, searchKey: string) {
  return {
    ...keys.nameKey(person.id, searchKey),
    type: 'nameKey',
    summary: summarize(person),
    ...filterAttributes(person),
    gsi1pk: keys.namesOfDistrict(person.district),
    gsi1sk: `${searchKey}#${person.id}`,
  };
}

/** The uniqueness item of an ID number: who holds it, and in which district (for who may be told). */
const idNumberItem = (idIndex: string, person: Person) => ({ ...keys.idNumber(idIndex), type: 'idNumber', personId: person.id, district: person.district });

/** The transaction items that register a new person; the ID-number item (index 1 when present) guards uniqueness. */
export function personCreateItems(db: Db, person: Person, secrets: IdNumberSecrets, lastSeen?: LastSeen): TransactItem[] {
  return [
    putNew(db, personItem(person, secrets, lastSeen)),
    ...(secrets ? [putNew(db, idNumberItem(secrets.idIndex, person))] : []),
    ...personSearchKeys(person).map((key) => putNew(db, nameKeyItem(person, key))),
  ];
}

/**
 * The transaction items that change a person from `before` to `after`: the person item (only if
 * still at `before.version`; index 0), the ID-number items when the number changes (the new one at
 * index 1 guards uniqueness), and the name keys rewritten (their summaries change with any field).
 */
export function personUpdateItems(
  db: Db,
  before: { person: Person; idIndex: string | undefined },
  after: { person: Person; secrets: IdNumberSecrets },
): TransactItem[] {
  const item = personItem(after.person, after.secrets);
  const { pk: _pk, sk: _sk, ...attributes } = item;
  const names = Object.keys(attributes);
  const afterIndex = after.secrets?.idIndex;
  const removed = before.idIndex && !afterIndex;
  const items: TransactItem[] = [
    {
      Update: {
        TableName: db.tableName,
        Key: keys.person(after.person.id),
        UpdateExpression:
          `SET ${names.map((name, i) => `#a${i} = :v${i}`).join(', ')}` + (removed ? ' REMOVE idIndex, idNumberSealed' : ''),
        ConditionExpression: '#person.#version = :expected',
        ExpressionAttributeNames: {
          ...Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
          '#person': 'person',
          '#version': 'version',
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((name, i) => [`:v${i}`, attributes[name as keyof typeof attributes]])),
          ':expected': before.person.version,
        },
      },
    },
  ];
  if (before.idIndex !== afterIndex) {
    if (afterIndex) items.push(putNew(db, idNumberItem(afterIndex, after.person)));
    if (before.idIndex) items.push({ Delete: { TableName: db.tableName, Key: keys.idNumber(before.idIndex) } });
  } else if (afterIndex && before.person.district !== after.person.district) {
    items.push({ Put: { TableName: db.tableName, Item: idNumberItem(afterIndex, after.person) } });
  }
  const newKeys = new Set(personSearchKeys(after.person));
  for (const key of personSearchKeys(before.person)) {
    if (!newKeys.has(key)) {
      items.push({ Delete: { TableName: db.tableName, Key: keys.nameKey(after.person.id, key) } });
    }
  }
  for (const key of newKeys) items.push({ Put: { TableName: db.tableName, Item: nameKeyItem(after.person, key) } });
  return items;
}

/**
 * The transaction item that moves `lastSeen` forward (and records a found-person notice), unless a
 * newer sighting got there first.
 */
export function lastSeenUpdate(
  db: Db,
  personId: string,
  lastSeen: LastSeen,
  notice?: { at: string; quietSince: string },
): TransactItem {
  const newer = 'attribute_exists(pk) AND (attribute_not_exists(lastSeen) OR lastSeen.#at < :at)';
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.person(personId),
      UpdateExpression: notice ? 'SET lastSeen = :seen, foundNoticeAt = :notice' : 'SET lastSeen = :seen',
      // A notice also needs the quiet window still open: two sightings racing cannot both announce.
      ConditionExpression: notice ? `${newer} AND (attribute_not_exists(foundNoticeAt) OR foundNoticeAt <= :quietSince)` : newer,
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: {
        ':seen': lastSeen,
        ':at': lastSeen.at,
        ...(notice ? { ':notice': notice.at, ':quietSince': notice.quietSince } : {}),
      },
    },
  };
}

/** A stored person item read back: the person (ID number still sealed) with its last sighting. */
export type StoredPerson = {
  person: Person;
  idIndex: string | undefined;
  idNumberSealed: string | undefined;
  /** When the guardians were last told this person was found. */
  foundNoticeAt?: string;
};

/** Reads a person item (from GetItem or a batch) into a person. */
export function fromPersonItem(item: Record<string, unknown> | undefined): StoredPerson | undefined {
  if (!item || item['type'] !== 'person') return undefined;
  const person = item['person'] as Person;
  const lastSeen = item['lastSeen'] as LastSeen | undefined;
  return {
    person: lastSeen ? { ...person, lastSeen } : person,
    idIndex: item['idIndex'] as string | undefined,
    idNumberSealed: item['idNumberSealed'] as string | undefined,
    ...(typeof item['foundNoticeAt'] === 'string' ? { foundNoticeAt: item['foundNoticeAt'] } : {}),
  };
}

/** One person, or undefined. */
export async function getPerson(db: Db, id: string): Promise<StoredPerson | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.person(id) }));
  return fromPersonItem(result.Item);
}

/** The filter expression of a person filter, as part of a query input, and its values. */
function filterExpression(filter: PersonFilter): { input: Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames'>; values: Record<string, unknown> } {
  const parts: string[] = [];
  const values: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  if (filter.status) (parts.push('#status = :status'), (values[':status'] = filter.status), (names['#status'] = 'status'));
  if (filter.identityStatus) (parts.push('identityStatus = :identity'), (values[':identity'] = filter.identityStatus));
  if (filter.riskFactor) (parts.push('contains(riskFactors, :risk)'), (values[':risk'] = filter.riskFactor));
  if (parts.length === 0) return { input: {}, values };
  return {
    input: { FilterExpression: parts.join(' AND '), ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}) },
    values,
  };
}

/**
 * Persons whose name or alias has a search key starting with `searchKey`, in one district: one
 * query of the name index. Hits are deduplicated; exact key matches come first.
 */
export async function searchPersons(
  db: Db,
  district: string,
  searchKey: string,
  filter: PersonFilter,
  page: PageRequest,
): Promise<Page<PersonSummary>> {
  const pk = keys.namesOfDistrict(district);
  const filters = filterExpression(filter);
  const { items, nextCursor } = await queryPage(
    db,
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :key)',
      ...filters.input,
      ExpressionAttributeValues: { ':pk': pk, ':key': searchKey, ...filters.values },
    },
    page,
    { partition: { gsi1pk: pk }, sortKeyWithin: (sk) => sk.startsWith(searchKey) },
  );
  const exact = (item: Record<string, unknown>) => String(item['gsi1sk']).startsWith(`${searchKey}#`);
  const sorted = [...items.filter(exact), ...items.filter((item) => !exact(item))];
  const seen = new Set<string>();
  const hits: PersonSummary[] = [];
  for (const item of sorted) {
    const summary = item['summary'] as PersonSummary;
    if (!seen.has(summary.id)) (seen.add(summary.id), hits.push(summary));
  }
  return { items: hits, nextCursor };
}

/** Persons of a district, most recently changed first: one query of the district index. */
export async function listPersons(
  db: Db,
  district: string,
  filter: PersonFilter,
  page: PageRequest,
): Promise<Page<PersonSummary>> {
  const pk = keys.personsOfDistrict(district);
  const filters = filterExpression(filter);
  const { items, nextCursor } = await queryPage(
    db,
    {
      IndexName: 'GSI2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ScanIndexForward: false,
      ...filters.input,
      ExpressionAttributeValues: { ':pk': pk, ...filters.values },
    },
    page,
    { partition: { gsi2pk: pk } },
  );
  return { items: items.map((item) => summarize(item['person'] as Person)), nextCursor };
}

/** Persons of a district indexed under exactly this search key (candidates for the duplicate guard). */
export async function personsWithNameKey(db: Db, district: string, searchKey: string): Promise<PersonSummary[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :key)',
      ExpressionAttributeValues: { ':pk': keys.namesOfDistrict(district), ':key': `${searchKey}#` },
      Limit: 50,
    }),
  );
  return (result.Items ?? []).map((item) => item['summary'] as PersonSummary);
}
