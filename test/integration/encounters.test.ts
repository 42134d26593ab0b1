import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { distanceMeters } from '../../shared/domain/geo.js';
import type { DomainEvent, StreamRecord } from '../../shared/events/events.js';
import { publishStreamEvents } from '../../shared/events/events.js';
import { pollStream } from '../../infra/local/stream-poller.js';
import { testApp, uniqueDistrict } from '../support/app.js';
import { wgs84ToGcj02 } from '../support/geo.js';
import { makeIdNumber, registeredPerson } from '../support/persons.js';
import { addDays, cstDate } from '../../shared/domain/cst.js';
import { outreachRules } from '../../shared/domain/rules.js';

type Problem = { errors?: { path: string; message: string }[] };
type Step = { code: string; done: boolean; dueAt?: string };
type EncounterResponse = {
  encounter: { id: string; personId: string; occurredAt: string; location: { lat: number; lng: number; reportedCrs: string }; nextSteps: Step[]; aidCaseId?: string };
  person: { id: string; lastSeen?: { at: string; encounterId: string } };
  possibleDuplicates?: { id: string }[];
  aidCase?: { id: string; dueAt: string; provisional: boolean; due: { workingDays: { dueAt: string; provisional: boolean }; calendarDays: { dueAt: string } } };
};

const now = new Date('2026-11-28T04:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000).toISOString();
const CAOJIE = { lat: 29.9852, lng: 106.3496 };

const encounterOf = (personId: string, overrides: Record<string, unknown> = {}) => ({
  personId,
  occurredAt: hoursAgo(3),
  location: { ...CAOJIE, accuracyM: 12, crs: 'WGS84', place: '草街客运站候车厅' },
  condition: { health: 'well', dressedForWeather: false, needs: '棉被' },
  actions: ['offered_food', 'offered_bedding'],
  ...overrides,
});

async function setup() {
  const harness = await testApp({ now: () => now });
  const district = uniqueDistrict();
  const patrol = await harness.as('patrol', { district, sub: `patrol-${randomUUID()}` });
  const admin = await harness.as('admin', { district });
  const register = async (overrides: Record<string, unknown> = {}) => {
    const response = await harness.send('POST', '/v1/persons', admin, registeredPerson(district, overrides));
    expect(response.status).toBe(201);
    return ((await response.json()) as { person: { id: string } }).person.id;
  };
  const countEncounters = async (personId: string) =>
    ((await (await harness.app.request(`/v1/persons/${personId}/encounters?limit=100`, { headers: admin })).json()) as { items: unknown[] }).items.length;
  return { ...harness, district, patrol, admin, register, countEncounters };
}

describe('POST /v1/encounters with a known person', () => {
  it('records the encounter, moves lastSeen, and costs one read and one transaction; a replay costs one read', async () => {
    const { send, patrol, register, requests, app, admin } = await setup();
    const personId = await register({ guardians: [], riskFactors: [], registrationSource: 'survey' });
    const key = randomUUID();
    requests.reset();
    const response = await send('POST', '/v1/encounters', patrol, encounterOf(personId), key);
    expect(response.status).toBe(201);
    expect(requests.byCommand()).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
    const body = (await response.json()) as EncounterResponse;
    expect(body.person.lastSeen).toMatchObject({ encounterId: body.encounter.id, at: hoursAgo(3) });

    requests.reset();
    const replay = await send('POST', '/v1/encounters', patrol, encounterOf(personId), key);
    expect(requests.byCommand()).toEqual({ BatchGetItem: 1 });
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(body);

    const person = (await (await app.request(`/v1/persons/${personId}`, { headers: admin })).json()) as { lastSeen: { place: string } };
    expect(person.lastSeen.place).toBe('草街客运站候车厅');
  });

  it('stores one encounter for 20 concurrent replays', async () => {
    const { send, patrol, register, countEncounters } = await setup();
    const personId = await register();
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => send('POST', '/v1/encounters', patrol, encounterOf(personId), key)));
    expect(responses.every((response) => response.status === 201 || response.status === 409)).toBe(true);
    const ids = new Set(await Promise.all(responses.filter((r) => r.status === 201).map(async (r) => ((await r.json()) as EncounterResponse).encounter.id)));
    expect(ids.size).toBe(1);
    expect(await countEncounters(personId)).toBe(1);
  });

  it('keeps lastSeen on the newest encounter when an older one arrives late', async () => {
    const { send, patrol, register, app, admin } = await setup();
    const personId = await register();
    const newer = (await (await send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: hoursAgo(1) }))).json()) as EncounterResponse;
    await send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: hoursAgo(20) }));
    const person = (await (await app.request(`/v1/persons/${personId}`, { headers: admin })).json()) as { lastSeen: { encounterId: string } };
    expect(person.lastSeen.encounterId).toBe(newer.encounter.id);
  });

  it('converts GCJ-02 to WGS-84 within 1 m of the reference', async () => {
    const { send, patrol, register } = await setup();
    const personId = await register();
    const gcj = wgs84ToGcj02(CAOJIE.lat, CAOJIE.lng);
    const response = await send('POST', '/v1/encounters', patrol, encounterOf(personId, { location: { ...gcj, crs: 'GCJ02' } }));
    const { encounter } = (await response.json()) as EncounterResponse;
    expect(encounter.location.reportedCrs).toBe('GCJ02');
    expect(distanceMeters(encounter.location, CAOJIE)).toBeLessThan(1);
    expect(distanceMeters(gcj, CAOJIE)).toBeGreaterThan(100);
  });

  it('answers 404 for an unknown person', async () => {
    const { send, patrol } = await setup();
    expect((await send('POST', '/v1/encounters', patrol, encounterOf(randomUUID()))).status).toBe(404);
  });

  it('refuses tracers (403) and a missing key (400)', async () => {
    const { send, register, as, district, patrol } = await setup();
    const personId = await register();
    expect((await send('POST', '/v1/encounters', await as('tracer', { district }), encounterOf(personId))).status).toBe(403);
    const noKey = await send('POST', '/v1/encounters', patrol, encounterOf(personId), null);
    expect(noKey.status).toBe(400);
  });

  it('answers the same key with another body with 422', async () => {
    const { send, patrol, register, countEncounters } = await setup();
    const personId = await register();
    const key = randomUUID();
    await send('POST', '/v1/encounters', patrol, encounterOf(personId), key);
    const other = await send('POST', '/v1/encounters', patrol, encounterOf(personId, { notes: '又来了' }), key);
    expect(other.status).toBe(422);
    expect(await countEncounters(personId)).toBe(1);
  });
});

