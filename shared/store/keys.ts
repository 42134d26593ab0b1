/**
 * Key builders: the only place that knows how item keys are spelled. The access-pattern table
 * sits at the top of `table.ts`.
 */
export const keys = {
  facility: (id: string) => ({ pk: `FACILITY#${id}`, sk: 'FACILITY' }),
  facilityByDistrict: (district: string) => `FACILITIES#${district}`,
  facilityByType: (type: string) => `FACILITY_TYPE#${type}`,
  allFacilities: () => 'FACILITIES',

  // The actor's length goes first so that no (actor, key) pair can spell another's.
  idempotency: (actor: string, key: string) => ({ pk: `IDEM#${actor.length}:${actor}#${key}`, sk: 'IDEM' }),

  audit: (subjectId: string, at: string, id: string) => ({ pk: `AUDIT#${subjectId}`, sk: `${at}#${id}` }),
  auditOf: (subjectId: string) => `AUDIT#${subjectId}`,
  /** One request's reads of many subjects, fanned out to their audit trails by the stream consumer. */
  auditView: (id: string) => ({ pk: `AUDITVIEW#${id}`, sk: 'AUDITVIEW' }),

  person: (id: string) => ({ pk: `PERSON#${id}`, sk: 'PERSON' }),
  /**
   * What is held about a person outside their partition: a reference item beside the person for
   * each stay, placement, proposal and aid case (written with it), and the idempotency records
   * whose response is about them (GSI3 `HELD#personId`). An export or an erasure reads these.
   */
  heldRef: (personId: string, target: { pk: string; sk: string }) => ({ pk: `PERSON#${personId}`, sk: `HELD#${target.pk}` }),
  heldRefPrefix: () => 'HELD#',
  heldAbout: (personId: string) => `HELD#${personId}`,
  /** A person's requests to correct their record (PIPL art. 46), beside the person; ids are time-ordered. */
  correction: (personId: string, id: string) => ({ pk: `PERSON#${personId}`, sk: `CORRECTION#${id}` }),
  correctionPrefix: () => 'CORRECTION#',
  /**
   * What an erased person's records counted for in a district's monthly report, one item per month
   * they counted in, with no field that identifies them (statistics survive erasure): sk month#token.
   */
  reportResidue: (district: string, month: string, token: string) => ({ pk: `RESIDUE#${district}`, sk: `${month}#${token}` }),
  reportResiduesOf: (district: string) => `RESIDUE#${district}`,
  /** Where the retention job's walk through a district's index stands (one item per district and walk). */
  retentionCursor: (district: string, walk: string) => ({ pk: `RETENTION#${district}`, sk: walk }),
  idNumber: (blindIndex: string) => ({ pk: `IDNUMBER#${blindIndex}`, sk: 'IDNUMBER' }),
  personsOfDistrict: (district: string) => `PERSONS#${district}`,
  namesOfDistrict: (district: string) => `NAME#${district}`,
  nameKey: (personId: string, searchKey: string) => ({ pk: `PERSON#${personId}`, sk: `NAMEKEY#${searchKey}` }),
  followUpsOfDistrict: (district: string) => `FOLLOWUPS#${district}`,
  /** A caller's short-lived right to record encounters with a person of another district, found by ID number. */
  foundPersonGrant: (caller: string, personId: string) => ({ pk: `GRANT#${caller}#${personId}`, sk: 'GRANT' }),
  /** A caller's ID-number lookups in one window (the enumeration budget). */
  lookupBudget: (caller: string, window: string) => ({ pk: `LOOKUPS#${caller}#${window}`, sk: 'LOOKUPS' }),

  encounter: (personId: string, occurredAt: string, id: string) => ({
    pk: `PERSON#${personId}`,
    sk: `ENCOUNTER#${occurredAt}#${id}`,
  }),
  encounterPrefix: () => 'ENCOUNTER#',
  encountersOfDistrict: (district: string) => `ENCOUNTERS#${district}`,

  aidCase: (id: string) => ({ pk: `AIDCASE#${id}`, sk: 'AIDCASE' }),
  aidCasesOfDistrict: (district: string, state: 'open' | 'paid') => `AIDCASES#${district}#${state}`,

  event: (id: string) => ({ pk: `EVENT#${id}`, sk: 'EVENT' }),

  stay: (id: string) => ({ pk: `STAY#${id}`, sk: 'STAY' }),
  staysOfFacility: (facilityId: string, status: 'open' | 'ended') => `STAYS#${facilityId}#${status}`,
  /** Open stays of a district by the date they fall due for review (the hourly sweep's index). */
  staysDue: (district: string) => `STAYS_DUE#${district}`,
  /** The bed count of one sex at a facility: its own item, so that a condition on it guards every bed taken. */
  beds: (facilityId: string, sex: string) => ({ pk: `BEDS#${facilityId}#${sex}`, sk: 'BEDS' }),
  /**
   * The districts with care work (those with a facility): the hourly sweep reads them one district at a time. Written when a
   * facility is registered or moved, never by an admission, transfer or waitlist write, so no care transaction shares it.
   */
  careDistrict: (district: string) => ({ pk: 'CARE_DISTRICTS', sk: district }),
  careDistricts: () => 'CARE_DISTRICTS',
  /**
   * The districts that hold persons, for the retention job: written once per process and district
   * after a registration, outside its transaction (so that no two registrations contend on it).
   */
  personDistrict: (district: string) => ({ pk: 'PERSON_DISTRICTS', sk: district }),
  personDistricts: () => 'PERSON_DISTRICTS',

  proposal: (id: string) => ({ pk: `PROPOSAL#${id}`, sk: 'PROPOSAL' }),
  placement: (id: string) => ({ pk: `PLACEMENT#${id}`, sk: 'PLACEMENT' }),
  /** Placements arriving at a facility (GSI1), and leaving one (GSI2), by status. */
  placementsTo: (facilityId: string, status: string) => `PLACEMENTS_TO#${facilityId}#${status}`,
  placementsFrom: (facilityId: string, status: string) => `PLACEMENTS_FROM#${facilityId}#${status}`,
  /** Pending placements to facilities of a district by when their hold runs out (GSI3, for the hourly sweep). */
  placementsDue: (district: string) => `PLACEMENTS_DUE#${district}`,
  /** A person's place on a facility's waitlist: one item, so that a person waits once per facility. */
  waitlistEntry: (facilityId: string, personId: string) => ({ pk: `WAITLISTED#${facilityId}#${personId}`, sk: 'WAITLISTED' }),
  /** A facility's waitlist of one sex, by status (GSI1, first come first served). */
  waitlistOf: (facilityId: string, sex: string, status: 'waiting' | 'offered') => `WAITLIST#${facilityId}#${sex}#${status}`,
  /** Offers of a district by the time their hold runs out (GSI3, for the hourly sweep). */
  offersDue: (district: string) => `OFFERS_DUE#${district}`,
  /** The waitlists a person is on, every facility (GSI2): left at once when they no longer need a bed. */
  waitlistsOfPerson: (personId: string) => `WAITLISTS_OF#${personId}`,

  /** A photo of a person, beside the person; photo ids are time-ordered (UUIDv7), so the sort key sorts by upload. */
  photo: (personId: string, photoId: string) => ({ pk: `PERSON#${personId}`, sk: `PHOTO#${photoId}` }),
  photoPrefix: () => 'PHOTO#',
  /** The portrait chosen for a person's tracing notice, beside the person (outside the PHOTO# range). */
  noticePortrait: (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'NOTICE#PORTRAIT' }),

  /** A person's tracing case (one item; a new cycle replaces a closed one). */
  tracingCase: (personId: string) => ({ pk: `TRACING#${personId}`, sk: 'TRACING' }),
  /** Open tracing cases of a district by nearest deadline (GSI2): the tracers' work list. */
  tracingCasesOf: (district: string) => `TRACING_CASES#${district}#open`,
  /** Closed tracing cases of a district by when they closed (GSI2): the monthly report's reunions. */
  closedTracingCasesOf: (district: string) => `TRACING_CASES#${district}#closed`,
  /** Tracing cases of a district by when the sweep must next look at them (GSI3). */
  tracingAlertsOf: (district: string) => `TRACING_ALERTS#${district}`,

  missingReport: (id: string) => ({ pk: `MREPORT#${id}`, sk: 'MREPORT' }),
  /** Reports filed in a district, by status (GSI1). */
  reportsOf: (district: string, status: string) => `MREPORTS#${district}#${status}`,
  /** Reports whose person was last seen in a district other than the filing one, by status (GSI2). */
  reportsSeenIn: (district: string, status: string) => `MREPORTS_SEEN#${district}#${status}`,
  /** The match candidates of a person or a report: one item per pair, mirrored on both sides. */
  candidatesOf: (side: 'person' | 'report', id: string) => `MATCHES#${side}#${id}`,
  candidate: (side: 'person' | 'report', id: string, otherSide: 'person' | 'report' | 'registered', otherId: string) => ({
    pk: `MATCHES#${side}#${id}`,
    sk: `${otherSide}#${otherId}`,
  }),

  /** A patrol area (街道); listed by district (GSI1) and all together (GSI2) for the hourly evaluation. */
  area: (id: string) => ({ pk: `AREA#${id}`, sk: 'AREA' }),
  areasOfDistrict: (district: string) => `AREAS#${district}`,
  allAreas: () => 'AREAS',
  /** An area's name in its district: warnings name areas by it, and it is unique there. */
  areaName: (name: string, district: string) => ({ pk: `AREA_NAME#${name}`, sk: district }),
  areaNamePartition: (name: string) => `AREA_NAME#${name}`,
  /** A warning received, by a digest of its sender and identifier (client text never spells a key). */
  warning: (digest: string) => ({ pk: `WARNING#${digest}`, sk: 'WARNING' }),
  /** The official signal in force for an area and hazard; a district's signals are one partition. */
  officialSignal: (district: string, areaId: string, hazard: string) => ({ pk: `SIGNALS#${district}`, sk: `${areaId}#${hazard}` }),
  officialSignalsOf: (district: string) => `SIGNALS#${district}`,
  campaign: (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' }),
  campaignsOf: (district: string, status: 'active' | 'ended') => `CAMPAIGNS#${district}#${status}`,
  /** The one active campaign of an area and hazard: created only if absent, deleted when it ends. */
  campaignLock: (areaId: string, hazard: string) => ({ pk: `CAMPAIGN_ACTIVE#${areaId}#${hazard}`, sk: 'LOCK' }),
  /** One chunk of a campaign's visit list, in rank order. */
  visitChunk: (campaignId: string, index: number) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `VISITS#${String(index).padStart(5, '0')}` }),
  visitChunkPrefix: () => 'VISITS#',
  /** Persons by the district they were last seen in (GSI1 of the person items, which carry `lastPosition`). */
  positionsOf: (district: string) => `POSITIONS#${district}`,
  /** Encounter positions of a district by month and grid cell: the sleeping-spot index (kept from the stream). */
  spotCell: (district: string, month: string, cell: string) => ({ pk: `SPOTS#${district}`, sk: `${month}#${cell}` }),
  spotsOf: (district: string) => `SPOTS#${district}`,
  /** Forecast freshness of an area (for the one `weather_stale` alert). */
  forecastStatus: (areaId: string) => ({ pk: `FORECAST#${areaId}`, sk: 'STATUS' }),
  /** An editable rule's current value, and each version kept. */
  rule: (name: string, district?: string) => ({ pk: district ? `RULE#${name}#D#${district}` : `RULE#${name}`, sk: 'CURRENT' }),
  ruleVersion: (name: string, version: number, district?: string) => ({ pk: district ? `RULE#${name}#D#${district}` : `RULE#${name}`, sk: `V#${String(version).padStart(6, '0')}` }),
} as const;

/** Epoch seconds `days` from `now`, for the TTL attribute. */
export const expiresInDays = (days: number, now = Date.now()) => Math.floor(now / 1000) + days * 86_400;
