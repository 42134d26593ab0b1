import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Facility } from '../../shared/domain/facility.js';
import type { Db } from '../../shared/store/client.js';
import { facilityCreate } from '../../shared/store/facilities.js';
import { keys } from '../../shared/store/keys.js';
import { transactWrite } from '../../shared/store/transact.js';
import { testApp, uniqueDistrict } from '../support/app.js';
import { station } from '../support/facilities.js';
import { captureEvents } from '../support/events.js';
import { registeredPerson } from '../support/persons.js';

type Problem = {
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  freeBeds?: { male: number; female: number };
  waitlist?: string;
  beds?: Record<string, { requested: number; capacity: number; taken: number }>;
  rule?: string;
  reason?: string;
};
type Limit = { applies: boolean; basis: string; days: number; endsAt?: string };
type StayBody = {
  id: string;
  personId: string;
  facilityId: string;
  bedSex: 'male' | 'female';
  status: 'open' | 'ended';
  admittedAt: string;
  daysInCare: number;
  limit: Limit;
  flags: string[];
  ageReading?: { evidence: string; min?: number; max?: number; minor: string; under16: string };
  extensions: { reason: string; until: string }[];
  discharge?: {
    reason: string;
    personStatus: string;
    gaveUpAssistance: boolean;
    missing?: boolean;
    rulesVersion?: string;
    relative?: { name: string; relation: string; verification?: Record<string, string> };
    escort?: { staff: string; address: string };
  };
  person?: { id: string; status: string; name?: string };
  version: number;
};
type BedCount = { capacity: number; taken: number; held: number; free: number };
type Occupancy = { facilityId: string; beds: { male: BedCount; female: BedCount }; residents: (StayBody & { id: string })[] };
type AuditEntry = { action: string; subjectId: string; reason?: string };

const now = new Date('2026-11-28T04:00:00Z');
const hoursAgo = (hours: number, from = now) => new Date(from.getTime() - hours * 3600_000).toISOString();
const daysLater = (days: number) => new Date(now.getTime() + days * 86_400_000);

/** Records the items of every TransactWriteItems the app sends. */
function captureTransactions(db: Db) {
  const seen: NonNullable<TransactWriteCommandInput['TransactItems']>[] = [];
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (/^TransactWrite/.test(String(context.commandName))) seen.push((args.input as TransactWriteCommandInput).TransactItems ?? []);
      return next(args);
    },
    { step: 'initialize', name: `capture-${randomUUID()}` },
  );
  return seen;
}

/** A district with a station, its office, a worker of the station and helpers, all at a pinned time. */
async function setup(options: { capacity?: { male: number; female: number }; at?: Date } = {}) {
  const at = options.at ?? now;
  const harness = await testApp({ now: () => at });
  const { app, send, as } = harness;
  const district = uniqueDistrict();
  const admin = await as('admin', { district });

  const newFacility = async (capacity = options.capacity ?? { male: 10, female: 5 }, inDistrict = district) => {
    const response = await send('POST', '/v1/facilities', await as('admin', { district: inDistrict }), station(inDistrict, { capacity }));
    expect(response.status).toBe(201);
    return (await response.json()) as Facility;
  };
  const facility = await newFacility();
  const shelter = await as('shelter', { district, facility: facility.id, sub: `shelter-${randomUUID()}` });

  const register = async (overrides: Record<string, unknown> = {}, inDistrict = district) => {
    // An adult without risk factors unless a test says otherwise.
    const body = registeredPerson(inDistrict, { status: 'on_street', riskFactors: [], healthNotes: undefined, ...overrides });
    const response = await send('POST', '/v1/persons', await as('admin', { district: inDistrict }), body);
    expect(response.status).toBe(201);
    return ((await response.json()) as { person: { id: string } }).person.id;
  };
  // Each admission a second after the one before, so that lists in admission order are predictable.
  let admissions = 0;
  const admission = (personId: string, overrides: Record<string, unknown> = {}) => ({
    personId,
    facilityId: facility.id,
    at: new Date(at.getTime() - 3600_000 + 1000 * (admissions += 1)).toISOString(),
    via: 'escorted_by_patrol',
    ...overrides,
  });
  const admit = (headers: Record<string, string>, body: unknown, key: string | null = randomUUID()) => send('POST', '/v1/admissions', headers, body, key);
  const admitted = async (personId: string, overrides: Record<string, unknown> = {}) => {
    const response = await admit(shelter, admission(personId, overrides));
    expect(response.status).toBe(201);
    return (await response.json()) as StayBody;
  };
  const discharge = (headers: Record<string, string>, stayId: string, body: unknown) => send('POST', `/v1/stays/${stayId}/discharge`, headers, body, null);
  const get = async <T>(path: string, headers: Record<string, string> = admin) => {
    const response = await app.request(path, { headers });
    return { status: response.status, body: (await response.json()) as T };
  };
  const occupancyOf = async (facilityId = facility.id, headers: Record<string, string> = shelter) => {
    const { status, body } = await get<Occupancy>(`/v1/facilities/${facilityId}/occupancy`, headers);
    expect(status).toBe(200);
    return body;
  };
  const personOf = async (personId: string) => (await get<{ status: string; version: number }>(`/v1/persons/${personId}`)).body;
  // The trail as the stream leaves it: the audit views of lists fanned out first.
  const auditOf = async (subjectId: string) => {
    await harness.auditViews.deliver();
    return (await get<{ items: AuditEntry[] }>(`/v1/audit?subjectId=${subjectId}&limit=100`)).body.items;
  };
  return { ...harness, district, admin, facility, shelter, newFacility, register, admission, admit, admitted, discharge, get, occupancyOf, personOf, auditOf };
}

