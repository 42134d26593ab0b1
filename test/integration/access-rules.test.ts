import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { makeIdNumber, registeredPerson } from '../support/persons.js';

type Problem = { status: number; title: string; errors?: { path: string; message: string }[] };
type PersonBody = Record<string, unknown> & { id: string; version: number; lastSeen?: { encounterId: string; at: string } };
type Created = { person: PersonBody };
type EncounterResponse = { encounter: { id: string; district: string; aidCaseId?: string }; person: { id: string } };
type AuditEntry = { action: string; actor: string; role: string; subjectType: string; subjectId: string; reason?: string };
type Page<T> = { items: T[] };

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

/** A new person as a patrol would report one: no health notes, survey date or source of its own. */
const patrolRegistration = (district: string, overrides: Record<string, unknown> = {}) =>
  registeredPerson(district, { healthNotes: undefined, registrationSource: undefined, status: 'on_street', ...overrides });

/** A valid male ID number born in 1948 (matches registeredPerson), random enough not to collide across tests. */
const idNumber1948 = () => makeIdNumber(`1948-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`, 1 + 2 * Math.floor(Math.random() * 499));

/** A valid ID number nobody registered: a birth date and sequence drawn at random. */
const unregisteredIdNumber = () => {
  const year = 1930 + Math.floor(Math.random() * 60);
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  return makeIdNumber(`${year}-${month}-${day}`, Math.floor(Math.random() * 1000), '130102');
};

async function setup() {
  const harness = await testApp({ now: () => now });
  const { app, send, as } = harness;
  const home = uniqueDistrict();
  const admin = await as('admin', { district: home });

  const register = async (overrides: Record<string, unknown> = {}, district = home) => {
    const response = await send('POST', '/v1/persons', admin, registeredPerson(district, overrides));
    expect(response.status).toBe(201);
    return ((await response.json()) as Created).person.id;
  };
  const readAsAdmin = async (personId: string) => {
    const response = await app.request(`/v1/persons/${personId}`, { headers: admin });
    expect(response.status).toBe(200);
    return (await response.json()) as PersonBody;
  };
  const encountersOf = async (personId: string) =>
    ((await (await app.request(`/v1/persons/${personId}/encounters?limit=100`, { headers: admin })).json()) as Page<{ id: string }>).items.map((e) => e.id);
  const aidCasesOf = async (district: string) => {
    // Read by the named district's own office: an office sees its district only.
    const response = await app.request(`/v1/aid-cases?district=${district}`, { headers: await as('admin', { district }) });
    expect(response.status).toBe(200);
    return ((await response.json()) as Page<{ id: string; personId: string; district: string }>).items;
  };
  const auditOf = async (subjectId: string) => {
    const response = await app.request(`/v1/audit?subjectId=${encodeURIComponent(subjectId)}&limit=100`, { headers: admin });
    expect(response.status).toBe(200);
    return ((await response.json()) as Page<AuditEntry>).items;
  };
  const personsIn = async (district: string, q?: string) => {
    const query = q === undefined ? '' : `&q=${encodeURIComponent(q)}`;
    const response = await app.request(`/v1/persons?district=${district}${query}`, { headers: await as('admin', { district }) });
    expect(response.status).toBe(200);
    return ((await response.json()) as Page<{ id: string }>).items;
  };
  const encountersIn = async (district: string) =>
    ((await (await app.request(`/v1/encounters?district=${district}`, { headers: await as('admin', { district }) })).json()) as Page<{ id: string }>).items;
  const patch = (headers: Record<string, string>, personId: string, version: number, body: unknown) =>
    app.request(`/v1/persons/${personId}`, {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/json', 'if-match': `"v${version}"` },
      body: JSON.stringify(body),
    });
  const lookup = (headers: Record<string, string>, idNumber: string) => send('POST', '/v1/persons/lookup', headers, { idNumber }, null);

  return { ...harness, home, admin, register, readAsAdmin, encountersOf, aidCasesOf, auditOf, personsIn, encountersIn, patch, lookup };
}

const pathsOf = async (response: Response) => ((await response.json()) as Problem).errors?.map((error) => error.path);

