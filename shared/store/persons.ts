import { GetCommand, PutCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { FollowUp, RefusalFollowUp } from '../domain/follow-ups.js';
import { nameSearchKeys } from '../domain/names.js';
import { sightingFields, type ClinicalFinding, type ConcernFlag, type Person, type RiskFactor } from '../domain/person.js';
import type { SightingChange } from '../domain/sighting.js';
import { summarize, type PersonSummary } from '../domain/person-views.js';
import type { Db } from './client.js';
import { canonicalJson } from './idempotency.js';
import { keys } from './keys.js';
import { batchGetAll } from './batch.js';
import { queryAll, queryPage, type Page, type PageRequest } from './pagination.js';
import type { lastPositionAttributes } from './positions.js';
import { logger } from '../logger.js';
import { putNew, type TransactItem } from './transact.js';

/** A person item's place in the position index (see `lastPositionAttributes`). */
type PositionIndex = ReturnType<typeof lastPositionAttributes>;

/**
 * A person is one item: the record (`person`, with the ID number sealed apart), its `summary` for
 * the list indexes, and what encounters keep beside the record (`lastSeen`, `concernFlag`,
 * `refusalFollowUp`, `nextFollowUp`, and `lastPosition` with its place in the position index, GSI1),
 * so that sightings and edits never overwrite each other. Beside
 * it: an ID-number item under the blind index (uniqueness), and one name-key item per search key
 * (the name-search index, each carrying the summary).
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

/** The follow-up work-list keys of a person who owes one (GSI3), or nothing. */
const followUpKeys = (person: Pick<Person, 'district' | 'id'>, followUp: FollowUp | undefined) =>
  followUp ? { gsi3pk: keys.followUpsOfDistrict(person.district), gsi3sk: `${followUp.dueOn}#${person.id}` } : {};

/** The record as stored in the `person` map: no ID number in clear, nothing an encounter keeps. */
function recordOf(person: Person) {
  const record: Record<string, unknown> = { ...person };
  delete record['idNumber'];
  for (const field of sightingFields) delete record[field];
  return record;
}

function personItem(person: Person, secrets: IdNumberSecrets) {
  return {
    ...keys.person(person.id),
    type: 'person',
    person: recordOf(person),
    summary: summarize(person),
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

/**
 * The transaction items that register a new person (with what its first encounter keeps beside it,
 * and that encounter's place in the position index).
 */
export function personCreateItems(db: Db, person: Person, secrets: IdNumberSecrets, position?: PositionIndex): TransactItem[] {
  const sighting = Object.fromEntries(sightingFields.filter((field) => person[field] !== undefined).map((field) => [field, person[field]]));
  return [
    putNew(db, { ...personItem(person, secrets), ...sighting, ...followUpKeys(person, person.nextFollowUp), ...position }),
    ...(secrets ? [putNew(db, idNumberItem(secrets.idIndex, person), 'idNumberUnique')] : []),
    ...personSearchKeys(person).map((key) => putNew(db, nameKeyItem(person, key))),
  ];
}

const sameJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The open stay a person is in, named on the person item: at most one at a time. */
export type OpenStay = { stayId: string; facilityId: string };

/** How a change moves the person's open stay: an admission opens one (none may be open), a discharge closes that one. */
export type StayLink = { open: OpenStay } | { close: string } | { move: { from: string; to: OpenStay } };

/**
 * The transaction items that change a person from `before` to `after`: the person item, only if
 * still at `before`'s version and sighting (guard `personVersion`: the next follow-up is computed
 * from both) and, for an admission or a discharge, only if the open stay is as `stay` expects; the ID-number items when the number changes (guard `idNumberUnique`); and the name
 * keys only where they change: keys of a changed name or alias, or all of them when the summary
 * they carry changes. An edit of anything else (health notes, marks, guardians) leaves them alone.
 */
export function personUpdateItems(
  db: Db,
  before: { person: Person; idIndex: string | undefined },
  after: { person: Person; secrets: IdNumberSecrets },
  stay?: StayLink,
  flag?: { raise: ConcernFlag },
): TransactItem[] {
  const item = { ...personItem(after.person, after.secrets), nextFollowUp: after.person.nextFollowUp, ...followUpKeys(after.person, after.person.nextFollowUp) };
  const { pk: _pk, sk: _sk, ...attributes } = item;
  const set = Object.entries(attributes).filter(([, value]) => value !== undefined);
  const remove = [
    ...(before.idIndex && !after.secrets ? ['idIndex', 'idNumberSealed'] : []),
    ...(before.person.nextFollowUp && !after.person.nextFollowUp ? ['nextFollowUp', 'gsi3pk', 'gsi3sk'] : []),
  ];
  const seen = before.person.lastSeen?.encounterId;
  const assignments = set.map((_, i) => `#a${i} = :v${i}`);
  const conditions = [`#person.#version = :expected`, seen ? 'lastSeen.encounterId = :seen' : 'attribute_not_exists(lastSeen)'];
  const stayValues: Record<string, unknown> = {};
  if (stay && 'open' in stay) {
    assignments.push('openStay = :openStay');
    conditions.push('attribute_not_exists(openStay)');
    stayValues[':openStay'] = stay.open;
  } else if (stay && 'move' in stay) {
    assignments.push('openStay = :openStay');
    conditions.push('openStay.stayId = :closingStay');
    stayValues[':openStay'] = stay.move.to;
    stayValues[':closingStay'] = stay.move.from;
  } else if (stay) {
    remove.push('openStay');
    conditions.push('openStay.stayId = :closingStay');
    stayValues[':closingStay'] = stay.close;
  }
  if (flag) {
    // Raised or added to only from the flag as read, as an encounter's is (rule 2).
    const flagBefore = before.person.concernFlag;
    assignments.push('concernFlag = :raisedFlag');
    conditions.push(flagBefore ? 'concernFlag.concerns = :flagConcernsBefore' : 'attribute_not_exists(concernFlag)');
    stayValues[':raisedFlag'] = flag.raise;
    if (flagBefore) stayValues[':flagConcernsBefore'] = flagBefore.concerns;
  }
  const items: TransactItem[] = [
    {
      guard: 'personVersion',
      Update: {
        TableName: db.tableName,
        Key: keys.person(after.person.id),
        UpdateExpression: `SET ${assignments.join(', ')}` + (remove.length ? ` REMOVE ${remove.join(', ')}` : ''),
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: { ...Object.fromEntries(set.map(([name], i) => [`#a${i}`, name])), '#person': 'person', '#version': 'version' },
        ExpressionAttributeValues: {
          ...Object.fromEntries(set.map(([, value], i) => [`:v${i}`, value])),
          ':expected': before.person.version,
          ...(seen ? { ':seen': seen } : {}),
          ...stayValues,
        },
      },
    },
  ];
  const afterIndex = after.secrets?.idIndex;
  if (before.idIndex !== afterIndex) {
    if (afterIndex) items.push(putNew(db, idNumberItem(afterIndex, after.person), 'idNumberUnique'));
    if (before.idIndex) items.push({ Delete: { TableName: db.tableName, Key: keys.idNumber(before.idIndex) } });
  } else if (afterIndex && before.person.district !== after.person.district) {
    items.push({ Put: { TableName: db.tableName, Item: idNumberItem(afterIndex, after.person) } });
  }
  const [oldKeys, newKeys] = [personSearchKeys(before.person), personSearchKeys(after.person)];
  const summaryChanged = !sameJson(summarize(before.person), summarize(after.person)) || before.person.district !== after.person.district;
  for (const key of oldKeys) {
    if (!newKeys.includes(key)) items.push({ Delete: { TableName: db.tableName, Key: keys.nameKey(after.person.id, key) } });
  }
  for (const key of newKeys) {
    if (summaryChanged || !oldKeys.includes(key)) items.push({ Put: { TableName: db.tableName, Item: nameKeyItem(after.person, key) } });
  }
  return items;
}

/**
 * The transaction item that writes an encounter's change beside a person's record, guarded
 * (`personSighting`): the record must still be at the version the change was planned on, no newer
 * sighting may have got there first, two notices or flags racing cannot both go out. A newest
 * sighting also moves the person in the position index (`position`).
 */
export function sightingUpdate(db: Db, person: Pick<Person, 'id' | 'district' | 'version' | 'lastSeen'>, change: SightingChange, position?: PositionIndex): TransactItem {
  const set: string[] = [];
  const remove: string[] = [];
  const conditions = ['attribute_exists(pk)', '#person.#version = :version'];
  const values: Record<string, unknown> = { ':version': person.version };
  if (change.lastSeen) {
    // The sighting it replaces is the one read: the follow-ups were planned on it.
    set.push('lastSeen = :seen');
    conditions.push(person.lastSeen ? 'lastSeen.encounterId = :seenBefore' : 'attribute_not_exists(lastSeen)');
    Object.assign(values, { ':seen': change.lastSeen, ...(person.lastSeen ? { ':seenBefore': person.lastSeen.encounterId } : {}) });
    if (position) {
      set.push('lastPosition = :position', 'gsi1pk = :positions', 'gsi1sk = :positionKey');
      Object.assign(values, { ':position': position.lastPosition, ':positions': position.gsi1pk, ':positionKey': position.gsi1sk });
    }
  }
  if (change.notice) {
    set.push('foundNoticeAt = :notice');
    conditions.push('(attribute_not_exists(foundNoticeAt) OR foundNoticeAt <= :quietSince)');
    Object.assign(values, { ':notice': change.notice.at, ':quietSince': change.notice.quietSince });
  }
  if (change.concernFlag) {
    // Raised or added to only from the flag as read: two encounters racing cannot both report one suspicion.
    set.push('concernFlag = :flag');
    conditions.push(change.flagBefore ? 'concernFlag.concerns = :concernsBefore' : 'attribute_not_exists(concernFlag)');
    Object.assign(values, { ':flag': change.concernFlag, ...(change.flagBefore ? { ':concernsBefore': change.flagBefore.concerns } : {}) });
  }
  if (change.suspectedMentalDisorder) (set.push('suspectedMentalDisorder = :suspicion'), (values[':suspicion'] = change.suspectedMentalDisorder));
  if (change.refusalFollowUp) (set.push('refusalFollowUp = :refusal'), (values[':refusal'] = change.refusalFollowUp));
  if (change.refusalFollowUp === null) remove.push('refusalFollowUp');
  if (change.nextFollowUp) {
    const { gsi3pk, gsi3sk } = followUpKeys(person, change.nextFollowUp) as { gsi3pk: string; gsi3sk: string };
    set.push('nextFollowUp = :followUp', 'gsi3pk = :gsi3pk', 'gsi3sk = :gsi3sk');
    Object.assign(values, { ':followUp': change.nextFollowUp, ':gsi3pk': gsi3pk, ':gsi3sk': gsi3sk });
  }
  if (change.nextFollowUp === null) remove.push('nextFollowUp', 'gsi3pk', 'gsi3sk');
  return {
    guard: 'personSighting',
    Update: {
      TableName: db.tableName,
      Key: keys.person(person.id),
      UpdateExpression: [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].join(' ').trim(),
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: { '#person': 'person', '#version': 'version' },
      ExpressionAttributeValues: values,
    },
  };
}

/** The transaction item that clears the rule-2 flag, only if it is the one the caller saw (raised by that encounter or stay, with those concerns). */
export function concernFlagClear(db: Db, personId: string, flag: ConcernFlag): TransactItem {
  const raisedBy = flag.encounterId ? 'concernFlag.encounterId = :raisedIn' : 'concernFlag.stayId = :raisedIn';
  return {
    guard: 'personSighting',
    Update: {
      TableName: db.tableName,
      Key: keys.person(personId),
      UpdateExpression: 'REMOVE concernFlag',
      ConditionExpression: `${raisedBy} AND concernFlag.concerns = :concerns`,
      ExpressionAttributeValues: { ':raisedIn': flag.encounterId ?? flag.stayId, ':concerns': flag.concerns },
    },
  };
}

/** The transaction item that records a clinician's finding beside the record; an older finding than the one recorded is refused (guard `personSighting`). */
export function clinicalFindingPut(db: Db, personId: string, finding: ClinicalFinding): TransactItem {
  return {
    guard: 'personSighting',
    Update: {
      TableName: db.tableName,
      Key: keys.person(personId),
      UpdateExpression: 'SET clinicalFinding = :finding',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(clinicalFinding) OR clinicalFinding.#at <= :at)',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: { ':finding': finding, ':at': finding.at },
    },
  };
}

/** A stored person item read back: the person (ID number still sealed) with what encounters keep beside it. */
export type StoredPerson = {
  person: Person;
  idIndex: string | undefined;
  idNumberSealed: string | undefined;
  /** When the guardians were last told this person was found. */
  foundNoticeAt?: string;
  /** The stay the person is in now, if any. */
  openStay?: OpenStay;
};

/** The ID-number keys of a stored person, kept as they are by a change of status. */
export const storedSecrets = (stored: StoredPerson) =>
  stored.idIndex && stored.idNumberSealed ? { idIndex: stored.idIndex, sealed: stored.idNumberSealed } : undefined;

/** The person with a new status, one version on. */
export const withStatus = (person: Person, status: Person['status'], now: Date): Person => ({ ...person, status, updatedAt: now.toISOString(), version: person.version + 1 });

/** Reads a person item (from GetItem or a batch) into a person. */
export function fromPersonItem(item: Record<string, unknown> | undefined): StoredPerson | undefined {
  // A person being erased is gone for every reader at once: no write can be planned on them.
  if (!item || item['type'] !== 'person' || item['erasing']) return undefined;
  const sighting = Object.fromEntries(sightingFields.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));
  return {
    person: { ...(item['person'] as Person), ...sighting },
    idIndex: item['idIndex'] as string | undefined,
    idNumberSealed: item['idNumberSealed'] as string | undefined,
    ...(typeof item['foundNoticeAt'] === 'string' ? { foundNoticeAt: item['foundNoticeAt'] } : {}),
    ...(item['openStay'] ? { openStay: item['openStay'] as OpenStay } : {}),
  };
}

/** One person, or undefined. */
export async function getPerson(db: Db, id: string, consistent = false): Promise<StoredPerson | undefined> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.person(id), ConsistentRead: consistent }));
  return fromPersonItem(result.Item);
}

