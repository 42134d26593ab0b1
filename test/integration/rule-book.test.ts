import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
// The app first: it extends zod with OpenAPI metadata before any domain schema is built.
import { testApp, uniqueDistrict } from '../support/app.js';
import { ensureTable } from '../../infra/local/dynamo.js';
import type { Facility } from '../../shared/domain/facility.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { matchFromStream } from '../../shared/services/matching.js';
import { ruleBookSource } from '../../shared/services/rules.js';
import { careStagesJob, expiredOffersJob } from '../../shared/sweep/care-jobs.js';
import { runSweep } from '../../shared/sweep/sweep.js';
import { tracingDeadlinesJob } from '../../shared/sweep/tracing-jobs.js';
import { keys } from '../../shared/store/keys.js';
import { captureEvents } from '../support/events.js';
import { station } from '../support/facilities.js';
import { registeredPerson } from '../support/persons.js';

// National rule values are changed here: a table of this file's own, so no other test reads them.
const tableName = `outreach-rules-${randomUUID().slice(0, 8)}`;
beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), tableName);
});

type Deadline = { name: string; dueAt?: string; provisional: boolean };
type RuleBody = { value: unknown; version: number; origin: string; scope: string; bounds: string; layer: { district?: string; version: number } };

/** An app reading the rule book, on a clock the test moves, with helpers to change rules and run a district's care. */
async function setup(start: string) {
  let clock = new Date(start);
  const harness = await testApp({ now: () => clock, editableRules: true, tableName });
  const { app, send, as, db } = harness;
  const system = await as('system');

  const readRule = async (name: string, headers: Record<string, string>) => {
    const response = await app.request(`/v1/rules/${name}`, { headers });
    expect(response.status).toBe(200);
    return { etag: response.headers.get('etag') as string, body: (await response.json()) as RuleBody };
  };
  const putRule = async (name: string, headers: Record<string, string>, change: (value: never) => unknown) => {
    const { etag, body } = await readRule(name, headers);
    return app.request(`/v1/rules/${name}`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({ value: change(structuredClone(body.value) as never) }),
    });
  };

  const district = async () => {
    const code = uniqueDistrict();
    const admin = await as('admin', { district: code });
    const created = await send('POST', '/v1/facilities', admin, station(code));
    expect(created.status).toBe(201);
    const facility = (await created.json()) as Facility;
    const shelter = await as('shelter', { district: code, facility: facility.id });
    const admitUnidentified = async () => {
      const person = await send('POST', '/v1/persons', admin, registeredPerson(code, { status: 'on_street', identityStatus: 'unidentified', name: undefined, aliases: [], guardians: [], riskFactors: [], healthNotes: undefined, birthYear: 1960 }));
      expect(person.status).toBe(201);
      const personId = ((await person.json()) as { person: { id: string } }).person.id;
      const admitted = await send('POST', '/v1/admissions', shelter, { personId, facilityId: facility.id, at: clock.toISOString(), via: 'escorted_by_patrol' });
      expect(admitted.status).toBe(201);
      return { personId, stayId: ((await admitted.json()) as { id: string }).id };
    };
    const deadline = async (personId: string, name: string) => {
      const response = await app.request(`/v1/persons/${personId}/tracing`, { headers: admin });
      expect(response.status).toBe(200);
      return ((await response.json()) as { deadlines: Deadline[] }).deadlines.find((entry) => entry.name === name) as Deadline;
    };
    return { code, admin, facility, admitUnidentified, deadline };
  };
  const setClock = (at: string) => {
    clock = new Date(at);
  };
  return { ...harness, system, readRule, putRule, district, setClock, now: () => clock };
}

