import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { registerPerson } from '../../shared/domain/person.js';
import type { Db } from '../../shared/store/client.js';
import { keys } from '../../shared/store/keys.js';
import { personCreateItems } from '../../shared/store/persons.js';
import { transactWrite } from '../../shared/store/transact.js';
import { testApp, uniqueDistrict } from '../support/app.js';
import { makeIdNumber, registeredPerson } from '../support/persons.js';

type PersonBody = { id: string; version: number; nextFollowUp?: { dueOn: string; reason: string } };
const CAOJIE = { lat: 29.9852, lng: 106.3496, crs: 'WGS84', place: '草街客运站' };

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

describe('register follow-ups (rule 12)', () => {
  it('an edit long after the July visit fell due leaves it due: only a survey or a visit moves it', async () => {
    const district = uniqueDistrict();
    const february = await testApp({ now: () => new Date('2026-02-01T04:00:00Z') });
    const created = await february.send('POST', '/v1/persons', await february.as('admin', { district }), registeredPerson(district, { status: 'on_street' }));
    const { person } = (await created.json()) as { person: PersonBody };
    expect(person.nextFollowUp).toEqual({ dueOn: '2026-07-01', reason: 'visit' });

    const november = await testApp({ now: () => new Date('2026-11-28T04:00:00Z') });
    const admin = await november.as('admin', { district });
    const patch = (body: unknown, version: number) =>
      november.app.request(`/v1/persons/${person.id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json', 'if-match': `"v${version}"` }, body: JSON.stringify(body) });
    const edited = (await (await patch({ marks: '右耳缺损' }, 1)).json()) as PersonBody;
    expect(edited.nextFollowUp).toEqual({ dueOn: '2026-07-01', reason: 'visit' });
    // A survey satisfies it: the next follow-up is the January visit, then the re-survey.
    const surveyed = (await (await patch({ lastSurveyAt: '2026-11-20' }, 2)).json()) as PersonBody;
    expect(surveyed.nextFollowUp).toEqual({ dueOn: '2026-07-01', reason: 'visit' });
    // A visit (an encounter) satisfies the visit.
    const visit = await november.send('POST', '/v1/encounters', await november.as('patrol', { district }), {
      personId: person.id, occurredAt: '2026-11-28T10:00:00+08:00', location: CAOJIE, actions: ['offered_food'],
    });
    expect(visit.status).toBe(201);
    const after = (await (await november.app.request(`/v1/persons/${person.id}`, { headers: admin })).json()) as PersonBody;
    expect(after.nextFollowUp).toEqual({ dueOn: '2027-01-01', reason: 'visit' });
  });

  it('lists the follow-ups due by a date, soonest first, in one index query of the caller’s district', async () => {
    const district = uniqueDistrict();
    const past = await testApp({ now: () => new Date('2026-02-01T04:00:00Z') });
    const admin = await past.as('admin', { district });
    const register = async (overrides: Record<string, unknown>) =>
      ((await (await past.send('POST', '/v1/persons', admin, registeredPerson(district, overrides))).json()) as { person: PersonBody }).person;
    const resurvey = await register({ name: '张一', lastSurveyAt: '2025-12-20' }); // re-survey due 2026-06-20
    const visit = await register({ name: '张二' }); // due 2026-07-01
    await register({ name: '张三', riskFactors: [] }); // not a register member: owes nothing

    const { app, as, requests } = await testApp({ now: () => new Date('2026-11-28T04:00:00Z') });
    const patrol = await as('patrol', { district });
    requests.reset();
    const response = await app.request(`/v1/persons/follow-ups?due=before:2026-07-20`, { headers: patrol });
    expect(response.status).toBe(200);
    expect(requests.byCommand()).toMatchObject({ Query: 1 });
    const { items } = (await response.json()) as { items: (PersonBody & { name: string })[] };
    expect(items.map((row) => [row.id, row.nextFollowUp?.dueOn, row.nextFollowUp?.reason])).toEqual([
      [resurvey.id, '2026-06-20', 'resurvey'],
      [visit.id, '2026-07-01', 'visit'],
    ]);
    const earlier = (await (await app.request(`/v1/persons/follow-ups?due=before:2026-06-30`, { headers: patrol })).json()) as { items: unknown[] };
    expect(earlier.items).toHaveLength(1);
    expect((await app.request(`/v1/persons/follow-ups?due=before:2026-07-20`, { headers: await as('tracer', { district }) })).status).toBe(403);
    expect((await app.request(`/v1/persons/follow-ups?due=2026-07-20`, { headers: patrol })).status).toBe(400);
    expect((await app.request(`/v1/persons/follow-ups?due=before:2026-07-20&district=${uniqueDistrict()}`, { headers: patrol })).status).toBe(403);
  });
});

describe('register follow-ups that no edit can erase', () => {
  it('refuses to clear or move back the survey date, and takes a deceased person off the work list', async () => {
    const district = uniqueDistrict();
    const { send, as, app } = await testApp({ now: () => new Date('2026-11-28T04:00:00Z') });
    const admin = await as('admin', { district });
    const { person } = (await (await send('POST', '/v1/persons', admin, registeredPerson(district, { lastSurveyAt: '2026-03-10' }))).json()) as { person: PersonBody };
    expect(person.nextFollowUp).toEqual({ dueOn: '2026-09-10', reason: 'resurvey' });
    const patch = (body: unknown, version: number) =>
      app.request(`/v1/persons/${person.id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json', 'if-match': `"v${version}"` }, body: JSON.stringify(body) });
    for (const lastSurveyAt of [null, '2026-01-01']) {
      const refused = await patch({ lastSurveyAt }, 1);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('body.lastSurveyAt');
    }
    const list = async () =>
      ((await (await app.request(`/v1/persons/follow-ups?due=before:2026-12-31`, { headers: admin })).json()) as { items: { id: string }[] }).items.map((row) => row.id);
    expect(await list()).toEqual([person.id]);
    const deceased = (await (await patch({ status: 'deceased' }, 1)).json()) as PersonBody;
    expect(deceased.nextFollowUp).toBeUndefined();
    expect(await list()).toEqual([]);
  });

  it('spends the caller’s ID-number budget when a registration learns that a number is taken (no enumeration by 409)', async () => {
    const { send, as } = await testApp();
    const [home, elsewhere] = [uniqueDistrict(), uniqueDistrict()];
    const idNumber = makeIdNumber('1948-06-01', 101 + 2 * Math.floor(Math.random() * 400));
    expect((await send('POST', '/v1/persons', await as('admin', { district: home }), registeredPerson(home, { idNumber }))).status).toBe(201);
    const prober = await as('patrol', { district: elsewhere, sub: `prober-${randomUUID()}` });
    const probe = () => send('POST', '/v1/persons', prober, { name: '张三', sex: 'male', idNumber, district: elsewhere });
    for (let i = 0; i < 20; i += 1) expect((await probe()).status).toBe(409);
    const refused = await probe();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('emergency aid (rule 11)', () => {
  it('belongs to the district where the emergency was met, and paying it marks the encounter’s step done in every view', async () => {
    const home = uniqueDistrict();
    const metIn = uniqueDistrict();
    const { send, as, app } = await testApp({ now: () => new Date('2026-11-28T04:00:00Z') });
    const homeAdmin = await as('admin', { district: home });
    const idNumber = makeIdNumber('1948-03-05', 101 + 2 * Math.floor(Math.random() * 400), home);
    const { person } = (await (await send('POST', '/v1/persons', homeAdmin, registeredPerson(home, { idNumber, birthYear: undefined }))).json()) as { person: PersonBody };
    const officeOfMetIn = await as('admin', { district: metIn });
    // Another district's person is reached through the ID card in hand (the office acts in its district only).
    expect((await send('POST', '/v1/persons/lookup', officeOfMetIn, { idNumber }, null)).status).toBe(200);
    const recorded = await send('POST', '/v1/encounters', officeOfMetIn, {
      personId: person.id, occurredAt: '2026-11-28T09:00:00+08:00', location: CAOJIE, referrals: [{ kind: 'emergency_aid' }],
    });
    expect(recorded.status).toBe(201);
    const { encounter, aidCase } = (await recorded.json()) as { encounter: { id: string; district: string; nextSteps: { code: string; done: boolean; binding?: string }[] }; aidCase: { id: string; district: string; binding: string } };
    expect(encounter.district).toBe(metIn);
    expect(aidCase.district).toBe(metIn);
    expect(encounter.nextSteps).toContainEqual(expect.objectContaining({ code: 'pay_emergency_aid', done: false, binding: aidCase.binding }));

    const paid = await send('POST', `/v1/aid-cases/${aidCase.id}/paid`, officeOfMetIn, { amount: 200, at: '2026-11-28T11:00:00+08:00' }, null);
    expect(paid.status).toBe(200);
    type Listed = { items: { id: string; nextSteps: { code: string; done: boolean; completedBy?: string }[] }[] };
    const ofPerson = (await (await app.request(`/v1/persons/${person.id}/encounters`, { headers: homeAdmin })).json()) as Listed;
    const ofDistrict = (await (await app.request(`/v1/encounters?district=${metIn}`, { headers: officeOfMetIn })).json()) as Listed;
    for (const list of [ofPerson, ofDistrict]) {
      const step = list.items.find((item) => item.id === encounter.id)?.nextSteps.find((s) => s.code === 'pay_emergency_aid');
      expect(step).toMatchObject({ done: true, completedBy: 'paid' });
    }
  });
});

describe('the store', () => {
  it('projects into the indexes only what their queries return: no health notes, guardians or sealed ID numbers', async () => {
    const { db, send, as } = await testApp();
    const district = uniqueDistrict();
    const idNumber = makeIdNumber('1948-03-05', 101 + 2 * Math.floor(Math.random() * 400));
    await send('POST', '/v1/persons', await as('admin', { district }), registeredPerson(district, { idNumber, lastSurveyAt: '2026-01-20' }));
    const table = await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }));
    for (const index of table.Table?.GlobalSecondaryIndexes ?? []) {
      expect(index.Projection?.ProjectionType).toBe('INCLUDE');
      expect(index.Projection?.NonKeyAttributes).not.toEqual(expect.arrayContaining(['person']));
    }
    const indexed = await Promise.all([
      ['GSI1', 'gsi1pk', keys.namesOfDistrict(district)],
      ['GSI2', 'gsi2pk', keys.personsOfDistrict(district)],
      ['GSI3', 'gsi3pk', keys.followUpsOfDistrict(district)],
    ].map(async ([index, name, pk]) =>
      (await db.doc.send(new QueryCommand({ TableName: db.tableName, IndexName: index, KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': name as string }, ExpressionAttributeValues: { ':pk': pk } }))).Items ?? []));
    for (const items of indexed) {
      expect(items.length).toBeGreaterThan(0);
      const text = JSON.stringify(items);
      for (const secret of ['阿尔茨海默病中期', '13812345678', 'idNumberSealed', 'healthNotes', 'guardians']) expect(text).not.toContain(secret);
    }
  });

  it('a change that leaves the name and the summary alone does not rewrite the name keys', async () => {
    const { db, send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const { person } = (await (await send('POST', '/v1/persons', admin, registeredPerson(district))).json()) as { person: PersonBody };
    const transactions = captureTransactions(db);
    const patch = (body: unknown, version: number) =>
      app.request(`/v1/persons/${person.id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json', 'if-match': `"v${version}"` }, body: JSON.stringify(body) });
    expect((await patch({ healthNotes: '阿尔茨海默病晚期', heightCm: 166, marks: '右耳缺损' }, 1)).status).toBe(200);
    const nameKeyWrites = (items: (typeof transactions)[number]) =>
      items.filter((item) => JSON.stringify(item.Put?.Item ?? item.Delete?.Key ?? {}).includes('NAMEKEY#')).length;
    expect(transactions).toHaveLength(1);
    expect(nameKeyWrites(transactions[0]!)).toBe(0);
    // A new alias writes its own keys only.
    expect((await patch({ aliases: ['小明', '明明'] }, 2)).status).toBe(200);
    expect(nameKeyWrites(transactions[1]!)).toBeGreaterThan(0);
    const search = (await (await app.request(`/v1/persons?q=mingming`, { headers: admin })).json()) as { items: { id: string }[] };
    expect(search.items.map((item) => item.id)).toContain(person.id);
  });

  it('a filtered list fills its page instead of returning an empty page with a cursor', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    // The one match is the oldest change; twelve newer records do not match.
    const { person: match } = (await (await send('POST', '/v1/persons', admin, registeredPerson(district, { name: '赵一', riskFactors: ['intellectual_disability'] }))).json()) as { person: PersonBody };
    for (let i = 0; i < 12; i += 1) await send('POST', '/v1/persons', admin, registeredPerson(district, { name: `钱${'一二三四五六七八九十甲乙'[i]}` }));
    const page = (await (await app.request(`/v1/persons?riskFactor=intellectual_disability&limit=5`, { headers: admin })).json()) as { items: { id: string }[]; nextCursor: string | null };
    expect(page.items.map((item) => item.id)).toEqual([match.id]);
    expect(page.nextCursor).toBeNull();
  });

  it('the duplicate guard reads past the first 50 same-name records (王伟)', async () => {
    const { db, send, as } = await testApp();
    const district = uniqueDistrict();
    const now = new Date();
    const stored = (id: string, birthYear: number) =>
      registerPerson({ name: '王伟', aliases: [], sex: 'male', birthYear, riskFactors: [], status: 'on_street', guardians: [], registrationSource: 'survey', district }, id, now);
    // 60 王伟 born 1940 sort first in the name index; the one born 1985 sorts last.
    for (let batch = 0; batch < 60; batch += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => transactWrite(db, personCreateItems(db, stored(`00000000-0000-4000-8000-${String(batch + i).padStart(12, '0')}`, 1940), undefined))));
    }
    const sameMan = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
    await transactWrite(db, personCreateItems(db, stored(sameMan, 1985), undefined));
    const response = await send('POST', '/v1/persons', await as('admin', { district }), { name: '王伟', sex: 'male', birthYear: 1985, registrationSource: 'family', district });
    expect(response.status).toBe(201);
    const { possibleDuplicates } = (await response.json()) as { possibleDuplicates: { id: string }[] };
    expect(possibleDuplicates.map((candidate) => candidate.id)).toEqual([sameMan]);
  });
});

describe('the rule-2 flag clearance across districts', () => {
  it('is a 404 for the station of another district, and the flag stays', async () => {
    const { send, as, app } = await testApp();
    const [home, other] = [uniqueDistrict(), uniqueDistrict()];
    const { person } = (await (await send('POST', '/v1/persons', await as('admin', { district: home }), registeredPerson(home))).json()) as { person: PersonBody };
    const patrol = await as('patrol', { district: home });
    const met = await send('POST', '/v1/encounters', patrol, { personId: person.id, occurredAt: new Date(Date.now() - 3600_000).toISOString(), location: CAOJIE, concerns: ['suspected_abandoned'] });
    const { encounter } = (await met.json()) as { encounter: { id: string } };
    const clear = await send('POST', `/v1/persons/${person.id}/concern-flag/clearance`, await as('shelter', { district: other }), { encounterId: encounter.id, reason: '外区核实' }, null);
    expect(clear.status).toBe(404);
    const after = (await (await app.request(`/v1/persons/${person.id}`, { headers: patrol })).json()) as { concernFlag?: unknown };
    expect(after.concernFlag).toMatchObject({ encounterId: encounter.id });
  });
});