describe('encounters with a person of another district, by bare id (OWASP API1)', () => {
  it('answers 404 and writes nothing: no sighting, no encounter, no aid case', async () => {
    // Arrange: a person of district A, already seen there 5 h ago.
    const { send, as, home, register, readAsAdmin, encountersOf, aidCasesOf, encountersIn } = await setup();
    const personId = await register({ idNumber: idNumber1948(), birthYear: undefined });
    const patrolHome = await as('patrol', { district: home });
    const seen = await send('POST', '/v1/encounters', patrolHome, encounterOf(personId, { occurredAt: hoursAgo(5) }));
    expect(seen.status).toBe(201);
    const firstEncounterId = ((await seen.json()) as EncounterResponse).encounter.id;
    const before = await readAsAdmin(personId);
    const away = uniqueDistrict();
    const patrolAway = await as('patrol', { district: away });

    // Act: a patrol of B who only knows the UUID records a newer encounter with an emergency-aid referral.
    const response = await send('POST', '/v1/encounters', patrolAway, encounterOf(personId, { occurredAt: hoursAgo(1), referrals: [{ kind: 'emergency_aid' }] }));

    // Assert
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const after = await readAsAdmin(personId);
    expect(after.lastSeen).toEqual(before.lastSeen);
    expect(after.lastSeen?.encounterId).toBe(firstEncounterId);
    expect(after.version).toBe(before.version);
    expect(await encountersOf(personId)).toEqual([firstEncounterId]);
    expect(await encountersIn(away)).toEqual([]);
    expect(await aidCasesOf(away)).toEqual([]);
    expect(await aidCasesOf(home)).toEqual([]);
  });

  it('refuses a patrol token without a district (403) and writes nothing', async () => {
    const { send, as, register, readAsAdmin, encountersOf } = await setup();
    const personId = await register();
    const before = await readAsAdmin(personId);
    const noDistrict = await as('patrol');

    const response = await send('POST', '/v1/encounters', noDistrict, encounterOf(personId, { referrals: [{ kind: 'emergency_aid' }] }));

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as Problem).status).toBe(403);
    const after = await readAsAdmin(personId);
    expect(after.lastSeen).toBeUndefined();
    expect(after.version).toBe(before.version);
    expect(await encountersOf(personId)).toEqual([]);
  });

  it('lets the very caller who looked the person up by ID number record the encounter; no one else', async () => {
    // Arrange: a person of A; a patrol of B whose first attempt by bare id fails.
    const { send, as, home, register, readAsAdmin, encountersOf, aidCasesOf, lookup } = await setup();
    const idNumber = idNumber1948();
    const personId = await register({ idNumber, birthYear: undefined });
    const away = uniqueDistrict();
    const sub = `patrol-${randomUUID()}`;
    const patrolAway = await as('patrol', { district: away, sub });
    const body = encounterOf(personId, { occurredAt: hoursAgo(1), referrals: [{ kind: 'emergency_aid' }] });
    const key = randomUUID();
    expect((await send('POST', '/v1/encounters', patrolAway, body, key)).status).toBe(404);

    // Act: the lookup, then the same request again (same Idempotency-Key: a refusal is not remembered).
    const found = await lookup(patrolAway, idNumber);
    expect(found.status).toBe(200);
    const response = await send('POST', '/v1/encounters', patrolAway, body, key);

    // Assert: recorded in B, the sighting moved, the aid case is B's (rule 11).
    expect(response.status).toBe(201);
    const recorded = (await response.json()) as EncounterResponse;
    expect(recorded.encounter.district).toBe(away);
    expect(await encountersOf(personId)).toEqual([recorded.encounter.id]);
    expect((await readAsAdmin(personId)).lastSeen).toMatchObject({ encounterId: recorded.encounter.id, at: hoursAgo(1) });
    expect((await aidCasesOf(away)).map((aidCase) => aidCase.personId)).toEqual([personId]);
    expect(await aidCasesOf(home)).toEqual([]);

    // Another patrol of B, the same worker under another district, or in another role: no grant.
    const others = [
      await as('patrol', { district: away }),
      await as('patrol', { district: uniqueDistrict(), sub }),
      await as('shelter', { district: away, sub }),
    ];
    for (const [index, headers] of others.entries()) {
      const refused = await send('POST', '/v1/encounters', headers, encounterOf(personId, { occurredAt: hoursAgo(2) }));
      expect(refused.status, `caller ${index}`).toBe(404);
    }
    expect(await encountersOf(personId)).toEqual([recorded.encounter.id]);
    expect((await readAsAdmin(personId)).lastSeen?.encounterId).toBe(recorded.encounter.id);
  });
});