describe('POST /v1/admissions', () => {
  it('takes a bed and starts a stay in one transaction with the person in care, the audit entry and an admitted event', async () => {
    const { db, requests, register, admit, admission, shelter, facility, district, personOf, occupancyOf, auditOf } = await setup();
    const personId = await register({ identityStatus: 'unidentified', name: undefined, aliases: [], guardians: [] });
    const transactions = captureTransactions(db);
    requests.reset();
    const response = await admit(shelter, admission(personId));
    expect(requests.byCommand()).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
    expect(response.status).toBe(201);
    const stay = (await response.json()) as StayBody;
    expect(response.headers.get('location')).toBe(`/v1/stays/${stay.id}`);
    expect(stay).toMatchObject({ personId, facilityId: facility.id, bedSex: 'male', status: 'open', daysInCare: 0, flags: [], person: { id: personId, status: 'in_care' } });
    // Born 1948 and without a mental disability: an adult under the 10-day limit.
    expect(stay.limit).toEqual({ applies: true, basis: 'adult', days: 10, endsAt: new Date(Date.parse(stay.admittedAt) + 10 * 86_400_000).toISOString() });

    expect((await personOf(personId)).status).toBe('in_care');
    expect((await occupancyOf()).beds.male).toEqual({ capacity: 10, taken: 1, held: 0, free: 9 });
    expect(await auditOf(personId)).toContainEqual(expect.objectContaining({ action: 'stay.admit', reason: `stay ${stay.id} at facility ${facility.id}` }));

    const [items] = transactions;
    const event = items?.map((item) => item.Put?.Item?.['event']).find((candidate) => candidate?.kind === 'admitted');
    expect(event).toMatchObject({
      kind: 'admitted',
      district,
      subjectId: personId,
      payload: { stayId: stay.id, personId, facilityId: facility.id, district, identityStatus: 'unidentified', bedSex: 'male' },
    });
    // Ids only: no name, health or place in the event.
    expect(JSON.stringify(event)).not.toMatch(/王|阿尔茨海默|healthNotes|guardians/);
  });

  it('a retried admission returns the first answer and never takes a second bed', async () => {
    const { requests, register, admit, admission, shelter, occupancyOf } = await setup();
    const personId = await register();
    const key = randomUUID();
    const body = admission(personId);
    const first = await admit(shelter, body, key);
    expect(first.status).toBe(201);
    requests.reset();
    const replay = await admit(shelter, body, key);
    expect(requests.byCommand()).toEqual({ BatchGetItem: 1 });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(await first.json());
    // Ten phones resending at once: still one bed.
    const resent = await Promise.all(Array.from({ length: 10 }, () => admit(shelter, body, key)));
    expect(resent.every((response) => response.status === 201)).toBe(true);
    expect((await occupancyOf()).beds.male.taken).toBe(1);
    // The same key with another body is refused.
    expect((await admit(shelter, { ...body, via: 'police' }, key)).status).toBe(422);
  });

  it('refuses a second bed to a person already in care (409), here or at another facility', async () => {
    const { register, admit, admission, shelter, admitted, newFacility, district, as, occupancyOf } = await setup();
    const personId = await register();
    await admitted(personId);
    const again = await admit(shelter, admission(personId));
    expect(again.status).toBe(409);
    const other = await newFacility();
    const elsewhere = await admit(await as('shelter', { district, facility: other.id }), admission(personId, { facilityId: other.id }));
    expect(elsewhere.status).toBe(409);
    expect(((await elsewhere.json()) as Problem).detail).toMatch(/already in care/);
    expect((await occupancyOf()).beds.male.taken).toBe(1);
    expect((await occupancyOf(other.id, await as('admin', { district }))).beds.male.taken).toBe(0);
  });

  it('puts a person of unknown sex in the wing staff name (400 naming body.bedSex without one), and a recorded sex in its own', async () => {
    const { register, admit, admission, shelter, occupancyOf } = await setup();
    const unknown = await register({ sex: 'unknown' });
    const unnamed = await admit(shelter, admission(unknown));
    expect(unnamed.status).toBe(400);
    expect(((await unnamed.json()) as Problem).errors?.map((error) => error.path)).toEqual(['body.bedSex']);
    const named = await admit(shelter, admission(unknown, { bedSex: 'female' }));
    expect(named.status).toBe(201);
    expect(((await named.json()) as StayBody).bedSex).toBe('female');

    const man = await register();
    const wrongWing = await admit(shelter, admission(man, { bedSex: 'female' }));
    expect(wrongWing.status).toBe(400);
    expect(((await wrongWing.json()) as Problem).errors?.map((error) => error.path)).toEqual(['body.bedSex']);
    expect((await occupancyOf()).beds).toMatchObject({ male: { taken: 0 }, female: { taken: 1, free: 4 } });
  });

  it('checks the request: the time, the encounter named, the person and the facility', async () => {
    const { register, admit, admission, shelter, district } = await setup();
    const personId = await register();
    const paths = async (response: Response) => ((await response.json()) as Problem).errors?.map((error) => error.path);
    const future = await admit(shelter, admission(personId, { at: new Date(now.getTime() + 3600_000).toISOString() }));
    expect(future.status).toBe(400);
    expect(await paths(future)).toEqual(['body.at']);
    const strangerEncounter = await admit(shelter, admission(personId, { encounterId: randomUUID() }));
    expect(strangerEncounter.status).toBe(400);
    expect(await paths(strangerEncounter)).toEqual(['body.encounterId']);
    const bad = await admit(shelter, { ...admission(personId), via: 'taxi', extra: 1 });
    expect(bad.status).toBe(400);
    expect((await paths(bad))?.sort()).toEqual(['body', 'body.via']);
    expect((await admit(shelter, admission(randomUUID()))).status).toBe(404);
    // A person of another district does not exist for this station's staff.
    const stranger = await register({}, uniqueDistrict());
    expect((await admit(shelter, admission(stranger))).status).toBe(404);
    expect(district).toMatch(/^\d{6}$/);
  });

  it('links the encounter that brought the person in', async () => {
    const { register, admit, admission, send, as, district } = await setup();
    const personId = await register();
    const patrol = await as('patrol', { district });
    const met = await send('POST', '/v1/encounters', patrol, {
      personId,
      occurredAt: hoursAgo(2),
      location: { lat: 29.9852, lng: 106.3496, crs: 'WGS84', place: '草街客运站' },
      actions: ['escorted_to_station'],
    });
    expect(met.status).toBe(201);
    const { encounter } = (await met.json()) as { encounter: { id: string } };
    const response = await admit(patrol, admission(personId, { encounterId: encounter.id }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ encounterId: encounter.id, via: 'escorted_by_patrol' });
  });

  it('gives a facility registered before bed counts existed its counts on the first admission', async () => {
    const { db, register, admit, shelter, district, as, occupancyOf } = await setup();
    const legacy: Facility = { id: randomUUID(), ...(station(district, { capacity: { male: 1, female: 0 } }) as Omit<Facility, 'id' | 'createdAt' | 'updatedAt' | 'version'>), createdAt: now.toISOString(), updatedAt: now.toISOString(), version: 1 };
    await transactWrite(db, [facilityCreate(db, legacy)]);
    const staff = await as('shelter', { district, facility: legacy.id });
    const body = (personId: string) => ({ personId, facilityId: legacy.id, at: hoursAgo(1), via: 'self_referred' });
    expect((await admit(staff, body(await register()))).status).toBe(201);
    expect((await admit(staff, body(await register()))).status).toBe(409);
    expect((await occupancyOf(legacy.id, staff)).beds.male).toEqual({ capacity: 1, taken: 1, held: 0, free: 0 });
    expect(shelter).toBeDefined();
  });
});

