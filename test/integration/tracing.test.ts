import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
// The app first: it extends zod with OpenAPI metadata before any domain schema is built.
import { testApp, uniqueDistrict } from '../support/app.js';
import type { Facility } from '../../shared/domain/facility.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { officialCalendar } from '../../shared/rules/calendar.js';
import type { DomainEvent } from '../../shared/events/events.js';
import { captureEvents } from '../support/events.js';
import { runSweep } from '../../shared/sweep/sweep.js';
import { tracingDeadlinesJob } from '../../shared/sweep/tracing-jobs.js';
import { station } from '../support/facilities.js';
import { makeIdNumber, registeredPerson } from '../support/persons.js';

type Deadline = { name: string; kind: string; dueAt?: string; state: string; doneAt?: string; provisional: boolean; rule: string };
type TracingCase = {
  personId: string;
  status: string;
  stage: string;
  openedAt: string;
  identifiedAt?: string;
  closeReason?: string;
  deadlines: Deadline[];
  timeline: { kind: string; at: string; details?: Record<string, string> }[];
  version: number;
};
type Row = { personId: string; stage: string; nearestDueAt?: string; overdue: boolean };

/** A district with a station and its staff, on a clock the test moves. */
async function setup(start: string) {
  let clock = new Date(start);
  const harness = await testApp({ now: () => clock });
  const { app, send, as, db } = harness;
  const district = uniqueDistrict();
  const admin = await as('admin', { district });
  const created = await send('POST', '/v1/facilities', admin, station(district));
  expect(created.status).toBe(201);
  const facility = (await created.json()) as Facility;
  const shelter = await as('shelter', { district, facility: facility.id });
  const tracer = await as('tracer', { district });

  const register = async (overrides: Record<string, unknown> = {}) => {
    const body = registeredPerson(district, { status: 'on_street', identityStatus: 'unidentified', name: undefined, aliases: [], guardians: [], riskFactors: [], healthNotes: undefined, ...overrides });
    const response = await send('POST', '/v1/persons', admin, body);
    expect(response.status).toBe(201);
    return ((await response.json()) as { person: { id: string } }).person.id;
  };
  const admit = async (personId: string, at = clock.toISOString()) => {
    const response = await send('POST', '/v1/admissions', shelter, { personId, facilityId: facility.id, at, via: 'escorted_by_patrol' });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string };
  };
  const get = async <T>(path: string, headers: Record<string, string> = tracer) => {
    const response = await app.request(path, { headers });
    return { status: response.status, body: (await response.json()) as T };
  };
  const caseOf = async (personId: string, headers: Record<string, string> = tracer) => {
    const { status, body } = await get<TracingCase>(`/v1/persons/${personId}/tracing`, headers);
    expect(status).toBe(200);
    return body;
  };
  const step = (personId: string, body: unknown, headers: Record<string, string> = tracer, key: string | null = randomUUID()) =>
    send('POST', `/v1/persons/${personId}/tracing/events`, headers, body, key);
  const deadline = (tracing: TracingCase, name: string) => tracing.deadlines.find((entry) => entry.name === name) as Deadline;
  const setClock = (at: string) => {
    clock = new Date(at);
  };
  const sweep = () => runSweep({ db, rules: outreachRules, calendar: officialCalendar, now: () => clock, districts: [district] }, [tracingDeadlinesJob]);
  return { ...harness, district, admin, facility, shelter, tracer, register, admit, get, caseOf, step, deadline, setClock, sweep };
}

/** The tracing_deadline events among those written, as (deadline, state, dueAt). */
const deadlineEvents = (events: DomainEvent[], personId: string) =>
  events
    .filter((event) => event.kind === 'tracing_deadline' && event.subjectId === personId)
    .map((event) => event.payload as { deadline: string; state: string; dueAt: string })
    .map(({ deadline, state, dueAt }) => `${deadline}:${state}:${dueAt}`)
    .sort();