describe('ID-number lookups: budgeted and audited', () => {
  it('refuses the 21st lookup of a caller with 429, Retry-After and problem+json; the budget follows the sub, not the token', async () => {
    // Arrange: one registered number; 20 lookups, hits and misses, spend the budget.
    const { as, home, register, lookup, auditOf } = await setup();
    const idNumber = idNumber1948();
    await register({ idNumber, birthYear: undefined });
    const sub = `patrol-${randomUUID()}`;
    const patrol = await as('patrol', { district: home, sub });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) statuses.push((await lookup(patrol, i % 2 === 0 ? idNumber : unregisteredIdNumber())).status);
    expect(statuses).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 200 : 404)));

    // Act
    const refused = await lookup(patrol, idNumber);

    // Assert
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = refused.headers.get('retry-after');
    expect(retryAfter).toMatch(/^[1-9]\d*$/);
    expect(Number(retryAfter)).toBeLessThanOrEqual(3600);
    expect(((await refused.json()) as Problem).status).toBe(429);
    expect(await auditOf(sub)).toContainEqual(expect.objectContaining({ action: 'person.lookup.refused', subjectType: 'caller', actor: sub }));
    // The same worker with another district in the token is the same caller.
    expect((await lookup(await as('patrol', { district: uniqueDistrict(), sub }), idNumber)).status).toBe(429);
    // Another caller has a budget of its own.
    expect((await lookup(await as('patrol', { district: home }), idNumber)).status).toBe(200);
  });

  it('audits a miss under the caller, without the number', async () => {
    const { as, home, lookup, auditOf } = await setup();
    const sub = `patrol-${randomUUID()}`;
    const patrol = await as('patrol', { district: home, sub });
    const idNumber = unregisteredIdNumber();
    expect(await auditOf(sub)).toEqual([]);

    const response = await lookup(patrol, idNumber);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const audit = await auditOf(sub);
    expect(audit).toEqual([expect.objectContaining({ action: 'person.lookup.miss', subjectType: 'caller', subjectId: sub, actor: sub, role: 'patrol' })]);
    expect(JSON.stringify(audit)).not.toContain(idNumber);
  });

  it('audits a hit on the person; one across districts says it was outside the home district', async () => {
    const { as, home, register, lookup, auditOf } = await setup();
    const idNumber = idNumber1948();
    const personId = await register({ idNumber, birthYear: undefined });
    const homeSub = `patrol-${randomUUID()}`;
    const awaySub = `patrol-${randomUUID()}`;

    const atHome = await lookup(await as('patrol', { district: home, sub: homeSub }), idNumber);
    const away = await lookup(await as('patrol', { district: uniqueDistrict(), sub: awaySub }), idNumber);

    expect(atHome.status).toBe(200);
    expect(away.status).toBe(200);
    expect(((await away.json()) as { id: string }).id).toBe(personId);
    const lookups = (await auditOf(personId)).filter((entry) => entry.action === 'person.lookup');
    expect(lookups).toHaveLength(2);
    const byActor = Object.fromEntries(lookups.map((entry) => [entry.actor, entry]));
    expect(byActor[awaySub]?.reason).toContain('outside the home district');
    expect(byActor[homeSub]?.reason).toBeDefined();
    expect(byActor[homeSub]?.reason).not.toContain('outside');
  });
});