describe('beds never over-book', () => {
  it('50 concurrent admissions for the last 3 male beds: exactly 3 succeed, 47 get 409 with the free beds and the waitlist', async () => {
    const { db, register, admit, admission, admitted, shelter, facility, occupancyOf } = await setup({ capacity: { male: 5, female: 2 } });
    // Two of the five male beds are taken already.
    for (let i = 0; i < 2; i += 1) await admitted(await register({ name: `先到${i}` }));
    const persons: string[] = [];
    for (let batch = 0; batch < 50; batch += 10) {
      persons.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => register({ name: `赵${batch + i}`, aliases: [] })))));
    }

    const responses = await Promise.all(persons.map((personId) => admit(shelter, admission(personId))));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(47);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('link')).toBe(`</v1/facilities/${facility.id}/waitlist>; rel="waitlist"`);
      const problem = (await response.json()) as Problem;
      expect(problem.freeBeds).toEqual({ male: 0, female: 2 });
      expect(problem.waitlist).toBe(`/v1/facilities/${facility.id}/waitlist`);
    }
    const counter = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.beds(facility.id, 'male'), ConsistentRead: true }));
    expect(counter.Item).toMatchObject({ capacity: 5, taken: 5 });
    const occupancy = await occupancyOf();
    expect(occupancy.beds.male).toEqual({ capacity: 5, taken: 5, held: 0, free: 0 });
    expect(occupancy.residents).toHaveLength(5);
  }, 60_000);
});

describe('a busy bed count', () => {
  it('admissions colliding on the count (as DynamoDB reports under load) are tried again: a free bed is never refused, never taken twice', async () => {
    const { db, register, admit, admission, shelter, occupancyOf } = await setup({ capacity: { male: 1, female: 0 } });
    const personId = await register();
    // The next 7 transactions collide on the bed count: more than one round of retries.
    let collisions = 7;
    db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^TransactWrite/.test(String(context.commandName)) && collisions > 0) {
          collisions -= 1;
          const items = (args.input as TransactWriteCommandInput).TransactItems ?? [];
          throw new TransactionCanceledException({
            message: 'Transaction cancelled',
            $metadata: {},
            CancellationReasons: items.map((item) => ({ Code: String(item.Update?.Key?.['pk'] ?? '').startsWith('BEDS#') ? 'TransactionConflict' : 'None' })),
          });
        }
        return next(args);
      },
      { step: 'initialize', name: `collide-${randomUUID()}` },
    );
    const response = await admit(shelter, admission(personId));
    expect(response.status).toBe(201);
    expect(collisions).toBe(0);
    expect((await occupancyOf()).beds.male).toEqual({ capacity: 1, taken: 1, held: 0, free: 0 });
  });
});