describe('the tracing case clock', () => {
  it('opens with an unidentified admission, with every deadline from the rules, across the 2026 Spring Festival and its swapped working weekends', async () => {
    // Thursday 12 February 2026, 10:00 CST; the Spring Festival holiday runs 15–23 February, Saturdays 14 and 28 are working days.
    const { register, admit, caseOf, deadline } = await setup('2026-02-12T02:00:00Z');
    const personId = await register();
    await admit(personId);
    const tracing = await caseOf(personId);
    expect(tracing).toMatchObject({ personId, status: 'open', stage: 'intake', openedAt: '2026-02-12T02:00:00.000Z' });
    expect(deadline(tracing, 'notice')).toMatchObject({ state: 'due', dueAt: '2026-02-13T02:00:00.000Z', rule: expect.stringContaining('rule 3') });
    // Working days after the 12th: Fri 13, Sat 14 (swapped), then Tue 24 to Fri 27, Sat 28 (swapped): the 7th is the 28th.
    expect(deadline(tracing, 'dna_request')).toMatchObject({ state: 'due', dueAt: '2026-02-28T15:59:59.999Z', provisional: false });
    expect(deadline(tracing, 'dna_sampling')).toMatchObject({ state: 'waiting' });
    expect(deadline(tracing, 'dna_sampling').dueAt).toBeUndefined();
    expect(deadline(tracing, 'notice_refresh')).toMatchObject({ state: 'due', dueAt: '2026-03-12T15:59:59.999Z' });
    expect(deadline(tracing, 'stranded')).toMatchObject({ kind: 'milestone', state: 'due', dueAt: '2026-02-22T02:00:00.000Z' });
    expect(deadline(tracing, 'long_term')).toMatchObject({ kind: 'milestone', state: 'due', dueAt: '2026-05-12T02:00:00.000Z' });
    expect(tracing.timeline.map((entry) => entry.kind)).toEqual(['case_opened']);
  });

  it('marks a deadline in a year whose arrangement is not loaded as provisional', async () => {
    const { register, admit, caseOf, deadline } = await setup('2031-03-03T02:00:00Z');
    const personId = await register();
    await admit(personId);
    expect(deadline(await caseOf(personId), 'dna_request')).toMatchObject({ provisional: true, state: 'due' });
  });

  it('does not open a case for an identified person, and the tracing routes answer 404 for them', async () => {
    const { register, admit, get } = await setup('2026-11-28T02:00:00Z');
    const personId = await register({ identityStatus: 'identified', name: '李建国' });
    await admit(personId);
    expect((await get(`/v1/persons/${personId}/tracing`)).status).toBe(404);
  });

  it('opens a case when a resident becomes unidentified (not who they said): a fresh 24-hour notice deadline from that moment', async () => {
    const { register, admit, get, send, admin, caseOf, deadline, setClock } = await setup('2026-11-20T02:00:00Z');
    const personId = await register({ identityStatus: 'identified', name: '李建国' });
    await admit(personId);
    setClock('2026-11-25T06:00:00Z');
    const { body: person } = await get<{ version: number }>(`/v1/persons/${personId}`, admin);
    const patched = await send('PATCH', `/v1/persons/${personId}`, { ...admin, 'if-match': `"v${person.version}"` }, { identityStatus: 'unidentified' }, null);
    expect(patched.status).toBe(200);
    const tracing = await caseOf(personId);
    expect(tracing).toMatchObject({ status: 'open', openedAt: '2026-11-25T06:00:00.000Z' });
    expect(deadline(tracing, 'notice')).toMatchObject({ state: 'due', dueAt: '2026-11-26T06:00:00.000Z' });
  });

  it('completes deadlines with the steps that satisfy them; overdue ones say so; a replay records once', async () => {
    const { register, admit, caseOf, step, deadline, setClock } = await setup('2026-11-02T02:00:00Z');
    const personId = await register();
    await admit(personId);
    setClock('2026-11-03T05:00:00Z');
    let tracing = await caseOf(personId);
    expect(deadline(tracing, 'notice').state).toBe('overdue');

    const key = randomUUID();
    const published = await step(personId, { kind: 'notice_published', channel: 'national_tracing_site', url: 'https://www.zgszrx.org.cn/notice/1' }, undefined, key);
    expect(published.status).toBe(201);
    expect((await step(personId, { kind: 'notice_published', channel: 'national_tracing_site', url: 'https://www.zgszrx.org.cn/notice/1' }, undefined, key)).status).toBe(201);
    tracing = await caseOf(personId);
    expect(deadline(tracing, 'notice')).toMatchObject({ state: 'done', doneAt: '2026-11-03T05:00:00.000Z' });
    expect(tracing.timeline.filter((entry) => entry.kind === 'notice_published')).toHaveLength(1);
    // The refresh runs a month from the later of intake and the last notice.
    expect(deadline(tracing, 'notice_refresh').dueAt).toBe('2026-12-03T15:59:59.999Z');

    expect((await step(personId, { kind: 'dna_sampled' })).status).toBe(409);
    expect((await step(personId, { kind: 'dna_requested', at: '2026-11-03T04:00:00+08:00' })).status).toBe(201);
    tracing = await caseOf(personId);
    expect(deadline(tracing, 'dna_request')).toMatchObject({ state: 'done', doneAt: '2026-11-02T20:00:00.000Z' });
    expect(deadline(tracing, 'dna_sampling')).toMatchObject({ state: 'due', dueAt: '2026-12-03T15:59:59.999Z' });
    expect((await step(personId, { kind: 'dna_sampled' })).status).toBe(201);
    expect(deadline(await caseOf(personId), 'dna_sampling').state).toBe('done');
  });

  it('refuses a step before the case opened, in the future, or malformed, naming the field, and changes nothing', async () => {
    const { register, admit, caseOf, step } = await setup('2026-11-02T02:00:00Z');
    const personId = await register();
    await admit(personId);
    const before = await caseOf(personId);
    const early = await step(personId, { kind: 'note', text: '早于入站', at: '2026-11-01T00:00:00Z' });
    expect(early.status).toBe(400);
    expect(((await early.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('body.at');
    expect((await step(personId, { kind: 'note', text: '未来', at: '2026-12-01T00:00:00Z' })).status).toBe(400);
    const unknown = await step(personId, { kind: 'notice_published', channel: 'carrier_pigeon' });
    expect(unknown.status).toBe(400);
    expect((await step(personId, { kind: 'notice_published', channel: 'other', url: 'javascript:alert(1)' })).status).toBe(400);
    expect((await caseOf(personId)).version).toBe(before.version);
  });

  it('identity_confirmed makes the person identified, with the ID number sealed, and voids the open tasks', async () => {
    const { register, admit, caseOf, step, deadline, get, admin } = await setup('2026-11-02T02:00:00Z');
    const personId = await register();
    await admit(personId);
    const idNumber = makeIdNumber('1948-03-04', 11, '510104');
    const confirmed = await step(personId, { kind: 'identity_confirmed', name: '张德明', idNumber, homeRegion: { province: '四川省', city: '成都市' } });
    expect(confirmed.status).toBe(201);
    const tracing = await caseOf(personId);
    expect(tracing.stage).toBe('identified');
    expect(deadline(tracing, 'dna_request').state).toBe('void');
    expect(JSON.stringify(tracing)).not.toContain(idNumber);
    const person = (await get<{ name: string; identityStatus: string; idNumber?: string; birthDate?: string }>(`/v1/persons/${personId}`, admin)).body;
    expect(person).toMatchObject({ name: '张德明', identityStatus: 'identified', idNumber, birthDate: '1948-03-04' });
    expect((await step(personId, { kind: 'dna_requested' })).status).toBe(409);
  });

  it('keeps cases of another district out of reach (404) and patrol out (403)', async () => {
    const { register, admit, step, get, as } = await setup('2026-11-02T02:00:00Z');
    const personId = await register();
    await admit(personId);
    const elsewhere = await as('tracer', { district: uniqueDistrict() });
    expect((await get(`/v1/persons/${personId}/tracing`, elsewhere)).status).toBe(404);
    expect((await step(personId, { kind: 'note', text: '越权' }, elsewhere)).status).toBe(404);
    expect((await get(`/v1/persons/${personId}/tracing`, await as('patrol', { district: uniqueDistrict() }))).status).toBe(403);
  });

  it('closes the case when the person leaves care, and opens a new cycle when they come back unidentified', async () => {
    const { register, admit, caseOf, send, shelter, setClock } = await setup('2026-11-02T02:00:00Z');
    const personId = await register();
    const stay = await admit(personId);
    setClock('2026-11-04T02:00:00Z');
    const left = await send('POST', `/v1/stays/${stay.id}/discharge`, shelter, { reason: 'left_without_formalities', at: '2026-11-04T01:00:00Z' }, null);
    expect(left.status).toBe(200);
    expect(await caseOf(personId)).toMatchObject({ status: 'closed', stage: 'closed', closeReason: 'left_care' });
    setClock('2026-11-10T02:00:00Z');
    await admit(personId);
    const again = (await caseOf(personId)) as TracingCase & { cycle: number };
    expect(again).toMatchObject({ status: 'open', cycle: 2, openedAt: '2026-11-10T02:00:00.000Z' });
  });
});

describe('GET /v1/tracing/cases', () => {
  it('lists the district’s open cases by nearest deadline, overdue first, with due and stage filters, in one index query', async () => {
    const { register, admit, get, setClock, step, requests } = await setup('2026-10-01T02:00:00Z');
    const old = await register();
    await admit(old);
    setClock('2026-11-20T02:00:00Z');
    const recent = await register();
    await admit(recent);
    const published = await register();
    await admit(published);
    setClock('2026-11-20T03:00:00Z');
    expect((await step(published, { kind: 'notice_published', channel: 'police' })).status).toBe(201);
    setClock('2026-11-22T02:00:00Z');

    requests.reset();
    const all = await get<{ items: Row[] }>('/v1/tracing/cases');
    expect(all.status).toBe(200);
    // The old case owes its notice since 2 October (overdue); the recent one its notice since the 21st; the published one a DNA request.
    expect(all.body.items.map((row) => row.personId)).toEqual([old, recent, published]);
    expect(all.body.items[0]).toMatchObject({ stage: 'stranded', overdue: true });
    expect(requests.byCommand()).toMatchObject({ Query: 1 });

    const stranded = await get<{ items: Row[] }>('/v1/tracing/cases?stage=stranded');
    expect(stranded.body.items.map((row) => row.personId)).toEqual([old]);
    const intake = await get<{ items: Row[] }>('/v1/tracing/cases?stage=intake');
    expect(intake.body.items.map((row) => row.personId)).toEqual([recent, published]);
    const dueSoon = await get<{ items: Row[] }>('/v1/tracing/cases?due=before:2026-10-05');
    expect(dueSoon.body.items.map((row) => row.personId)).toEqual([old]);
    expect((await get('/v1/tracing/cases?due=2026-10-05')).status).toBe(400);
  });
});

describe('the hourly sweep on tracing deadlines', () => {
  it('sends one tracing_deadline event per deadline and state, never twice over repeated runs', async () => {
    const { db, register, admit, setClock, sweep, step } = await setup('2026-11-02T02:00:00Z');
    const events = captureEvents(db);
    const personId = await register();
    await admit(personId);
    // Nothing is within a day yet... except the notice, due in 24 hours: its warning is owed at once.
    await sweep();
    await sweep();
    expect(deadlineEvents(events, personId)).toEqual(['notice:coming_due:2026-11-03T02:00:00.000Z']);

    setClock('2026-11-03T03:00:00Z');
    await sweep();
    await sweep();
    expect(deadlineEvents(events, personId)).toEqual(['notice:coming_due:2026-11-03T02:00:00.000Z', 'notice:overdue:2026-11-03T02:00:00.000Z']);

    // Published late; then the clock runs on past the stranded stage (more than 10 days in care) and the DNA request (11 November).
    expect((await step(personId, { kind: 'notice_published', channel: 'national_tracing_site' })).status).toBe(201);
    setClock('2026-11-12T03:00:00Z');
    const report = await sweep();
    await sweep();
    const sent = deadlineEvents(events, personId);
    // The DNA request: found overdue at once (no late warning); the stage reached.
    expect(sent).toEqual([
      'dna_request:overdue:2026-11-11T15:59:59.999Z',
      'notice:coming_due:2026-11-03T02:00:00.000Z',
      'notice:overdue:2026-11-03T02:00:00.000Z',
      'stranded:reached:2026-11-12T02:00:00.000Z',
    ]);
    expect(report.jobs['tracing-deadlines']).toMatchObject({ alerts: 2 });
  });

  it('two sweeps racing send each alert once', async () => {
    const { db, register, admit, setClock, sweep } = await setup('2026-11-02T02:00:00Z');
    const events = captureEvents(db);
    const personId = await register();
    await admit(personId);
    setClock('2026-11-03T03:00:00Z');
    await Promise.allSettled([sweep(), sweep(), sweep()]);
    await sweep();
    expect(deadlineEvents(events, personId)).toEqual(['notice:overdue:2026-11-03T02:00:00.000Z']);
  });

  it('reads its work from the index, not the table', async () => {
    const { db, register, admit, district } = await setup('2026-11-02T02:00:00Z');
    const personId = await register();
    await admit(personId);
    const due = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'GSI3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': `TRACING_ALERTS#${district}` },
      }),
    );
    // The notice's warning window opens at once: the case is due for a look now.
    expect(due.Items?.map((item) => String(item['gsi3sk']))).toEqual([`2026-11-02T02:00:00.000Z#${personId}`]);
  });
});