/**
 * The summaries of some persons, by id (one BatchGetItem per 100, reading only the summary). For
 * rows that show a person beside something else, such as the residents of a facility.
 */
export async function personSummaries(db: Db, ids: string[]): Promise<Map<string, PersonSummary>> {
  const found = new Map<string, PersonSummary>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += 100) {
    const items = await batchGetAll(db, unique.slice(start, start + 100).map((id) => keys.person(id)), {
      ProjectionExpression: '#person, summary, suspectedMentalDisorder, clinicalFinding',
      ExpressionAttributeNames: { '#person': 'person' },
    });
    for (const item of items) {
      const summary = summaryOf(item);
      // Kept beside the record, not in the summary: read with it for the care rules.
      const beside = Object.fromEntries((['suspectedMentalDisorder', 'clinicalFinding'] as const).filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));
      if (summary) found.set(summary.id, { ...summary, ...beside });
    }
  }
  return found;
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
 * The summary an index item carries. Items written before summaries were kept carry the record
 * instead where the index still projects it; one that carries neither is left out, never a 500.
 */
function summaryOf(item: Record<string, unknown>): PersonSummary | undefined {
  const summary = item['summary'] as PersonSummary | undefined;
  if (summary) return summary;
  return item['person'] ? summarize(item['person'] as Person) : undefined;
}
const isSummary = (summary: PersonSummary | undefined): summary is PersonSummary => summary !== undefined;

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
    const summary = summaryOf(item);
    if (summary && !seen.has(summary.id)) (seen.add(summary.id), hits.push(summary));
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
  return { items: items.map(summaryOf).filter(isSummary), nextCursor };
}