describe('POST /v1/stays/{id}/discharge', () => {
  it('ends the stay and frees the bed in one transaction; the person is reunited; a repeat returns the stay, a different one is a 409', async () => {
    const { requests, register, admitted, discharge, shelter, personOf, occupancyOf, get, auditOf } = await setup();
    const personId = await register();
    const stay = await admitted(personId);
    expect((await occupancyOf()).beds.male.taken).toBe(1);
    const body = { reason: 'collected_by_family', at: hoursAgo(0.5), note: '女儿来站接回' };
    requests.reset();
    const response = await discharge(shelter, stay.id, body);
    // The stay; the person with their tracing case (one batch) and, beside it, the head of the wing's waitlist, who would be offered the bed,
    // and the waitlists the person is on (reunited, they leave them); the transaction.
    expect(requests.byCommand()).toEqual({ GetItem: 1, BatchGetItem: 1, Query: 2, TransactWriteItems: 1 });
    expect(response.status).toBe(200);
    const ended = (await response.json()) as StayBody;
    expect(ended).toMatchObject({ status: 'ended', discharge: { reason: 'collected_by_family', personStatus: 'reunited', gaveUpAssistance: false }, flags: [] });
    expect((await personOf(personId)).status).toBe('reunited');
    const occupancy = await occupancyOf();
    expect(occupancy.beds.male).toEqual({ capacity: 10, taken: 0, held: 0, free: 10 });
    expect(occupancy.residents).toEqual([]);
    expect(await auditOf(personId)).toContainEqual(expect.objectContaining({ action: 'stay.discharge' }));

    // The phone resends: the same discharge returns the stay and changes nothing.
    const repeat = await discharge(shelter, stay.id, body);
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as StayBody).version).toBe(ended.version);
    const different = await discharge(shelter, stay.id, { ...body, reason: 'returned_home' });
    expect(different.status).toBe(409);
    expect((await occupancyOf()).beds.male.taken).toBe(0);
    // The ended stay is on the facility's ended list, not the open one.
    const open = await get<{ items: StayBody[] }>('/v1/stays?status=open', shelter);
    const endedList = await get<{ items: StayBody[] }>('/v1/stays?status=ended', shelter);
    expect(open.body.items.map((item) => item.id)).not.toContain(stay.id);
    expect(endedList.body.items).toEqual([expect.objectContaining({ id: stay.id, status: 'ended', discharge: expect.objectContaining({ reason: 'collected_by_family' }) })]);
  });

  it('two discharges racing for one stay: one wins, the bed frees once', async () => {
    const { register, admitted, discharge, shelter, occupancyOf } = await setup();
    const stay = await admitted(await register());
    const [a, b] = await Promise.all([
      discharge(shelter, stay.id, { reason: 'returned_home', at: hoursAgo(0.5) }),
      discharge(shelter, stay.id, { reason: 'left_without_formalities', at: hoursAgo(0.4) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await occupancyOf()).beds.male.taken).toBe(0);
  });

  it('the person’s status follows the reason; leaving without formalities is giving up assistance (rule 10)', async () => {
    const { register, admitted, discharge, shelter, personOf } = await setup();
    const cases: [string, string][] = [
      ['left_without_formalities', 'on_street'],
      ['deceased', 'deceased'],
      ['returned_home', 'reunited'],
    ];
    for (const [reason, status] of cases) {
      const personId = await register({ name: `钱${reason.length}`, riskFactors: [] });
      const stay = await admitted(personId);
      const response = await discharge(shelter, stay.id, { reason, at: hoursAgo(0.5) });
      expect(response.status, reason).toBe(200);
      const ended = (await response.json()) as StayBody;
      expect(ended.discharge, reason).toMatchObject({ reason, personStatus: status, gaveUpAssistance: reason === 'left_without_formalities' });
      expect((await personOf(personId)).status, reason).toBe(status);
    }
    // Other needs a word on what happened.
    const stay = await admitted(await register({ name: '孙其他' }));
    const unexplained = await discharge(shelter, stay.id, { reason: 'other', at: hoursAgo(0.5) });
    expect(unexplained.status).toBe(400);
    expect(((await unexplained.json()) as Problem).errors?.map((error) => error.path)).toEqual(['body.note']);
    const explained = await discharge(shelter, stay.id, { reason: 'other', at: hoursAgo(0.5), note: '送医院住院治疗' });
    expect(((await explained.json()) as StayBody).discharge?.personStatus).toBe('unknown');
  });

  it('no one is lost in a discharge: transferred and placed are refused (400 naming the reason); the stay, the bed and the person stay as they were', async () => {
    const { register, admitted, discharge, shelter, personOf, occupancyOf } = await setup();
    const personId = await register({ name: '钱转移', riskFactors: [] });
    const stay = await admitted(personId);
    for (const reason of ['transferred', 'placed']) {
      const response = await discharge(shelter, stay.id, { reason, at: hoursAgo(0.5) });
      expect(response.status, reason).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      const problem = (await response.json()) as Problem;
      expect(problem.errors?.map((error) => error.path)).toEqual(['body.reason']);
      expect(problem.errors?.[0]?.message).toMatch(/own route/);
    }
    expect((await personOf(personId)).status).toBe('in_care');
    expect((await occupancyOf()).residents.map((row) => row.id)).toEqual([stay.id]);
  });

  it('rule 9: a possible under-16 goes to family only with a verified relative on record (422 naming the rule otherwise)', async () => {
    const { register, admitted, discharge, shelter, personOf, occupancyOf } = await setup();
    // Born in 2010 and met in November 2026: 15 or 16, so possibly 15.
    const personId = await register({ name: '李小军', birthYear: 2010, riskFactors: [], guardians: [] });
    const stay = await admitted(personId);
    expect(stay.flags).toContain('release_to_verified_relative_only');
    expect(stay.limit).toMatchObject({ applies: false, basis: 'may_be_under_age' });
    const release = { reason: 'collected_by_family', at: hoursAgo(0.5) };

    const without = await discharge(shelter, stay.id, release);
    expect(without.status).toBe(422);
    const problem = (await without.json()) as Problem;
    expect(problem.rule).toBe('rule 9');
    expect(problem.detail).toMatch(/Rule 9/);
    expect(problem.errors?.map((error) => error.path)).toEqual(['body.relative']);
    // A relative without a recorded check of their identity is no verified relative.
    const unverified = await discharge(shelter, stay.id, { ...release, relative: { name: '李军', relation: '父亲' } });
    expect(unverified.status).toBe(422);
    const unverifiedProblem = (await unverified.json()) as Problem;
    expect(unverifiedProblem).toMatchObject({ rule: 'rule 9', reason: 'relative_not_verified' });
    expect(unverifiedProblem.errors?.map((error) => error.path)).toEqual(['body.relative.verification']);
    expect((await personOf(personId)).status).toBe('in_care');
    expect((await occupancyOf()).beds.male.taken).toBe(1);

    const check = { document: 'resident_id_card', last4: '001x', checkedAt: hoursAgo(0.6) };
    const verified = await discharge(shelter, stay.id, { ...release, relative: { name: '李军', relation: '父亲', verification: check } });
    expect(verified.status).toBe(200);
    // The check as recorded: which document, its last 4 characters, when, and who recorded it.
    expect(((await verified.json()) as StayBody).discharge).toMatchObject({
      relative: { name: '李军', relation: '父亲', verification: { document: 'resident_id_card', last4: '001X', checkedAt: check.checkedAt, checkedBy: expect.stringMatching(/^shelter-/) } },
      rulesVersion: expect.any(String),
    });
    expect((await personOf(personId)).status).toBe('reunited');
    // The phone resends the same release: the stay as it ended, not a 409.
    expect((await discharge(shelter, stay.id, { ...release, relative: { name: '李军', relation: '父亲', verification: check } })).status).toBe(200);
  });

  it('ages under uncertainty: a person estimated 17 may be under 16, and the stay says so; rule 9 binds their release', async () => {
    const { register, admitted, discharge, shelter, occupancyOf } = await setup();
    const personId = await register({ name: '钱估龄', birthYear: undefined, estimatedAge: 17, estimatedAt: '2026-11-28', riskFactors: [], guardians: [] });
    const stay = await admitted(personId);
    expect(stay.ageReading).toEqual({ evidence: 'estimate', min: 15, max: 19, minor: 'possibly', under16: 'possibly' });
    expect(stay.limit).toMatchObject({ applies: false, basis: 'may_be_under_age' });
    expect(stay.flags).toContain('release_to_verified_relative_only');
    expect((await occupancyOf()).residents[0]?.ageReading).toMatchObject({ under16: 'possibly' });
    const response = await discharge(shelter, stay.id, { reason: 'returned_home', at: hoursAgo(0.5) });
    expect(response.status).toBe(422);
    expect((await response.json()) as Problem).toMatchObject({ rule: 'rule 9', reason: 'relative_required' });
  });

  it('rule 9 binds every release: other does not release a protected person; escorted home by staff does, with the staff member and the address', async () => {
    const { register, admitted, discharge, shelter, personOf } = await setup();
    const personId = await register({ name: '李小红', sex: 'female', birthYear: 2014, riskFactors: [], guardians: [] });
    const stay = await admitted(personId);
    const other = await discharge(shelter, stay.id, { reason: 'other', at: hoursAgo(0.5), note: '由社区人员带走' });
    expect(other.status).toBe(422);
    const problem = (await other.json()) as Problem;
    expect(problem).toMatchObject({ rule: 'rule 9', reason: 'release_not_allowed' });
    expect(problem.errors?.map((error) => error.path)).toEqual(['body.reason']);
    expect((await personOf(personId)).status).toBe('in_care');

    const unnamed = await discharge(shelter, stay.id, { reason: 'escorted_home', at: hoursAgo(0.5) });
    expect(unnamed.status).toBe(400);
    expect(((await unnamed.json()) as Problem).errors?.map((error) => error.path)).toEqual(['body.escort']);
    const escort = { staff: '张建国', address: '重庆市合川区草街街道拱桥村3组' };
    const home = await discharge(shelter, stay.id, { reason: 'escorted_home', at: hoursAgo(0.5), escort });
    expect(home.status).toBe(200);
    expect(((await home.json()) as StayBody).discharge).toMatchObject({ reason: 'escorted_home', escort, personStatus: 'reunited', gaveUpAssistance: false });
    expect((await personOf(personId)).status).toBe('reunited');
  });

  it('walking out is not giving up for the protected: a missing person, flagged, police report due and left_care urgent in the same write; the case stays open', async () => {
    const { db, register, admitted, discharge, shelter, get, district, send, admin } = await setup();
    const personId = await register({ name: undefined, aliases: [], identityStatus: 'unidentified', riskFactors: ['dementia'], guardians: [] });
    const stay = await admitted(personId);
    const events = captureEvents(db);
    const at = hoursAgo(0.5);
    const response = await discharge(shelter, stay.id, { reason: 'left_without_formalities', at });
    expect(response.status).toBe(200);
    expect(((await response.json()) as StayBody).discharge).toMatchObject({ reason: 'left_without_formalities', gaveUpAssistance: false, missing: true, personStatus: 'unknown' });
    const person = (await get<{ status: string; concernFlag?: { concerns: string[]; stayId?: string } }>(`/v1/persons/${personId}`)).body;
    expect(person.concernFlag).toMatchObject({ concerns: ['missing_from_care'], stayId: stay.id });
    expect(events.map((event) => [event.kind, event.severity]).sort()).toEqual([['discharged', 'info'], ['left_care', 'urgent'], ['police_report_due', 'urgent']]);
    expect(events.find((event) => event.kind === 'police_report_due')).toMatchObject({ district, occurredAt: at, payload: { stayId: stay.id, concerns: ['missing_from_care'] } });
    const tracing = (await get<{ status: string; stage: string }>(`/v1/persons/${personId}/tracing`)).body;
    expect(tracing).toMatchObject({ status: 'open', stage: 'missing_from_care' });
    // The flag clears by the stay that raised it, once the police report is made.
    const clearance = await send('POST', `/v1/persons/${personId}/concern-flag/clearance`, admin, { stayId: stay.id, reason: '已报警，派出所已立案' }, null);
    expect(clearance.status).toBe(200);
    expect((await get<{ concernFlag?: unknown }>(`/v1/persons/${personId}`)).body.concernFlag).toBeUndefined();

    // Only a capable adult gives up assistance (rule 10): no flag, no police report, the case closed.
    const adultId = await register({ name: undefined, aliases: [], identityStatus: 'unidentified', birthYear: 1980, riskFactors: [], guardians: [] });
    const adultStay = await admitted(adultId);
    events.length = 0;
    const walkedOut = await discharge(shelter, adultStay.id, { reason: 'left_without_formalities', at: hoursAgo(0.5) });
    expect(((await walkedOut.json()) as StayBody).discharge).toMatchObject({ gaveUpAssistance: true, personStatus: 'on_street' });
    expect(events.map((event) => event.kind)).toEqual(['discharged']);
    expect((await get<{ concernFlag?: unknown }>(`/v1/persons/${adultId}`)).body.concernFlag).toBeUndefined();
    expect((await get<{ status: string }>(`/v1/persons/${adultId}/tracing`)).body.status).toBe('closed');
  });

  it('a mental disorder suspected on the street follows the person into care: rule 9 binds until a clinician’s finding clears it', async () => {
    const { register, admitted, discharge, shelter, send, as, district, admin, get } = await setup();
    const personId = await register({ name: '赵街面', birthYear: 1980, riskFactors: [], guardians: [] });
    const patrol = await as('patrol', { district, sub: `patrol-${randomUUID()}` });
    const encounter = await send('POST', '/v1/encounters', patrol, {
      personId,
      occurredAt: hoursAgo(3),
      location: { lat: 29.9852, lng: 106.3496, accuracyM: 12, crs: 'WGS84', place: '草街客运站候车厅' },
      condition: { health: 'well' },
      actions: ['escorted_to_station'],
      concerns: ['suspected_mental_disorder'],
    });
    expect(encounter.status).toBe(201);
    const stay = await admitted(personId);
    // Read as a recorded mental disorder: no 10-day limit, released to family only to a verified relative.
    expect(stay.limit).toMatchObject({ applies: false, basis: 'mental_or_intellectual_disability' });
    const refused = await discharge(shelter, stay.id, { reason: 'returned_home', at: hoursAgo(0.5) });
    expect(refused.status).toBe(422);
    expect((await refused.json()) as Problem).toMatchObject({ rule: 'rule 9', errors: [{ path: 'body.relative' }] });

    const finding = { outcome: 'no_mental_disorder', clinician: '合川区精神卫生中心 刘医生', at: hoursAgo(1) };
    const recorded = await send('POST', `/v1/persons/${personId}/clinical-finding`, admin, finding, null);
    expect(recorded.status).toBe(200);
    expect((await get<{ clinicalFinding?: { outcome: string } }>(`/v1/persons/${personId}`)).body.clinicalFinding).toMatchObject({ outcome: 'no_mental_disorder' });
    const released = await discharge(shelter, stay.id, { reason: 'returned_home', at: hoursAgo(0.5) });
    expect(released.status).toBe(200);
  });

  it('rule 9: a person in special difficulty likewise; an adult without one may go home alone', async () => {
    const { register, admitted, discharge, shelter } = await setup();
    const withDementia = await admitted(await register({ name: '周一', riskFactors: ['dementia'] }));
    expect((await discharge(shelter, withDementia.id, { reason: 'returned_home', at: hoursAgo(0.5) })).status).toBe(422);
    // Sixteen since January: no longer protected by age.
    const adult = await admitted(await register({ name: '周二', birthYear: undefined, birthDate: '2010-01-05', riskFactors: [], guardians: [] }));
    expect(adult.flags).not.toContain('release_to_verified_relative_only');
    expect((await discharge(shelter, adult.id, { reason: 'returned_home', at: hoursAgo(0.5) })).status).toBe(200);
    // Leaving is a fact, not a release: it is recorded for anyone (for this person, as missing from care).
    expect((await discharge(shelter, withDementia.id, { reason: 'left_without_formalities', at: hoursAgo(0.5) })).status).toBe(200);
  });
});