describe('creating follows the same field permissions as changing', () => {
  const refusedOnCreate: [string, Record<string, unknown>][] = [
    ['healthNotes', { healthNotes: '糖尿病' }],
    ['lastSurveyAt', { lastSurveyAt: '2026-10-01' }],
    ['registrationSource', { registrationSource: 'family' }],
  ];
  for (const [field, overrides] of refusedOnCreate) {
    it(`refuses a patrol registration with ${field} (403 naming body.${field}) and creates nothing`, async () => {
      const { send, as, home, personsIn } = await setup();
      const patrol = await as('patrol', { district: home });
      const name = '孙秀兰';

      const response = await send('POST', '/v1/persons', patrol, patrolRegistration(home, { name, aliases: [], ...overrides }));

      expect(response.status).toBe(403);
      expect(await pathsOf(response)).toEqual([`body.${field}`]);
      expect(await personsIn(home, name)).toEqual([]);
      expect(await personsIn(home)).toEqual([]);
    });
  }

  it('names every refused field of one registration', async () => {
    const { send, as, home, personsIn } = await setup();
    const patrol = await as('patrol', { district: home });

    const { healthNotes: _h, registrationSource: _r, ...base } = patrolRegistration(home);
    const response = await send('POST', '/v1/persons', patrol, { ...base, registrationSource: 'survey', healthNotes: '高血压', lastSurveyAt: '2026-10-01' });

    expect(response.status).toBe(403);
    expect((await pathsOf(response))?.sort()).toEqual(['body.healthNotes', 'body.lastSurveyAt', 'body.registrationSource']);
    expect(await personsIn(home)).toEqual([]);
  });

  it('refuses health notes on a new person met in an encounter (403) and stores neither person nor encounter', async () => {
    const { send, as, home, personsIn, encountersIn } = await setup();
    const patrol = await as('patrol', { district: home });

    const response = await send('POST', '/v1/encounters', patrol, {
      ...encounterOf(''),
      personId: undefined,
      newPerson: { name: '周建国', sex: 'male', estimatedAge: 60, estimatedAt: '2026-11-28', healthNotes: '疑似精神障碍' },
    });

    expect(response.status).toBe(403);
    expect(await pathsOf(response)).toEqual(['body.newPerson.healthNotes']);
    expect(await personsIn(home, '周建国')).toEqual([]);
    expect(await personsIn(home)).toEqual([]);
    expect(await encountersIn(home)).toEqual([]);
  });

  it('lets patrol register with the source left out or naming itself: stored as patrol', async () => {
    const { send, as, home, readAsAdmin, personsIn } = await setup();
    const patrol = await as('patrol', { district: home });

    const omitted = await send('POST', '/v1/persons', patrol, patrolRegistration(home, { name: '钱德发', aliases: [] }));
    const named = await send('POST', '/v1/persons', patrol, patrolRegistration(home, { name: '吴桂芬', aliases: [], sex: 'female', registrationSource: 'patrol' }));

    expect(omitted.status).toBe(201);
    expect(named.status).toBe(201);
    const omittedId = ((await omitted.json()) as Created).person.id;
    const namedId = ((await named.json()) as Created).person.id;
    expect(await readAsAdmin(omittedId)).toMatchObject({ registrationSource: 'patrol', district: home, status: 'on_street' });
    expect(await readAsAdmin(namedId)).toMatchObject({ registrationSource: 'patrol', district: home });
    expect((await personsIn(home)).map((p) => p.id).sort()).toEqual([omittedId, namedId].sort());
  });
});