/** A row of the follow-up work list. */
export type FollowUpRow = PersonSummary & { nextFollowUp: FollowUp };

/** Persons of a district whose next follow-up is due on or before a date, soonest first: one query of GSI3. */
export async function followUpsDue(db: Db, district: string, dueBy: string, page: PageRequest): Promise<Page<FollowUpRow>> {
  const pk = keys.followUpsOfDistrict(district);
  // Sort keys are `<date>#<id>`: '~' sorts above every id character, so the whole day is included.
  const upTo = `${dueBy}#~`;
  const { items, nextCursor } = await queryPage(
    db,
    { IndexName: 'GSI3', KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :upTo', ExpressionAttributeValues: { ':pk': pk, ':upTo': upTo } },
    page,
    { partition: { gsi3pk: pk }, sortKeyWithin: (sk) => sk <= upTo },
  );
  const rows = items.flatMap((item) => {
    const summary = summaryOf(item);
    return summary ? [{ ...summary, nextFollowUp: item['nextFollowUp'] as FollowUp }] : [];
  });
  return { items: rows, nextCursor };
}

/** Most same-name candidates the duplicate guard reads (a bound, far above any real district's 王伟s). */
const MAX_DUPLICATE_CANDIDATES = 5_000;

/**
 * Persons of a district indexed under exactly this search key (candidates for the duplicate
 * guard): every one, page after page, so that a common name still finds the same person.
 */
export async function personsWithNameKey(db: Db, district: string, searchKey: string): Promise<PersonSummary[]> {
  const items = await queryAll(
    db,
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :key)',
      ExpressionAttributeValues: { ':pk': keys.namesOfDistrict(district), ':key': `${searchKey}#` },
      ProjectionExpression: 'summary',
    },
    MAX_DUPLICATE_CANDIDATES,
  );
  return items.map((item) => item['summary'] as PersonSummary);
}

/** Districts noted by this process, per table. */
const districtsNoted = new Set<string>();

/**
 * Notes that a district holds persons (the retention job walks each such district). Once per
 * process and district; a failure is logged and tried again with the next registration.
 */
export async function notePersonDistrict(db: Db, district: string): Promise<void> {
  const memo = `${db.tableName}|${district}`;
  if (districtsNoted.has(memo)) return;
  try {
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.personDistrict(district), type: 'personDistrict', district } }));
    districtsNoted.add(memo);
  } catch (error) {
    logger.warn('Could not note the district of a registration', { district, error });
  }
}

/** The districts that hold persons. */
export async function personDistricts(db: Db): Promise<string[]> {
  const items = await queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.personDistricts() } });
  return items.map((item) => String(item['sk']));
}