describe('the rule-9 stay limit', () => {
  it('flags an adult’s stay past 10 days as overstay; an extension with a reason (audited) lifts the flag', async () => {
    const admittedAt = new Date('2026-11-10T02:00:00Z');
    const first = await setup({ at: admittedAt });
    const adult = await first.admitted(await first.register({ name: '吴一', riskFactors: [] }));
    const child = await first.admitted(await first.register({ name: '吴二', birthYear: 2014, riskFactors: [], guardians: [] }));
    const disabled = await first.admitted(await first.register({ name: '吴三', riskFactors: ['intellectual_disability'] }));

    // Eighteen days later (within the 30 days a late record may arrive), the same facility seen from then.
    const later = await testApp({ now: () => now });
    const shelter = await later.as('shelter', { district: first.district, facility: first.facility.id });
    const read = async (id: string) => {
      const response = await later.app.request(`/v1/stays/${id}`, { headers: shelter });
      expect(response.status).toBe(200);
      return (await response.json()) as StayBody;
    };
    const overstayed = await read(adult.id);
    expect(overstayed.flags).toEqual(['overstay']);
    expect(overstayed.daysInCare).toBe(18);
    expect(overstayed.limit).toEqual({ applies: true, basis: 'adult', days: 10, endsAt: '2026-11-20T01:00:01.000Z' });
    expect((await read(child.id)).flags).toEqual(['release_to_verified_relative_only']);
    expect((await read(child.id)).limit).toMatchObject({ applies: false, basis: 'may_be_under_age' });
    expect((await read(disabled.id)).flags).toEqual(['release_to_verified_relative_only']);
    expect((await read(disabled.id)).limit).toMatchObject({ applies: false, basis: 'mental_or_intellectual_disability' });

    const extend = (body: unknown, key: string = randomUUID()) => later.send('POST', `/v1/stays/${adult.id}/extensions`, shelter, body, key);
    const tooShort = await extend({ reason: '等待家属来接', until: '2026-11-19' });
    expect(tooShort.status).toBe(400);
    expect(((await tooShort.json()) as Problem).errors?.map((error) => error.path)).toEqual(['body.until']);
    expect((await later.send('POST', `/v1/stays/${adult.id}/extensions`, shelter, { reason: '等待家属来接', until: '2026-12-05' }, null)).status).toBe(400);
    const key = randomUUID();
    const extended = await extend({ reason: '等待家属来接', until: '2026-12-05' }, key);
    expect(extended.status).toBe(201);
    const body = (await extended.json()) as StayBody;
    expect(body.flags).toEqual(['extended']);
    expect(body.limit.endsAt).toBe('2026-12-05T15:59:59.999Z');
    expect(body.extensions).toEqual([expect.objectContaining({ reason: '等待家属来接', until: '2026-12-05' })]);
    const replay = await extend({ reason: '等待家属来接', until: '2026-12-05' }, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await read(adult.id)).extensions).toHaveLength(1);
    expect(await first.auditOf(adult.personId)).toContainEqual(expect.objectContaining({ action: 'stay.extend', reason: expect.stringContaining('2026-12-05') }));

    // Past the extension, the stay is over its limit again.
    const afterExtension = await testApp({ now: () => new Date('2026-12-06T00:00:00Z') });
    const response = await afterExtension.app.request(`/v1/stays/${adult.id}`, { headers: await afterExtension.as('shelter', { district: first.district, facility: first.facility.id }) });
    expect(((await response.json()) as StayBody).flags).toEqual(['overstay', 'extended']);

    // The residents' list shows the same flags and days in care.
    const occupancy = (await (await later.app.request(`/v1/facilities/${first.facility.id}/occupancy`, { headers: shelter })).json()) as Occupancy;
    const rows = Object.fromEntries(occupancy.residents.map((row) => [row.id, row]));
    expect(rows[adult.id]).toMatchObject({ daysInCare: 18, flags: ['extended'], limit: { endsAt: '2026-12-05T15:59:59.999Z' } });
    expect(rows[child.id]).toMatchObject({ daysInCare: 18, flags: ['release_to_verified_relative_only'] });
  });

  it('an ended stay takes no extension (409)', async () => {
    const { register, admitted, discharge, shelter, send } = await setup();
    const stay = await admitted(await register());
    await discharge(shelter, stay.id, { reason: 'returned_home', at: hoursAgo(0.5) });
    expect((await send('POST', `/v1/stays/${stay.id}/extensions`, shelter, { reason: '等待', until: '2026-12-30' })).status).toBe(409);
  });
});