describe('POST /v1/persons/{id}/reunion', () => {
  it('ends the stay, closes the case, sets the person reunited and tells the district, in one transaction; a repeat returns it', async () => {
    const { register, admit, caseOf, send, tracer, get, admin, facility, shelter, setClock } = await setup('2026-11-02T02:00:00Z');
    const personId = await register();
    const stay = await admit(personId);
    setClock('2026-11-05T02:00:00Z');
    const body = { method: 'family_pickup', relative: { name: '王芳', relation: '女儿', verification: { document: 'resident_id_card', last4: '0026', checkedAt: '2026-11-05T00:30:00Z' } }, at: '2026-11-05T01:00:00Z' };
    const response = await send('POST', `/v1/persons/${personId}/reunion`, tracer, body, null);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ personId, status: 'reunited', stayId: stay.id, closedReportIds: [] });
    expect((await send('POST', `/v1/persons/${personId}/reunion`, tracer, body, null)).status).toBe(200);
    expect(await caseOf(personId)).toMatchObject({ status: 'closed', closeReason: 'reunited' });
    expect((await get<{ status: string }>(`/v1/persons/${personId}`, admin)).body.status).toBe('reunited');
    const occupancy = (await get<{ beds: { male: { taken: number } } }>(`/v1/facilities/${facility.id}/occupancy`, shelter)).body;
    expect(occupancy.beds.male.taken).toBe(0);
    // The office's monthly report counts it.
    const report = (await get<{ reunions: { total: number; source: string } }>('/v1/reports/monthly?month=2026-11', admin)).body;
    expect(report.reunions).toMatchObject({ total: 1, source: 'tracing_cases' });
  });

  it('rule 9: releases a possible under-16 only to a relative whose ID was checked (422 naming the rule), and changes nothing', async () => {
    const { register, admit, caseOf, send, tracer, setClock } = await setup('2026-11-02T02:00:00Z');
    const personId = await register({ birthYear: undefined, estimatedAge: 13, estimatedAt: '2026-11-01', riskFactors: ['minor_in_difficulty'] });
    await admit(personId);
    setClock('2026-11-05T02:00:00Z');
    const refused = await send('POST', `/v1/persons/${personId}/reunion`, tracer, { method: 'family_pickup', relative: { name: '某某', relation: '叔叔' }, at: '2026-11-05T01:00:00Z' }, null);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ rule: 'rule 9', errors: [{ path: 'body.relative.verification' }] });
    expect((await caseOf(personId)).status).toBe('open');
  });

  it('keeps another district’s tracer out (404)', async () => {
    const { register, admit, send, as, setClock } = await setup('2026-11-02T02:00:00Z');
    const personId = await register();
    await admit(personId);
    setClock('2026-11-02T04:00:00Z');
    const elsewhere = await as('tracer', { district: uniqueDistrict() });
    const response = await send('POST', `/v1/persons/${personId}/reunion`, elsewhere, { method: 'self_return', relative: { name: '王芳', relation: '女儿', verification: { document: 'resident_id_card', last4: '0026', checkedAt: '2026-11-02T02:30:00Z' } }, at: '2026-11-02T03:00:00Z' }, null);
    expect(response.status).toBe(404);
  });
});