describe('POST /v1/encounters with a new person', () => {
  it('creates the person and the encounter together', async () => {
    const { send, patrol, app, district, admin } = await setup();
    const response = await send('POST', '/v1/encounters', patrol, {
      ...encounterOf(''),
      personId: undefined,
      newPerson: { sex: 'male', estimatedAge: 14, estimatedAt: '2026-11-28', marks: '穿蓝色校服', dialect: '四川话' },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as EncounterResponse;
    const person = (await (await app.request(`/v1/persons/${body.person.id}`, { headers: admin })).json()) as Record<string, unknown>;
    expect(person).toMatchObject({ district, registrationSource: 'patrol', identityStatus: 'unidentified', status: 'on_street' });
    expect(person['lastSeen']).toMatchObject({ encounterId: body.encounter.id });
    expect(body.encounter.nextSteps).toContainEqual(expect.objectContaining({ code: 'escort_to_station', done: false }));
    expect(body.possibleDuplicates).toEqual([]);
  });

  it('refuses bad input of every field with 400 naming each, and stores neither person nor encounter', async () => {
    const { send, patrol, app, district, admin } = await setup();
    const response = await send('POST', '/v1/encounters', patrol, {
      newPerson: { sex: 'x', heightCm: -3, riskFactors: ['sad'], guardians: [{ name: '', relation: '父亲', phone: '1' }] },
      occurredAt: '2026-11-28 10:00',
      location: { lat: 91, lng: 181, accuracyM: -1, crs: 'BD09', place: '' },
      condition: { health: 'bad', intoxicated: 'yes', injuries: '' },
      actions: ['offered_tea'],
      referrals: [{ kind: 'hotel' }],
      concerns: ['suspected_alien'],
      campaignId: '',
      notes: 'x'.repeat(2001),
      extra: 1,
    });
    expect(response.status).toBe(400);
    const paths = ((await response.json()) as Problem).errors?.map((error) => error.path) ?? [];
    for (const field of [
      'body.newPerson.sex', 'body.newPerson.heightCm', 'body.newPerson.riskFactors.0', 'body.newPerson.guardians.0.name',
      'body.newPerson.guardians.0.phone', 'body.occurredAt', 'body.location.lat', 'body.location.lng', 'body.location.accuracyM',
      'body.location.crs', 'body.location.place', 'body.condition.health', 'body.condition.intoxicated', 'body.condition.injuries',
      'body.actions.0', 'body.referrals.0.kind', 'body.concerns.0', 'body.campaignId', 'body.notes', 'body',
    ]) {
      expect(paths, field).toContain(field);
    }
    const persons = (await (await app.request(`/v1/persons?district=${district}`, { headers: admin })).json()) as { items: unknown[] };
    expect(persons.items).toEqual([]);
    const encounters = (await (await app.request(`/v1/encounters?district=${district}`, { headers: admin })).json()) as { items: unknown[] };
    expect(encounters.items).toEqual([]);
  });

  it('refuses an encounter to an office account without a district (it acts nowhere), naming a district or not', async () => {
    const { send, as, district } = await setup();
    const nowhere = await as('admin');
    const unnamed = await send('POST', '/v1/encounters', nowhere, { ...encounterOf(''), personId: undefined, newPerson: { sex: 'female' } });
    const named = await send('POST', '/v1/encounters', nowhere, { ...encounterOf(''), personId: undefined, district, newPerson: { sex: 'female' } });
    expect([unnamed.status, named.status]).toEqual([403, 403]);
  });

  it('refuses both or neither of personId and newPerson, and a time in the future', async () => {
    const { send, patrol, register } = await setup();
    const personId = await register();
    const both = await send('POST', '/v1/encounters', patrol, encounterOf(personId, { newPerson: { sex: 'male' } }));
    expect(((await both.json()) as Problem).errors?.[0]?.path).toBe('body.personId');
    const neither = await send('POST', '/v1/encounters', patrol, encounterOf(personId, { personId: undefined }));
    expect(neither.status).toBe(400);
    const future = await send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: new Date(now.getTime() + 3600_000).toISOString() }));
    expect(future.status).toBe(400);
    expect(((await future.json()) as Problem).errors?.[0]?.path).toBe('body.occurredAt');
    const skewed = await send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: new Date(now.getTime() + 60_000).toISOString() }));
    expect(skewed.status).toBe(201);
  });
});