describe('the review index (for the hourly sweep)', () => {
  it('lists an open stay under its district by the date it falls due, carrying only the stay’s summary; the discharge takes it off', async () => {
    const { db, register, admitted, discharge, send, shelter, district } = await setup();
    const stay = await admitted(await register());
    const due = async () =>
      (await db.doc.send(new QueryCommand({ TableName: db.tableName, IndexName: 'GSI3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': keys.staysDue(district) } }))).Items ?? [];
    const [entry] = await due();
    expect(entry?.['gsi3sk']).toBe(`2026-12-08#${stay.id}`);
    expect(entry?.['summary']).toMatchObject({ id: stay.id, personId: stay.personId, status: 'open' });
    expect(Object.keys(entry ?? {}).sort()).toEqual(['gsi3pk', 'gsi3sk', 'pk', 'sk', 'summary', 'type']);
    // An extension leaves the review date alone; the discharge removes the entry.
    expect((await send('POST', `/v1/stays/${stay.id}/extensions`, shelter, { reason: '等待家属', until: '2026-12-20' })).status).toBe(201);
    expect((await due()).map((item) => item['gsi3sk'])).toEqual([`2026-12-08#${stay.id}`]);
    await discharge(shelter, stay.id, { reason: 'returned_home', at: hoursAgo(0.5) });
    expect(await due()).toEqual([]);
  });
});