describe('GET /v1/persons/{id}/notice', () => {
  it('carries exactly the notice fields: every other field of a fully filled person stays out, in JSON and in the printable page', async () => {
    const { register, admit, get, app, tracer } = await setup('2026-11-02T02:00:00Z');
    const idNumber = makeIdNumber('1948-05-06', 13);
    const full = {
      name: '赵德胜', aliases: ['老赵'], sex: 'male', birthYear: 1948, idNumber, heightCm: 171, build: '偏瘦', marks: '左眉有疤',
      clothing: '军绿色大衣<script>alert(1)</script>', dialect: '河南口音', homeRegion: { province: '河南省', city: '周口市', county: '项城市' },
      riskFactors: ['dementia', 'elderly_alone'], healthNotes: '阿尔茨海默病中期，高血压', guardians: [{ name: '赵建国', relation: '儿子', phone: '13712345678' }],
      identityStatus: 'unidentified', lastSurveyAt: '2026-06-01',
    };
    const personId = await register(full);
    await admit(personId);
    const { status, body } = await get<Record<string, unknown>>(`/v1/persons/${personId}/notice`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['apparentAge', 'clothing', 'found', 'heightCm', 'issuedAt', 'personId', 'sex', 'station'].sort());
    expect(body).toMatchObject({ sex: 'male', heightCm: 171, apparentAge: { min: 78, max: 78 }, station: { name: '合川区救助管理站' } });
    const html = await (await app.request(`/v1/persons/${personId}/notice?format=html`, { headers: tracer })).text();
    expect(html).toContain('寻亲公告');
    expect(html).toContain('约171厘米');
    expect(html).not.toContain('<script>alert(1)');
    // Every value that is not a notice field, swept through both forms.
    const secrets = ['赵德胜', '老赵', idNumber, '偏瘦', '左眉有疤', '河南', '周口', '项城', 'dementia', 'elderly_alone', '阿尔茨海默', '高血压', '赵建国', '13712345678', '2026-06-01'];
    for (const secret of secrets) {
      expect(JSON.stringify(body), secret).not.toContain(secret);
      expect(html, secret).not.toContain(secret);
    }
  });

  it('is only for the case’s district', async () => {
    const { register, admit, get, as } = await setup('2026-11-02T02:00:00Z');
    const personId = await register();
    await admit(personId);
    expect((await get(`/v1/persons/${personId}/notice`, await as('tracer', { district: uniqueDistrict() }))).status).toBe(404);
  });
});