describe('what the rules require next', () => {
  it('120 first for the acutely ill, police for a suspected lost person, escort for the elderly', async () => {
    const { send, patrol, register } = await setup();
    const personId = await register({ birthYear: 1940, guardians: [], riskFactors: [] });
    const response = await send('POST', '/v1/encounters', patrol, encounterOf(personId, {
      condition: { health: 'acutely_ill' },
      concerns: ['suspected_lost'],
      actions: ['called_110'],
    }));
    const steps = ((await response.json()) as EncounterResponse).encounter.nextSteps;
    expect(steps).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'call_120', done: false }),
      expect.objectContaining({ code: 'report_to_police', done: true }),
      expect.objectContaining({ code: 'escort_to_station', done: false }),
    ]));
  });

  it('for someone who refuses help: supplies, contact, and a follow-up that is really scheduled', async () => {
    const { send, patrol, register, app } = await setup();
    const personId = await register({ birthYear: 1980, guardians: [], riskFactors: ['repeat_rough_sleeper'] });
    const response = await send('POST', '/v1/encounters', patrol, encounterOf(personId, { actions: ['refused_help', 'offered_water'] }));
    const { encounter } = (await response.json()) as EncounterResponse;
    const dueOn = addDays(cstDate(encounter.occurredAt), outreachRules.refusalFollowUpDays);
    expect(encounter.nextSteps.map((step) => [step.code, step.done])).toEqual([
      ['provide_supplies', true],
      ['leave_contact', false],
      ['schedule_follow_up', true],
    ]);
    expect(encounter.nextSteps[2]).toMatchObject({ dueAt: dueOn });
    // The follow-up is the person's, and on the district's work list.
    const person = (await (await app.request(`/v1/persons/${personId}`, { headers: patrol })).json()) as { nextFollowUp?: unknown };
    expect(person.nextFollowUp).toEqual({ dueOn, reason: 'after_refusal' });
    const list = (await (await app.request(`/v1/persons/follow-ups?due=before:${dueOn}`, { headers: patrol })).json()) as { items: { id: string }[] };
    expect(list.items.map((row) => row.id)).toContain(personId);
  });
});