describe('facility capacity', () => {
  it('refuses a capacity below the beds taken (409 with the numbers) and accepts one that covers them', async () => {
    const { app, register, admitted, discharge, shelter, facility, admin, occupancyOf } = await setup({ capacity: { male: 3, female: 2 } });
    const first = await admitted(await register({ name: '郑一' }));
    await admitted(await register({ name: '郑二' }));
    const patch = (capacity: { male: number; female: number }) =>
      app.request(`/v1/facilities/${facility.id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ capacity }) });

    const refused = await patch({ male: 1, female: 2 });
    expect(refused.status).toBe(409);
    const problem = (await refused.json()) as Problem;
    expect(problem.beds?.['male']).toEqual({ requested: 1, capacity: 3, taken: 2, held: 0 });
    expect(problem.detail).toMatch(/2 male beds are taken or held, more than the 1 asked for/);
    const unchanged = (await (await app.request(`/v1/facilities/${facility.id}`, { headers: admin })).json()) as Facility;
    expect(unchanged.capacity).toEqual({ male: 3, female: 2 });
    expect((await occupancyOf()).beds.male).toMatchObject({ capacity: 3, taken: 2, free: 1 });

    expect((await patch({ male: 2, female: 0 })).status).toBe(200);
    expect((await occupancyOf()).beds).toMatchObject({ male: { capacity: 2, taken: 2, free: 0 }, female: { capacity: 0, free: 0 } });
    await discharge(shelter, first.id, { reason: 'returned_home', at: hoursAgo(0.5) });
    expect((await patch({ male: 1, female: 1 })).status).toBe(200);
    expect((await occupancyOf()).beds.male).toEqual({ capacity: 1, taken: 1, held: 0, free: 0 });
  });

  it('a capacity change and admissions racing never leave more beds taken than the capacity', async () => {
    const { app, register, admit, admission, shelter, facility, admin, occupancyOf } = await setup({ capacity: { male: 4, female: 0 } });
    const persons = await Promise.all(Array.from({ length: 4 }, (_, i) => register({ name: `冯${i}` })));
    const [patched, ...admissions] = await Promise.all([
      app.request(`/v1/facilities/${facility.id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ capacity: { male: 2, female: 0 } }) }),
      ...persons.map((personId) => admit(shelter, admission(personId))),
    ]);
    const beds = (await occupancyOf()).beds.male;
    expect(beds.taken).toBeLessThanOrEqual(beds.capacity);
    expect(beds.taken).toBe(admissions.filter((response) => response.status === 201).length);
    expect(beds.capacity).toBe(patched?.status === 200 ? 2 : 4);
  });
});

describe('shelter staff views', () => {
  it('occupancy: beds by sex and the residents with days in care, audited', async () => {
    const { register, admitted, occupancyOf, facility, auditOf } = await setup({ capacity: { male: 4, female: 3 } });
    const man = await register({ name: '陈一' });
    const woman = await register({ name: '陈二', sex: 'female' });
    const stays = [await admitted(man), await admitted(woman)];
    const occupancy = await occupancyOf();
    expect(occupancy.facilityId).toBe(facility.id);
    expect(occupancy.beds).toEqual({ male: { capacity: 4, taken: 1, held: 0, free: 3 }, female: { capacity: 3, taken: 1, held: 0, free: 2 } });
    expect(occupancy.residents.map((row) => row.id)).toEqual(stays.map((stay) => stay.id));
    expect(occupancy.residents[0]).toMatchObject({ personId: man, daysInCare: 0, bedSex: 'male', person: { id: man, name: '陈一', status: 'in_care' } });
    expect(await auditOf(woman)).toContainEqual(expect.objectContaining({ action: 'stay.occupancy' }));
  });

  it('lists a facility’s stays by status with paging; the office names the facility', async () => {
    const { register, admitted, get, shelter, admin, facility } = await setup();
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await admitted(await register({ name: `林${i}` }))).id);
    const first = await get<{ items: StayBody[]; nextCursor: string | null }>('/v1/stays?limit=2', shelter);
    expect(first.status).toBe(200);
    expect(first.body.items.map((item) => item.id)).toEqual(ids.slice(0, 2));
    const second = await get<{ items: StayBody[]; nextCursor: string | null }>(`/v1/stays?limit=2&cursor=${first.body.nextCursor}`, shelter);
    expect(second.body.items.map((item) => item.id)).toEqual(ids.slice(2));
    expect(second.body.nextCursor).toBeNull();
    const byOffice = await get<{ items: StayBody[] }>(`/v1/stays?facilityId=${facility.id}&status=open&limit=10`, admin);
    expect(byOffice.body.items).toHaveLength(3);
    const unnamed = await get<Problem>('/v1/stays', admin);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors?.map((error) => error.path)).toEqual(['query.facilityId']);
  });

  it('a person in care keeps the status the stay gives them: an edit of the status is a 409 until discharge', async () => {
    const { app, register, admitted, admin, personOf } = await setup();
    const personId = await register();
    await admitted(personId);
    const { version } = await personOf(personId);
    const edit = await app.request(`/v1/persons/${personId}`, {
      method: 'PATCH',
      headers: { ...admin, 'content-type': 'application/json', 'if-match': `"v${version}"` },
      body: JSON.stringify({ status: 'reunited' }),
    });
    expect(edit.status).toBe(409);
    expect((await personOf(personId)).status).toBe('in_care');
  });
});