describe('the rule book: a national value, then a district override', () => {
  it('reads a district’s override first, then the national value the system role set, then the default', async () => {
    const h = await setup('2026-12-01T02:00:00Z');
    const [own, other] = [await h.district(), await h.district()];
    // The system role shortens the national notice deadline; one district office shortens it further for its district.
    const national = await h.putRule('tracing.caseClock', h.system, (clock: { noticeWithinHours: number }) => ({ ...clock, noticeWithinHours: 20 }));
    expect(national.status).toBe(200);
    expect(await national.json()).toMatchObject({ origin: 'national', layer: { version: expect.any(Number) } });
    const override = await h.putRule('tracing.caseClock', own.admin, (clock: { noticeWithinHours: number }) => ({ ...clock, noticeWithinHours: 12 }));
    expect(override.status).toBe(200);
    expect(await override.json()).toMatchObject({ origin: 'district', district: own.code, layer: { district: own.code, version: 1 } });

    const mine = await own.admitUnidentified();
    const theirs = await other.admitUnidentified();
    expect((await own.deadline(mine.personId, 'notice')).dueAt).toBe('2026-12-01T14:00:00.000Z');
    expect((await other.deadline(theirs.personId, 'notice')).dueAt).toBe('2026-12-01T22:00:00.000Z');
    // Each caller sees where the value in force comes from, and the layer its PUT writes.
    expect((await h.readRule('tracing.caseClock', own.admin)).body).toMatchObject({ origin: 'district', value: { noticeWithinHours: 12 }, layer: { district: own.code, version: 1 } });
    expect((await h.readRule('tracing.caseClock', other.admin)).body).toMatchObject({ origin: 'national', value: { noticeWithinHours: 20 }, layer: { district: other.code, version: 0 } });
    // The change is audited with its layer.
    const audit = (await (await h.app.request('/v1/audit?subjectId=tracing.caseClock', { headers: own.admin })).json()) as { items: { action: string; role: string; reason?: string }[] };
    expect(audit.items).toContainEqual(expect.objectContaining({ action: 'rule.change', role: 'admin', reason: `district ${own.code} version 1` }));
  });

  it('lets only the system role change a national rule or a national value, each refusal with its reason', async () => {
    const h = await setup('2026-12-01T02:00:00Z');
    const own = await h.district();
    const calendar = await h.putRule('calendar.arrangements', own.admin, (years: unknown[]) => years);
    expect(calendar.status).toBe(403);
    expect(await calendar.json()).toMatchObject({ reason: 'national_rule' });
    const matching = await h.putRule('matching', own.admin, (value: unknown) => value);
    expect(matching.status).toBe(403);
    const nowhere = await h.putRule('followUps', await h.as('admin'), (value: unknown) => value);
    expect(nowhere.status).toBe(403);
    expect(await nowhere.json()).toMatchObject({ reason: 'no_district' });
    const tracer = await h.as('tracer', { district: own.code });
    const asTracer = await h.app.request('/v1/rules/followUps', { method: 'PUT', headers: { ...tracer, 'content-type': 'application/json', 'if-match': '"v0"' }, body: JSON.stringify({ value: {} }) });
    expect(asTracer.status).toBe(403);
  });

  it('refuses through the API a notice deadline over 24 hours and a DNA request over 7 working days, naming the field', async () => {
    const h = await setup('2026-12-01T02:00:00Z');
    const own = await h.district();
    for (const [field, value] of [['noticeWithinHours', 48], ['dnaRequestWorkingDays', 10]] as const) {
      const refused = await h.putRule('tracing.caseClock', own.admin, (clock: Record<string, number>) => ({ ...clock, [field]: value }));
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([`body.value.${field}`]);
    }
  });
});

describe('the calendar year the State Council has not loaded', () => {
  it('marks 2027 deadlines and their tracing_deadline events provisional until the system role enters the year’s arrangement', async () => {
    const h = await setup('2027-01-04T02:00:00Z');
    const own = await h.district();
    const events = captureEvents(h.db);
    const { personId } = await own.admitUnidentified();
    expect(await own.deadline(personId, 'dna_request')).toMatchObject({ provisional: true });
    const book = ruleBookSource(h.db, 0);
    const sweep = () => runSweep({ db: h.db, rules: outreachRules, now: h.now, districts: [own.code], ruleBook: book }, [tracingDeadlinesJob]);
    // A day later the notice is overdue and the DNA request still due: one event each, the working-day one provisional.
    h.setClock('2027-01-05T03:00:00Z');
    await sweep();
    const sent = () => events.filter((event) => event.kind === 'tracing_deadline' && event.subjectId === personId).map((event) => event.payload as { deadline: string; state: string; provisional: boolean });
    expect(sent()).toContainEqual(expect.objectContaining({ deadline: 'notice', state: 'overdue', provisional: false }));

    // A fixture, not the notice: the year's arrangement as the office would enter it from the State Council's text.
    const arrangement = { year: 2027, source: 'test fixture (not the official notice)', holidays: ['2027-01-01'], workdays: [] };
    const entered = await h.putRule('calendar.arrangements', h.system, (years: { year: number }[]) => [...years.filter((year) => year.year !== 2027), arrangement]);
    expect(entered.status).toBe(200);
    expect(await own.deadline(personId, 'dna_request')).toMatchObject({ provisional: false, dueAt: '2027-01-13T15:59:59.999Z' });
    h.setClock('2027-01-13T03:00:00Z');
    await sweep();
    expect(sent()).toContainEqual(expect.objectContaining({ deadline: 'dna_request', state: 'coming_due', provisional: false }));
  });
});