describe('person_found events', () => {
  const published: DomainEvent[] = [];
  let poller: { stop: () => Promise<void> };
  beforeAll(async () => {
    poller = await pollStream(inject('dynamoEndpoint'), inject('tableName'), async (records) => {
      await publishStreamEvents(records as StreamRecord[], { publish: async (event) => void published.push(event) });
    }, 100);
  });
  afterAll(async () => poller.stop());

  const eventsFor = (personId: string) => published.filter((event) => event.subjectId === personId);
  const waitFor = async (check: () => boolean, ms = 8000) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline && !check(); ) await new Promise((r) => setTimeout(r, 100));
  };

  it('sends one event when a registered person with guardians is found, never again on replay', async () => {
    const { send, patrol, register, district } = await setup();
    const personId = await register();
    const key = randomUUID();
    const first = (await (await send('POST', '/v1/encounters', patrol, encounterOf(personId), key)).json()) as EncounterResponse;
    expect(first.encounter.nextSteps).toContainEqual(expect.objectContaining({ code: 'notify_guardians', done: true }));
    await waitFor(() => eventsFor(personId).length > 0);
    expect(eventsFor(personId)).toEqual([
      expect.objectContaining({ kind: 'person_found', district, severity: 'urgent', payload: expect.objectContaining({ encounterId: first.encounter.id }) }),
    ]);
    await send('POST', '/v1/encounters', patrol, encounterOf(personId), key);
    await new Promise((r) => setTimeout(r, 1500));
    expect(eventsFor(personId)).toHaveLength(1);
  });

  it('flags the record on a rule-2 suspicion and sends police_report_due at once, once; an explicit clearance clears it', async () => {
    const { send, patrol, register, district, app, as } = await setup();
    const personId = await register({ guardians: [], riskFactors: [], registrationSource: 'patrol' });
    const suspected = encounterOf(personId, { concerns: ['suspected_trafficked'], actions: ['called_110'] });
    const key = randomUUID();
    const first = (await (await send('POST', '/v1/encounters', patrol, suspected, key)).json()) as EncounterResponse;
    await waitFor(() => eventsFor(personId).length > 0);
    expect(eventsFor(personId)).toEqual([
      expect.objectContaining({ kind: 'police_report_due', district, severity: 'urgent', payload: expect.objectContaining({ encounterId: first.encounter.id, concerns: ['suspected_trafficked'] }) }),
    ]);
    // A replay, and the same suspicion again while flagged, send nothing more.
    await send('POST', '/v1/encounters', patrol, suspected, key);
    await send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: hoursAgo(2), concerns: ['suspected_trafficked'] }));
    await new Promise((r) => setTimeout(r, 1500));
    expect(eventsFor(personId)).toHaveLength(1);
    // A new suspicion is added to the flag and reported, once.
    const lost = (await (await send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: hoursAgo(1), concerns: ['suspected_lost'] }))).json()) as EncounterResponse;
    await waitFor(() => eventsFor(personId).length > 1);
    expect(eventsFor(personId)[1]).toMatchObject({ kind: 'police_report_due', payload: { encounterId: lost.encounter.id, concerns: ['suspected_lost'] } });
    const flagged = (await (await app.request(`/v1/persons/${personId}`, { headers: patrol })).json()) as { concernFlag?: { encounterId: string } };
    expect(flagged.concernFlag).toMatchObject({ encounterId: first.encounter.id, concerns: ['suspected_trafficked', 'suspected_lost'] });

    // Only an explicit action clears the flag, naming the encounter that raised it, with a reason.
    const shelter = await as('shelter', { district });
    const clear = (headers: Record<string, string>, encounterId: string) =>
      send('POST', `/v1/persons/${personId}/concern-flag/clearance`, headers, { encounterId, reason: '已报警，派出所核实为家属陪同' }, null);
    expect((await clear(patrol, first.encounter.id)).status).toBe(403);
    expect((await clear(shelter, randomUUID())).status).toBe(409);
    expect((await clear(shelter, first.encounter.id)).status).toBe(200);
    const cleared = (await (await app.request(`/v1/persons/${personId}`, { headers: patrol })).json()) as Record<string, unknown>;
    expect(cleared).not.toHaveProperty('concernFlag');
  });

  it('sends none for a person without a registration or guardians', async () => {
    const { send, patrol, register } = await setup();
    const personId = await register({ guardians: [], riskFactors: [], registrationSource: 'patrol' });
    const marker = await register();
    await send('POST', '/v1/encounters', patrol, encounterOf(personId));
    await send('POST', '/v1/encounters', patrol, encounterOf(marker));
    await waitFor(() => eventsFor(marker).length > 0);
    expect(eventsFor(marker)).toHaveLength(1);
    expect(eventsFor(personId)).toEqual([]);
  });

  it('announces once when two sightings race inside the quiet window', async () => {
    const { send, patrol, register } = await setup();
    const personId = await register();
    const responses = await Promise.all([3, 2].map((hours) => send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: hoursAgo(hours) }))));
    expect(responses.map((response) => response.status)).toEqual([201, 201]);
    await waitFor(() => eventsFor(personId).length > 0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(eventsFor(personId)).toHaveLength(1);
  });

  it('stays quiet for sightings within the quiet window and for a person in care', async () => {
    const { send, patrol, register } = await setup();
    const personId = await register();
    const inCare = await register({ status: 'in_care' });
    for (const hours of [20, 15, 2]) await send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: hoursAgo(hours) }));
    await send('POST', '/v1/encounters', patrol, encounterOf(inCare));
    await waitFor(() => eventsFor(personId).length >= 2);
    await new Promise((r) => setTimeout(r, 1000));
    // 20 h ago: notice; 15 h ago: within 12 h of it; 2 h ago: 18 h after it, a new notice.
    expect(eventsFor(personId).map((event) => event.occurredAt)).toEqual([hoursAgo(20), hoursAgo(2)]);
    expect(eventsFor(inCare)).toEqual([]);
  });

  it('finds a registered person who wandered into another district: lookup by ID number, encounter, notice home', async () => {
    const { send, register, district: home, as, app, admin } = await setup();
    const idNumber = makeIdNumber('1941-05-06', 201 + 2 * Math.floor(Math.random() * 300));
    const personId = await register({ idNumber, birthYear: undefined });
    const away = uniqueDistrict();
    const patrolAway = await as('patrol', { district: away });

    const lookup = await send('POST', '/v1/persons/lookup', patrolAway, { idNumber }, null);
    expect(lookup.status).toBe(200);
    const found = (await lookup.json()) as Record<string, unknown>;
    expect(found).toMatchObject({ id: personId, guardians: [expect.objectContaining({ phone: '13812345678' })] });
    expect(found).not.toHaveProperty('idNumber');

    const encounter = await send('POST', '/v1/encounters', patrolAway, encounterOf(personId));
    expect(encounter.status).toBe(201);
    const body = (await encounter.json()) as EncounterResponse & { encounter: { district: string } };
    expect(body.encounter.district).toBe(away);
    await waitFor(() => eventsFor(personId).length > 0);
    expect(eventsFor(personId)).toEqual([expect.objectContaining({ district: home, payload: { personId, encounterId: body.encounter.id, foundIn: away } })]);

    expect((await app.request(`/v1/persons/${personId}`, { headers: patrolAway })).status).toBe(404);
    // The worker who found them sees who they are and whom to call, nothing of their history.
    expect(Object.keys(body.person).sort()).not.toEqual(expect.arrayContaining(['lastSeen']));
    for (const hidden of ['lastSeen', 'healthNotes', 'idNumber', 'lastSurveyAt', 'marks']) expect(body.person).not.toHaveProperty(hidden);
    const audit = (await (await app.request(`/v1/audit?subjectId=${personId}`, { headers: admin })).json()) as { items: { action: string; reason?: string }[] };
    expect(audit.items).toContainEqual(expect.objectContaining({ action: 'person.lookup', reason: expect.stringContaining('outside') }));
  });
});