describe('object-level access to care', () => {
  it('shelter staff see and act on their own facility only: another facility’s stays, occupancy and admissions are 404', async () => {
    const { register, admit, admission, admitted, discharge, get, send, shelter, newFacility, as, district } = await setup();
    const mine = await admitted(await register({ name: '何一' }));
    const other = await newFacility();
    const otherStaff = await as('shelter', { district, facility: other.id });
    const theirs = await admit(otherStaff, admission(await register({ name: '何二' }), { facilityId: other.id }));
    expect(theirs.status).toBe(201);
    const theirStay = (await theirs.json()) as StayBody;

    expect((await get(`/v1/stays/${theirStay.id}`, shelter)).status).toBe(404);
    expect((await get(`/v1/facilities/${other.id}/occupancy`, shelter)).status).toBe(404);
    expect((await get(`/v1/stays?facilityId=${other.id}`, shelter)).status).toBe(404);
    expect((await discharge(shelter, theirStay.id, { reason: 'returned_home', at: hoursAgo(0.5) })).status).toBe(404);
    expect((await send('POST', `/v1/stays/${theirStay.id}/extensions`, shelter, { reason: '等待', until: '2026-12-30' })).status).toBe(404);
    expect((await admit(shelter, admission(await register({ name: '何三' }), { facilityId: other.id }))).status).toBe(404);
    expect((await get(`/v1/stays/${mine.id}`, shelter)).status).toBe(200);
    expect((await get(`/v1/stays/${randomUUID()}`, shelter)).status).toBe(404);
  });

  it('a shelter token without a facility claim may read its district’s stays but not admit or discharge (403)', async () => {
    const { register, admit, admission, admitted, discharge, get, as, district, facility } = await setup();
    const stay = await admitted(await register({ name: '罗一' }));
    const unassigned = await as('shelter', { district });
    const refused = await admit(unassigned, admission(await register({ name: '罗二' })));
    expect(refused.status).toBe(403);
    expect((await discharge(unassigned, stay.id, { reason: 'returned_home', at: hoursAgo(0.5) })).status).toBe(403);
    expect((await get(`/v1/stays/${stay.id}`, unassigned)).status).toBe(200);
    expect((await get(`/v1/facilities/${facility.id}/occupancy`, unassigned)).status).toBe(200);
    expect((await get(`/v1/stays?facilityId=${facility.id}`, unassigned)).status).toBe(200);
    // Another district's station is not theirs to read either.
    expect((await get(`/v1/stays/${stay.id}`, await as('shelter', { district: uniqueDistrict() }))).status).toBe(404);
  });

  it('the office sees its district’s facilities only; patrol admits to its own district’s; tracers see nothing of care', async () => {
    const { register, admit, admission, admitted, discharge, get, as, district, facility, newFacility } = await setup();
    const stay = await admitted(await register({ name: '梁一' }));
    const otherOffice = await as('admin', { district: uniqueDistrict() });
    expect((await get(`/v1/stays/${stay.id}`, otherOffice)).status).toBe(404);
    expect((await get(`/v1/facilities/${facility.id}/occupancy`, otherOffice)).status).toBe(404);
    expect((await discharge(otherOffice, stay.id, { reason: 'returned_home', at: hoursAgo(0.5) })).status).toBe(404);

    const patrol = await as('patrol', { district });
    expect((await admit(patrol, admission(await register({ name: '梁二' })))).status).toBe(201);
    expect((await get(`/v1/stays/${stay.id}`, patrol)).status).toBe(403);
    expect((await discharge(patrol, stay.id, { reason: 'returned_home', at: hoursAgo(0.5) })).status).toBe(403);
    const farFacility = await newFacility({ male: 5, female: 5 }, uniqueDistrict());
    expect((await admit(patrol, admission(await register({ name: '梁三' }), { facilityId: farFacility.id }))).status).toBe(403);

    const tracer = await as('tracer', { district });
    expect((await get(`/v1/stays/${stay.id}`, tracer)).status).toBe(403);
    expect((await get(`/v1/facilities/${facility.id}/occupancy`, tracer)).status).toBe(403);
    expect((await admit(tracer, admission(await register({ name: '梁四' })))).status).toBe(403);
  });
});

/** A refusal's problem document. */
const problem = async (response: Response) => (await response.json()) as Problem & { status: number; reason?: string; errors?: { path: string }[] };

describe('POST /v1/stays/{id}/care-mode (rule 5)', () => {
  it('waits for 滞留; then outside care is recorded with the carer and the reason, on the stay and on the case, audited', async () => {
    const at = new Date(now);
    const { send, register, admitted, shelter, get, auditOf } = await setup({ at });
    const personId = await register({ identityStatus: 'unidentified', name: undefined, aliases: [], guardians: [] });
    const stay = await admitted(personId);
    const choose = (body: unknown) => send('POST', `/v1/stays/${stay.id}/care-mode`, shelter, body, null);
    const foster = { mode: 'foster_family', carer: '合川区南津街 王家（家庭寄养协议 2026-031）', reason: '老人在家庭环境中情绪稳定' };

    // In the station by default.
    expect((await get<{ careMode: unknown }>(`/v1/stays/${stay.id}`)).body.careMode).toEqual({ mode: 'in_station', chosen: false });
    // Before 滞留: refused with the reason, nothing changed.
    expect(await problem(await choose(foster))).toMatchObject({ status: 409, reason: 'not_stranded' });
    // Outside care without the carer or the reason names the fields.
    at.setTime(daysLater(11).getTime());
    const bare = await problem(await choose({ mode: 'contracted_institution' }));
    expect(bare.status).toBe(400);
    expect(bare.errors?.map((error) => error.path).sort()).toEqual(['body.carer', 'body.reason']);

    const chosen = await choose(foster);
    expect(chosen.status).toBe(200);
    expect(((await chosen.json()) as { careMode: unknown }).careMode).toMatchObject({ ...foster, chosen: true, chosenBy: expect.any(String) });
    expect((await get<{ careMode: unknown }>(`/v1/persons/${personId}/tracing`)).body.careMode).toMatchObject({ mode: 'foster_family', carer: foster.carer, chosen: true });
    // The same choice again changes nothing; the trail has it once.
    expect((await choose(foster)).status).toBe(200);
    expect((await auditOf(personId)).filter((entry) => entry.action === 'stay.care-mode')).toHaveLength(1);
  });

  it('is not for an identified person', async () => {
    const at = new Date(now);
    const { send, register, admitted, shelter } = await setup({ at });
    const stay = await admitted(await register({ identityStatus: 'identified' }));
    at.setTime(daysLater(11).getTime());
    const refused = await send('POST', `/v1/stays/${stay.id}/care-mode`, shelter, { mode: 'in_station' }, null);
    expect(await problem(refused)).toMatchObject({ status: 409, reason: 'person_identified' });
  });
});