describe('status transitions per role', () => {
  it('patrol sets only street statuses, shelter records a death, only admin reverses it', async () => {
    // Arrange: a person with an ID number (identified), whereabouts unknown.
    const { as, home, register, readAsAdmin, patch } = await setup();
    const personId = await register({ idNumber: idNumber1948(), birthYear: undefined, status: 'unknown' });
    const patrol = await as('patrol', { district: home });
    const shelter = await as('shelter', { district: home });
    const admin = await as('admin', { district: home });
    expect(await readAsAdmin(personId)).toMatchObject({ status: 'unknown', identityStatus: 'identified', version: 1 });

    // Patrol may not record a death, nor declare an ID holder unidentified.
    const death = await patch(patrol, personId, 1, { status: 'deceased' });
    expect(death.status).toBe(403);
    expect(await pathsOf(death)).toEqual(['body.status']);
    const unidentified = await patch(patrol, personId, 1, { identityStatus: 'unidentified' });
    expect(unidentified.status).toBe(403);
    expect(await pathsOf(unidentified)).toEqual(['body.identityStatus']);
    expect(await readAsAdmin(personId)).toMatchObject({ status: 'unknown', identityStatus: 'identified', version: 1 });

    // Patrol may say where a person is on the street.
    expect((await patch(patrol, personId, 1, { status: 'on_street' })).status).toBe(200);
    expect(await readAsAdmin(personId)).toMatchObject({ status: 'on_street', version: 2 });
    expect((await patch(patrol, personId, 2, { status: 'unknown' })).status).toBe(200);
    expect(await readAsAdmin(personId)).toMatchObject({ status: 'unknown', version: 3 });

    // Shelter records the death.
    expect((await patch(shelter, personId, 3, { status: 'deceased' })).status).toBe(200);
    expect(await readAsAdmin(personId)).toMatchObject({ status: 'deceased', version: 4 });

    // Only the office reverses it.
    const shelterReverse = await patch(shelter, personId, 4, { status: 'on_street' });
    expect(shelterReverse.status).toBe(403);
    expect(await pathsOf(shelterReverse)).toEqual(['body.status']);
    const patrolReverse = await patch(patrol, personId, 4, { status: 'on_street' });
    expect(patrolReverse.status).toBe(403);
    expect(await pathsOf(patrolReverse)).toEqual(['body.status']);
    expect(await readAsAdmin(personId)).toMatchObject({ status: 'deceased', version: 4 });
    const adminReverse = await patch(admin, personId, 4, { status: 'on_street' });
    expect(adminReverse.status).toBe(200);
    expect(await readAsAdmin(personId)).toMatchObject({ status: 'on_street', version: 5 });
  });

  it('refuses a patrol registration in care (403 naming body.status) and creates nothing', async () => {
    const { send, as, home, personsIn } = await setup();
    const patrol = await as('patrol', { district: home });

    const response = await send('POST', '/v1/persons', patrol, patrolRegistration(home, { name: '郑有福', status: 'in_care' }));

    expect(response.status).toBe(403);
    expect(await pathsOf(response)).toEqual(['body.status']);
    expect(await personsIn(home, '郑有福')).toEqual([]);
    expect(await personsIn(home)).toEqual([]);
  });
});

describe('patrol and ID numbers', () => {
  it('may record a number for a person who has none, never touch one that is there (even the same)', async () => {
    // Arrange: a person without an ID number.
    const { as, home, register, readAsAdmin, patch, lookup } = await setup();
    const personId = await register();
    const patrol = await as('patrol', { district: home });
    const sequence = 1 + 2 * Math.floor(Math.random() * 499);
    const idNumber = makeIdNumber('1948-03-05', sequence);
    // Another valid number of the same birth date and sex, so that only the permission can refuse it.
    const otherNumber = makeIdNumber('1948-03-05', sequence === 999 ? 997 : sequence + 2);
    expect(await readAsAdmin(personId)).not.toHaveProperty('idNumber');

    // Act: patrol reads it off a card.
    const added = await patch(patrol, personId, 1, { idNumber });

    // Assert: stored, and found through the blind index.
    expect(added.status).toBe(200);
    expect(await readAsAdmin(personId)).toMatchObject({ idNumber, version: 2 });
    const found = await lookup(await as('admin', { district: home }), idNumber);
    expect(found.status).toBe(200);
    expect(((await found.json()) as { id: string }).id).toBe(personId);

    // Now that it has one: the same number, another number or a removal are all refused.
    for (const value of [idNumber, otherNumber, null]) {
      const refused = await patch(patrol, personId, 2, { idNumber: value, marks: '右耳缺损' });
      expect(refused.status, String(value)).toBe(403);
      expect(await pathsOf(refused), String(value)).toEqual(['body.idNumber']);
    }
    expect(await readAsAdmin(personId)).toMatchObject({ idNumber, marks: '左手背有烫伤疤痕', version: 2 });
  });
});