describe('a person of another district', () => {
  it('shows shelter staff elsewhere neither health notes nor whereabouts, even through an old sighting', async () => {
    const { send, register, as, patrol } = await setup();
    const idNumber = makeIdNumber('1939-09-09', 301 + 2 * Math.floor(Math.random() * 300));
    const personId = await register({ idNumber, birthYear: undefined });
    await send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: hoursAgo(1) }));
    const away = uniqueDistrict();
    const shelterAway = await as('shelter', { district: away });
    const lookup = (await (await send('POST', '/v1/persons/lookup', shelterAway, { idNumber }, null)).json()) as Record<string, unknown>;
    const old = (await (await send('POST', '/v1/encounters', shelterAway, encounterOf(personId, { occurredAt: hoursAgo(24 * 20) }))).json()) as EncounterResponse;
    for (const view of [lookup, old.person as Record<string, unknown>]) {
      expect(view).toMatchObject({ id: personId, guardians: [expect.objectContaining({ phone: '13812345678' })] });
      for (const hidden of ['healthNotes', 'idNumber', 'lastSeen', 'marks', 'lastSurveyAt']) expect(view).not.toHaveProperty(hidden);
    }
  });
});

describe('listing encounters', () => {
  it("lists a person's encounters newest first, paged", async () => {
    const { send, patrol, register, app } = await setup();
    const personId = await register();
    for (const hours of [5, 1, 9]) await send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: hoursAgo(hours) }));
    const first = (await (await app.request(`/v1/persons/${personId}/encounters?limit=2`, { headers: patrol })).json()) as { items: { occurredAt: string }[]; nextCursor: string };
    const second = (await (await app.request(`/v1/persons/${personId}/encounters?limit=2&cursor=${first.nextCursor}`, { headers: patrol })).json()) as { items: { occurredAt: string }[]; nextCursor: null };
    expect([...first.items, ...second.items].map((e) => e.occurredAt)).toEqual([hoursAgo(1), hoursAgo(5), hoursAgo(9)]);
    expect(second.nextCursor).toBeNull();
  });

  it('lists a district in a time window; tracers see only where and when', async () => {
    const { send, patrol, register, app, district, as } = await setup();
    const personId = await register();
    for (const hours of [2, 26, 50]) await send('POST', '/v1/encounters', patrol, encounterOf(personId, { occurredAt: hoursAgo(hours) }));
    const response = await app.request(`/v1/encounters?since=${encodeURIComponent(hoursAgo(30))}&until=${encodeURIComponent(hoursAgo(1))}`, { headers: patrol });
    const items = ((await response.json()) as { items: { occurredAt: string }[] }).items;
    expect(items.map((e) => e.occurredAt)).toEqual([hoursAgo(2), hoursAgo(26)]);

    const tracerView = (await (await app.request(`/v1/encounters?district=${district}`, { headers: await as('tracer', { district }) })).json()) as { items: Record<string, unknown>[] };
    expect(tracerView.items).toHaveLength(3);
    for (const hidden of ['condition', 'notes', 'actions', 'referrals']) expect(tracerView.items[0]).not.toHaveProperty(hidden);
  });

  it('rejects a reversed window and another district', async () => {
    const { app, patrol } = await setup();
    expect((await app.request(`/v1/encounters?since=${encodeURIComponent(hoursAgo(1))}&until=${encodeURIComponent(hoursAgo(5))}`, { headers: patrol })).status).toBe(400);
    expect((await app.request(`/v1/encounters?district=${uniqueDistrict()}`, { headers: patrol })).status).toBe(403);
    expect((await app.request(`/v1/persons/${randomUUID()}/encounters`, { headers: patrol })).status).toBe(404);
  });
});
