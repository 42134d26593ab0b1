/**
 * The one table definition: keys, indexes, stream and TTL. The CDK stack, the local runtime
 * and the tests all build the table from this object, so they cannot drift apart.
 *
 * Access patterns (pattern → key condition → index). Key builders live in `keys.ts`.
 *
 * | pattern                                   | key condition                                              | index |
 * |-------------------------------------------|------------------------------------------------------------|-------|
 * | facility by id                            | pk = FACILITY#id, sk = FACILITY                             | table |
 * | facilities of a district (opt. type)      | gsi1pk = FACILITIES#district, gsi1sk begins_with type#      | GSI1  |
 * | facilities of a type, all districts       | gsi2pk = FACILITY_TYPE#type                                 | GSI2  |
 * | all facilities                            | gsi2pk = FACILITIES                                         | GSI3  |
 * | idempotency record                        | pk = IDEM#actor#key, sk = IDEM                              | table |
 * | audit trail of a subject                  | pk = AUDIT#subjectId, sk begins_with at                     | table |
 * | a request's reads of many subjects        | pk = AUDITVIEW#id, sk = AUDITVIEW (stream fans out; TTL)    | table |
 * | person by id                              | pk = PERSON#id, sk = PERSON                                 | table |
 * | person by ID number (blind index)         | pk = IDNUMBER#hmac, sk = IDNUMBER                           | table |
 * | persons of a district, newest change first| gsi2pk = PERSONS#district, gsi2sk = updatedAt#id            | GSI2  |
 * | name search in a district                 | gsi1pk = NAME#district, gsi1sk begins_with key              | GSI1  |
 * | follow-ups of a district due by a date    | gsi3pk = FOLLOWUPS#district, gsi3sk <= date#~               | GSI3  |
 * | found-person grant of a caller            | pk = GRANT#caller#personId, sk = GRANT (expire by TTL)      | table |
 * | ID-number lookups of a caller in a window | pk = LOOKUPS#caller#window, sk = LOOKUPS (expire by TTL)    | table |
 * | encounters of a person, newest first      | pk = PERSON#id, sk begins_with ENCOUNTER#                   | table |
 * | encounters of a district in a time window | gsi1pk = ENCOUNTERS#district, gsi1sk between since..until   | GSI1  |
 * | aid case by id                            | pk = AIDCASE#id, sk = AIDCASE                               | table |
 * | open aid cases of a district by due date  | gsi2pk = AIDCASES#district#open, gsi2sk = dueAt#id          | GSI2  |
 * | domain events (read from the stream)      | pk = EVENT#id, sk = EVENT (expire by TTL)                   | table |
 * | bed count of a facility and sex           | pk = BEDS#facilityId#sex, sk = BEDS                         | table |
 * | stay by id                                | pk = STAY#id, sk = STAY                                     | table |
 * | open stays of a facility, by admission    | gsi1pk = STAYS#facility#open, gsi1sk = admittedAt#id        | GSI1  |
 * | ended stays of a facility, newest first   | gsi1pk = STAYS#facility#ended, gsi1sk = endedAt#id          | GSI1  |
 * | open stays of a district due by a date    | gsi3pk = STAYS_DUE#district, gsi3sk <= date#~               | GSI3  |
 * | districts with care work (the sweep)      | pk = CARE_DISTRICTS                                         | table |
 * | proposal by id                            | pk = PROPOSAL#id, sk = PROPOSAL                             | table |
 * | placement by id                           | pk = PLACEMENT#id, sk = PLACEMENT                           | table |
 * | placements arriving at a facility, status | gsi1pk = PLACEMENTS_TO#facility#status, gsi1sk = at#id      | GSI1  |
 * | placements leaving a facility, status     | gsi2pk = PLACEMENTS_FROM#facility#status, gsi2sk = at#id    | GSI2  |
 * | pending placements of a district by expiry| gsi3pk = PLACEMENTS_DUE#district, gsi3sk <= instant#~       | GSI3  |
 * | a person's place on a waitlist            | pk = WAITLISTED#facility#personId, sk = WAITLISTED          | table |
 * | a facility's waitlist (sex, status), FCFS | gsi1pk = WAITLIST#facility#sex#status, gsi1sk = joinedAt#id | GSI1  |
 * | waitlist offers of a district by expiry   | gsi3pk = OFFERS_DUE#district, gsi3sk <= instant#~           | GSI3  |
 * | the waitlists a person is on             | gsi2pk = WAITLISTS_OF#personId, gsi2sk = facilityId         | GSI2  |
 * | photos of a person, newest first          | pk = PERSON#id, sk begins_with PHOTO# (ids are UUIDv7)      | table |
 * | photo by id                               | pk = PERSON#personId, sk = PHOTO#photoId                    | table |
 * | portrait chosen for a person's notice     | pk = PERSON#personId, sk = NOTICE#PORTRAIT                  | table |
 * | tracing case of a person                  | pk = TRACING#personId, sk = TRACING                         | table |
 * | open tracing cases by nearest deadline    | gsi2pk = TRACING_CASES#district#open, gsi2sk <= dueAt#~     | GSI2  |
 * | closed tracing cases by closing time      | gsi2pk = TRACING_CASES#district#closed, gsi2sk = at#id      | GSI2  |
 * | tracing cases the sweep must look at      | gsi3pk = TRACING_ALERTS#district, gsi3sk <= instant#~       | GSI3  |
 * | missing-person report by id               | pk = MREPORT#id, sk = MREPORT                               | table |
 * | reports filed in a district, by status    | gsi1pk = MREPORTS#district#status, gsi1sk = createdAt#id    | GSI1  |
 * | reports last seen in a district, status   | gsi2pk = MREPORTS_SEEN#district#status, gsi2sk = at#id      | GSI2  |
 * | matching blocking entries (side, key)     | pk = MB#side#kind#key, sk between year# .. year#~ (or id)   | table |
 * | match candidates of a person or report    | pk = MATCHES#side#id, sk = otherSide#otherId                | table |
 * | area by id                                | pk = AREA#id, sk = AREA                                     | table |
 * | areas of a district, by name              | gsi1pk = AREAS#district, gsi1sk = name#id                   | GSI1  |
 * | all areas (the hourly evaluation)         | gsi2pk = AREAS, gsi2sk = district#id                        | GSI2  |
 * | areas by name (a warning's areaDesc)      | pk = AREA_NAME#name (sk = district)                         | table |
 * | warning received                          | pk = WARNING#digest(sender, identifier), sk = WARNING       | table |
 * | official signals of a district            | pk = SIGNALS#district, sk = areaId#hazard                   | table |
 * | campaign by id, with its visit chunks     | pk = CAMPAIGN#id, sk = CAMPAIGN / begins_with VISITS#       | table |
 * | campaigns of a district by status         | gsi1pk = CAMPAIGNS#district#status, gsi1sk = startedAt#id   | GSI1  |
 * | the active campaign of an area and hazard | pk = CAMPAIGN_ACTIVE#areaId#hazard, sk = LOCK               | table |
 * | last positions of a district's persons    | gsi2pk = POSITIONS#district, gsi2sk = personId              | GSI2  |
 * | sleeping-spot cells of a district, months | pk = SPOTS#district, sk between month#… and month#~         | table |
 * | forecast freshness of an area             | pk = FORECAST#areaId, sk = STATUS                           | table |
 * | editable rule, its versions               | pk = RULE#name, sk = CURRENT / V#version                    | table |
 * | a district's rule override, its versions  | pk = RULE#name#D#district, sk = CURRENT / V#version         | table |
 * | the items a person's references point to  | pk = PERSON#id, sk begins_with HELD# (target pk in sk)      | table |
 * | correction requests of a person           | pk = PERSON#id, sk begins_with CORRECTION#                  | table |
 * | idempotency records about a person        | gsi3pk = HELD#personId, gsi3sk = the record's pk            | GSI3  |
 * | districts that hold persons (retention)   | pk = PERSON_DISTRICTS, sk = district                        | table |
 * | where a retention walk stopped            | pk = RETENTION#district, sk = walk                          | table |
 * | report residues of erased persons, month  | pk = RESIDUE#district, sk begins_with month#                | table |
 *
 * Privacy requests read a person without a scan: the partition (record, name keys, encounters,
 * photos, corrections and HELD# references to the stays, placements, proposals and aid cases kept
 * under their own keys), the tracing case, the candidates, the waitlists (GSI2) and the idempotency
 * records whose response is about them (GSI3). An erased person's item becomes a tombstone
 * (`erasedPerson`) naming only the erasure.
 * A person's open stay is named on the person item (`openStay`), so that one conditional write
 * keeps a person from two beds. Stay list rows carry the stay's `summary` (no notes, relatives or
 * extension reasons), the attribute every index already projects; so do placement and waitlist
 * rows (their `summary` is the whole record: ids, times and statuses, nothing personal).
 * The sweep needs the districts to read the due lists of: every admission, transfer and waitlist
 * entry puts its district under CARE_DISTRICTS (an idempotent put), so the sweep reads one small
 * partition and then one due-list query per district, never a Scan.
 * Campaigns: areas, campaigns and last positions carry their record in `summary` (nothing more
 * personal than a position and a name), so the indexes need no new projection. A visit list is
 * built from two reads of a district (its positions, its spot cells by month) plus the persons'
 * summaries (one BatchGetItem per 100), and stored in chunks of `visitsPerChunk`.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * Overloaded global secondary indexes. Each projects only what its queries return (plus the
   * attributes their filters read): summaries, never the record itself, so health notes, guardians
   * and sealed ID numbers stay in the table, and a sighting (`lastSeen`) rewrites no index.
   */
  globalSecondaryIndexes: [
    // Facilities of a district; name search; encounters of a district; stays of a facility.
    { indexName: 'GSI1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', include: ['type', 'facility', 'summary', 'encounter', 'status', 'identityStatus', 'riskFactors'] },
    // Facilities of a type; persons of a district; open aid cases by due date.
    { indexName: 'GSI2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', include: ['type', 'facility', 'summary', 'aidCase', 'status', 'identityStatus', 'riskFactors'] },
    // All facilities; follow-ups due; stays due for review.
    { indexName: 'GSI3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', include: ['type', 'facility', 'summary', 'nextFollowUp'] },
  ],
  /** Items with this attribute (epoch seconds) are deleted by DynamoDB after that time. */
  timeToLiveAttribute: 'expiresAt',
  /** Events are read from the stream, so the stream carries new images. */
  streamViewType: 'NEW_AND_OLD_IMAGES',
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** The CreateTable input for DynamoDB Local and tests (the CDK stack maps the same definition). */
export function createTableInput(tableName: string) {
  const keyAttributes = [
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.include] },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType },
  };
}