describe('the sweep reads the rule book', () => {
  it('proposes a placement at the 滞留 stage the district set, not the shipped one', async () => {
    const h = await setup('2026-12-01T02:00:00Z');
    const own = await h.district();
    const home = await h.send('POST', '/v1/facilities', own.admin, station(own.code, { name: '合川区社会福利院', type: 'welfare_home' }));
    expect(home.status).toBe(201);
    const stages = await h.putRule('placement.stages', own.admin, (value: { stranded: { days: number } }) => ({ ...value, stranded: { days: 5 } }));
    expect(stages.status).toBe(200);
    const { stayId } = await own.admitUnidentified();
    const events = captureEvents(h.db);
    // Day 6 in care: past the district's 5 days, short of the shipped 10.
    h.setClock('2026-12-07T02:00:00Z');
    await runSweep({ db: h.db, rules: outreachRules, now: h.now, districts: [own.code], ruleBook: ruleBookSource(h.db, 0) }, [expiredOffersJob, careStagesJob]);
    expect(events.filter((event) => event.kind === 'placement_proposed').map((event) => event.payload['stage'])).toEqual(['stranded']);
    const stay = (await h.db.doc.send(new GetCommand({ TableName: h.db.tableName, Key: keys.stay(stayId), ConsistentRead: true }))).Item?.['stay'] as { stages?: Record<string, unknown> };
    expect(stay.stages).toHaveProperty('stranded');
  });
});

describe('the matching function reads the rule book', () => {
  it('scores a new pair with the weights the system role set, not the shipped ones', async () => {
    const h = await setup('2026-11-28T04:00:00Z');
    const own = await h.district();
    const familyDistrict = uniqueDistrict();
    const familyTracer = await h.as('tracer', { district: familyDistrict });
    const tracer = await h.as('tracer', { district: own.code });
    const shelter = await h.as('shelter', { district: own.code, facility: own.facility.id });
    const stream = { db: h.db, rules: outreachRules, now: h.now, ruleBook: ruleBookSource(h.db, 0) };
    const streamed = async (key: { pk: string; sk: string }) => {
      const item = (await h.db.doc.send(new GetCommand({ TableName: h.db.tableName, Key: key, ConsistentRead: true }))).Item as Record<string, unknown>;
      await matchFromStream(stream, [{ eventName: 'INSERT', dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) } }]);
    };
    /** A family's report and an unidentified person who fits it, each matched as the stream would; the person's candidates. */
    const pair = async () => {
      const report = await h.send('POST', '/v1/missing-reports', familyTracer, {
        name: '王晓明', aliases: [], sex: 'male', birthYear: 1956, heightCm: 166, dialect: '四川话', homeRegion: { province: '四川省', city: '成都市', county: '金牛区' },
        marks: '左手背烫伤疤痕', lastSeen: { at: '2026-11-10T08:00:00+08:00', place: '成都市金牛区茶店子公交站' }, clothing: '蓝色棉袄',
        reporter: { name: '王芳', relation: '女儿', phone: '13812345678' },
      });
      expect(report.status).toBe(201);
      await streamed(keys.missingReport(((await report.json()) as { id: string }).id));
      const person = await h.send('POST', '/v1/persons', own.admin, {
        sex: 'male', estimatedAge: 70, estimatedAt: '2026-11-20', heightCm: 165, dialect: '四川口音', marks: '左手背有烫伤疤痕，右耳垂有痣', clothing: '蓝色棉袄，黑色布鞋',
        riskFactors: ['dementia'], status: 'on_street', identityStatus: 'unidentified', registrationSource: 'patrol', district: own.code,
      });
      const personId = ((await person.json()) as { person: { id: string } }).person.id;
      expect((await h.send('POST', '/v1/admissions', shelter, { personId, facilityId: own.facility.id, at: '2026-11-20T02:00:00Z', via: 'escorted_by_patrol', bedSex: 'male' })).status).toBe(201);
      await streamed(keys.person(personId));
      const matches = await h.app.request(`/v1/persons/${personId}/matches`, { headers: tracer });
      return ((await matches.json()) as { candidates: { score: number }[] }).candidates;
    };
    const [shipped] = await pair();
    expect(shipped?.score).toBeGreaterThan(outreachRules.matching.threshold);
    // Unrelated records are rarer than the shipped prior says: the same evidence scores lower.
    const changed = await h.putRule('matching', h.system, (matching: { priorLogOdds: number }) => ({ ...matching, priorLogOdds: matching.priorLogOdds - 2 }));
    expect(changed.status).toBe(200);
    const [rescored] = await pair();
    expect(rescored?.score ?? 0).toBeLessThan(shipped?.score ?? 0);
  });
});
