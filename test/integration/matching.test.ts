import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../shared/events/events.js';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
// The app first: it extends zod with OpenAPI metadata before any domain schema is built.
import { testApp, uniqueDistrict } from '../support/app.js';
import type { Facility } from '../../shared/domain/facility.js';
import { blockingEntries, reportProfile } from '../../shared/domain/matching.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { matchFromStream } from '../../shared/services/matching.js';
import type { Db } from '../../shared/store/client.js';
import { keys } from '../../shared/store/keys.js';
import { fromReportItem } from '../../shared/store/missing-reports.js';
import { station } from '../support/facilities.js';
import { captureEvents } from '../support/events.js';

type Candidate = { personId?: string; reportId?: string; registeredPersonId?: string; score: number; personEtag?: string; reportEtag?: string; proposal?: { side: string }; flagged?: string; reasons: { field: string; state: string; weight: number; reason: string }[] };
type Report = { id: string; status: string; version: number; closed?: { reason: string; personId?: string } };

const now = new Date('2026-11-28T04:00:00Z');

/**
 * What the stream does after a write: the record's item, before and after, handed to the matching
 * consumer (the matching Lambda in the cloud, the stream poller under `npm start`).
 */
async function streamed(db: Db, key: { pk: string; sk: string }, before?: Record<string, unknown>) {
  const item = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: true }))).Item as Record<string, unknown>;
  await matchFromStream({ db, rules: outreachRules, now: () => now }, [
    { eventName: before ? 'MODIFY' : 'INSERT', dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }), ...(before ? { OldImage: marshall(before, { removeUndefinedValues: true }) } : {}) } },
  ]);
  return item;
}

/** A 重庆 station (合川区-like district) with a tracer, and a 四川 district where families file reports. */
async function setup() {
  const harness = await testApp({ now: () => now });
  const { send, as, app, db } = harness;
  const district = uniqueDistrict();
  // Another province: the far side of a match.
  const familyDistrict = uniqueDistrict(district);
  const admin = await as('admin', { district });
  const tracer = await as('tracer', { district });
  const familyTracer = await as('tracer', { district: familyDistrict });
  const facility = (await (await send('POST', '/v1/facilities', admin, station(district))).json()) as Facility;
  const shelter = await as('shelter', { district, facility: facility.id });

  /** An unidentified person found and admitted; matching runs as the stream would. */
  const found = async (overrides: Record<string, unknown> = {}) => {
    const body = {
      sex: 'male', estimatedAge: 70, estimatedAt: '2026-11-20', heightCm: 165, dialect: '四川口音', marks: '左手背有烫伤疤痕，右耳垂有痣', clothing: '蓝色棉袄，黑色布鞋',
      riskFactors: ['dementia'], status: 'on_street', identityStatus: 'unidentified', registrationSource: 'patrol', district, ...overrides,
    };
    const response = await send('POST', '/v1/persons', admin, body);
    expect(response.status).toBe(201);
    const personId = ((await response.json()) as { person: { id: string } }).person.id;
    const wing = body.sex === 'female' ? {} : { bedSex: 'male' };
    expect((await send('POST', '/v1/admissions', shelter, { personId, facilityId: facility.id, at: '2026-11-20T02:00:00Z', via: 'escorted_by_patrol', ...wing })).status).toBe(201);
    await streamed(db, keys.person(personId));
    return personId;
  };
  // Reports are national, and the table is shared with the other tests: lists are read for this test's reports.
  const mine = new Set<string>();
  /** A family's report filed in 四川; matching runs as the stream would. */
  const reported = async (overrides: Record<string, unknown> = {}) => {
    const body = {
      name: '王晓明', aliases: [], sex: 'male', birthYear: 1956, heightCm: 166, dialect: '四川话', homeRegion: { province: '四川省', city: '成都市', county: '金牛区' },
      marks: '左手背烫伤疤痕', conditions: ['dementia'], lastSeen: { at: '2026-11-10T08:00:00+08:00', place: '成都市金牛区茶店子公交站' }, clothing: '蓝色棉袄',
      reporter: { name: '王芳', relation: '女儿', phone: '13812345678' }, ...overrides,
    };
    const response = await send('POST', '/v1/missing-reports', familyTracer, body);
    expect(response.status).toBe(201);
    const report = (await response.json()) as Report;
    await streamed(db, keys.missingReport(report.id));
    mine.add(report.id);
    return report.id;
  };
  const get = async <T>(path: string, headers: Record<string, string> = tracer) => {
    const response = await app.request(path, { headers });
    return { status: response.status, body: (await response.json()) as T };
  };
  const matchesOf = async (personId: string) =>
    (await get<{ candidates: Candidate[] }>(`/v1/persons/${personId}/matches`)).body.candidates.filter((candidate) => !candidate.reportId || mine.has(candidate.reportId));
  const decide = (personId: string, reportId: string, decision: string, headers: Record<string, string> = tracer, extra: Record<string, unknown> = {}) =>
    send('POST', `/v1/matches/${personId}/${reportId}/decision`, headers, { decision, note: '核对照片与体貌特征', ...extra }, null);
  /** The pair as the report's side lists it (with the ETags to send back). */
  const reportSide = async (reportId: string, personId: string, headers: Record<string, string> = familyTracer) =>
    (await get<{ candidates: Candidate[] }>(`/v1/missing-reports/${reportId}/matches`, headers)).body.candidates.find((candidate) => candidate.personId === personId);
  return { ...harness, district, familyDistrict, admin, tracer, familyTracer, shelter, facility, found, reported, get, matchesOf, decide, reportSide };
}

describe('missing-person reports', () => {
  it('are filed once per key, read, listed by filing district and by where the person was last seen, changed with If-Match and closed', async () => {
    const { send, familyTracer, tracer, get, district, familyDistrict } = await setup();
    const body = {
      name: '李秀英', sex: 'female', ageAtDisappearance: 15, lastSeen: { at: '2026-11-01T18:00:00+08:00', place: '合川区南津街', district },
      reporter: { name: '李强', relation: '父亲', phone: '13912345678' },
    };
    const key = randomUUID();
    const first = await send('POST', '/v1/missing-reports', familyTracer, body, key);
    expect(first.status).toBe(201);
    const again = await send('POST', '/v1/missing-reports', familyTracer, body, key);
    const report = (await first.json()) as Report;
    expect(((await again.json()) as Report).id).toBe(report.id);
    expect(report).toMatchObject({ status: 'open', version: 1 });

    const filed = await get<{ items: { id: string }[] }>('/v1/missing-reports', familyTracer);
    expect(filed.body.items.map((row) => row.id)).toEqual([report.id]);
    // Last seen in the station's district: its tracers see it too.
    const seen = await get<{ items: { id: string }[] }>('/v1/missing-reports?listing=seen');
    expect(seen.body.items.map((row) => row.id)).toEqual([report.id]);
    expect((await get(`/v1/missing-reports/${report.id}`)).status).toBe(200);
    expect(familyDistrict).not.toBe(district);

    const stale = await send('PATCH', `/v1/missing-reports/${report.id}`, { ...familyTracer, 'if-match': '"v9"' }, { heightCm: 150 }, null);
    expect(stale.status).toBe(412);
    const changed = await send('PATCH', `/v1/missing-reports/${report.id}`, { ...familyTracer, 'if-match': '"v1"' }, { heightCm: 150, marks: null }, null);
    expect(changed.status).toBe(200);
    expect((await changed.json()) as Report).toMatchObject({ version: 2 });
    // Only the filing district changes it.
    expect((await send('PATCH', `/v1/missing-reports/${report.id}`, { ...tracer, 'if-match': '"v2"' }, { heightCm: 151 }, null)).status).toBe(403);

    const closed = await send('POST', `/v1/missing-reports/${report.id}/close`, familyTracer, { reason: 'withdrawn' }, null);
    expect(closed.status).toBe(200);
    expect((await closed.json()) as Report).toMatchObject({ status: 'closed', closed: { reason: 'withdrawn' } });
  });

  it('refuse bad input naming the field, and keep other districts out (404) and patrol out (403)', async () => {
    const { send, familyTracer, get, as } = await setup();
    const bad = await send('POST', '/v1/missing-reports', familyTracer, { name: '张三', sex: 'male', lastSeen: { at: '2999-01-01T00:00:00Z', place: '某地' }, reporter: { name: '张四', relation: '兄', phone: '123' } });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as { errors: { path: string }[] }).errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['body.reporter.phone']));
    const ok = await send('POST', '/v1/missing-reports', familyTracer, {
      name: '张三', sex: 'male', lastSeen: { at: '2026-11-01T00:00:00Z', place: '某地' }, reporter: { name: '张四', relation: '兄', phone: '13812345678' },
    });
    const report = (await ok.json()) as Report;
    expect((await get(`/v1/missing-reports/${report.id}`, await as('tracer', { district: uniqueDistrict() }))).status).toBe(404);
    expect((await get('/v1/missing-reports', await as('patrol', { district: uniqueDistrict() }))).status).toBe(403);
  });
  it('read "the future" on the injected clock, not the wall clock: a date after now is refused naming the field, on filing and on a change', async () => {
    const { send, familyTracer } = await setup();
    // `now` is 2026-11-28 12:00 CST: the 2nd of December has not come yet, whatever the machine's clock says.
    const body = { name: '张三', sex: 'male', lastSeen: { at: '2026-11-01T00:00:00Z', place: '某地' }, reporter: { name: '张四', relation: '兄', phone: '13812345678' } };
    const future = await send('POST', '/v1/missing-reports', familyTracer, { ...body, birthDate: '2026-12-02', lastSeen: { at: '2026-12-02T00:00:00Z', place: '某地' } });
    expect(future.status).toBe(400);
    const paths = ((await future.json()) as { errors: { path: string }[] }).errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['body.birthDate', 'body.lastSeen.at']));
    const filed = (await (await send('POST', '/v1/missing-reports', familyTracer, body)).json()) as Report;
    const changed = await send('PATCH', `/v1/missing-reports/${filed.id}`, { ...familyTracer, 'if-match': '"v1"' }, { lastSeen: { at: '2026-12-02T00:00:00Z', place: '某地' } }, null);
    expect(changed.status).toBe(400);
    expect(((await changed.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['body.lastSeen.at']);
  });
});

describe('matching', () => {
  it('finds a family’s report for a person found in another province: homophone name, estimated age, height, accent, marks; explainable and absolute', async () => {
    const { found, reported, matchesOf, get } = await setup();
    const personId = await found({ name: '王小明', aliases: [] });
    const reportId = await reported();
    const [best] = await matchesOf(personId);
    expect(best?.reportId).toBe(reportId);
    expect(best?.score).toBeGreaterThan(0.9);
    const byField = Object.fromEntries((best?.reasons ?? []).map((reason) => [reason.field, reason]));
    expect(byField['name']).toMatchObject({ state: 'agree', reason: expect.stringContaining('同音') });
    expect(byField['sex']).toMatchObject({ state: 'agree' });
    expect(byField['height']).toMatchObject({ state: 'agree' });
    expect(byField['dialect']).toMatchObject({ state: 'agree' });
    // Health is never named in a reason.
    expect(JSON.stringify(best?.reasons)).not.toMatch(/dementia|痴呆|阿尔茨海默/);
    // The station's tracer may read the 四川 report because of the match.
    expect((await get(`/v1/missing-reports/${reportId}`)).status).toBe(200);
  });

  it('tells no health data through the reasons: a tracer and the other district read only "其他描述相符"; the person’s own station sees which', async () => {
    const { found, reported, get, familyTracer, admin, shelter } = await setup();
    const personId = await found({ name: '王小明' });
    const reportId = await reported();
    const reasonsFor = (candidates: Candidate[]) => candidates.find((candidate) => candidate.personId === personId || candidate.reportId === reportId)?.reasons ?? [];
    const familySide = reasonsFor((await get<{ candidates: Candidate[] }>(`/v1/missing-reports/${reportId}/matches`, familyTracer)).body.candidates);
    const tracerSide = reasonsFor((await get<{ candidates: Candidate[] }>(`/v1/persons/${personId}/matches`)).body.candidates);
    for (const reasons of [familySide, tracerSide]) {
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.map((reason) => reason.field)).not.toContain('conditions');
      expect(reasons.find((reason) => reason.field === 'other')).toMatchObject({ state: 'agree', reason: '其他描述相符' });
      expect(JSON.stringify(reasons)).not.toMatch(/身心|dementia/);
    }
    for (const staff of [admin, shelter]) {
      const own = reasonsFor((await get<{ candidates: Candidate[] }>(`/v1/persons/${personId}/matches`, staff)).body.candidates);
      expect(own.find((reason) => reason.field === 'conditions')).toMatchObject({ state: 'agree', conditions: ['dementia'] });
    }
  });

  it('matches a person with no name at all, and one whose sex was not recorded', async () => {
    const { found, reported, matchesOf } = await setup();
    const nameless = await found();
    const unknownSex = await found({ sex: 'unknown', marks: '左手背有烫伤疤痕' });
    const reportId = await reported();
    expect((await matchesOf(nameless))[0]?.reportId).toBe(reportId);
    const [candidate] = await matchesOf(unknownSex);
    expect(candidate?.reportId).toBe(reportId);
    expect(candidate?.reasons.find((reason) => reason.field === 'sex')).toMatchObject({ state: 'unknown', weight: 0 });
  });

  it('matches a person found before the report was filed (but after they went missing)', async () => {
    const { found, reported, matchesOf } = await setup();
    const personId = await found({ name: '王晓明' });
    // Filed after the person was registered (now), last seen a week before.
    const reportId = await reported({ lastSeen: { at: '2026-11-13T08:00:00+08:00', place: '成都市' } });
    expect((await matchesOf(personId))[0]?.reportId).toBe(reportId);
  });

  it('a rejected pair stays rejected when nothing material changes, and comes back when the report changes materially', async () => {
    const { db, found, reported, matchesOf, decide, send, familyTracer } = await setup();
    const personId = await found({ name: '王小明' });
    const reportId = await reported();
    expect((await decide(personId, reportId, 'rejected')).status).toBe(200);
    expect((await matchesOf(personId)).map((candidate) => candidate.reportId)).not.toContain(reportId);
    // Re-scored without a material change (the reporter's phone is not evidence): still left out.
    const before = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.missingReport(reportId), ConsistentRead: true }))).Item as Record<string, unknown>;
    const phoneOnly = await send('PATCH', `/v1/missing-reports/${reportId}`, { ...familyTracer, 'if-match': '"v1"' }, { reporter: { name: '王芳', relation: '女儿', phone: '13912345678' } }, null);
    expect(phoneOnly.status).toBe(200);
    await streamed(db, keys.missingReport(reportId), before);
    expect((await matchesOf(personId)).map((candidate) => candidate.reportId)).not.toContain(reportId);
    // A material change (new marks): the pair is shown again, marked as once rejected.
    const before2 = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.missingReport(reportId), ConsistentRead: true }))).Item as Record<string, unknown>;
    const marks = await send('PATCH', `/v1/missing-reports/${reportId}`, { ...familyTracer, 'if-match': '"v2"' }, { marks: '左手背有烫伤疤痕，右耳垂有一颗痣' }, null);
    expect(marks.status).toBe(200);
    await streamed(db, keys.missingReport(reportId), before2);
    const back = (await matchesOf(personId)).find((candidate) => candidate.reportId === reportId);
    expect(back).toMatchObject({ previouslyRejected: true });
  });

  it('a correction of where the person was last seen re-matches: the blocking keys follow the new city', async () => {
    const { db, reported, send, familyTracer, district } = await setup();
    const reportId = await reported();
    const cityKey = `MB#report#C#m#${district.slice(0, 4)}`;
    const entry = () => db.doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: cityKey, sk: `1956#${reportId}` }, ConsistentRead: true }));
    expect((await entry()).Item).toBeUndefined();
    const before = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.missingReport(reportId), ConsistentRead: true }))).Item as Record<string, unknown>;
    const corrected = await send('PATCH', `/v1/missing-reports/${reportId}`, { ...familyTracer, 'if-match': '"v1"' }, { lastSeen: { at: '2026-11-10T08:00:00+08:00', place: '合川区南津街', district } }, null);
    expect(corrected.status).toBe(200);
    await streamed(db, keys.missingReport(reportId), before);
    expect((await entry()).Item).toBeDefined();
  });

  it('a match is confirmed on both sides: the station proposes with the ETags it reviewed, the filing district accepts; then the person is identified, the case records it, the report closes as found and both districts are told', async () => {
    const { db, found, reported, decide, get, familyTracer, admin, matchesOf, reportSide, district, familyDistrict } = await setup();
    const events = captureEvents(db);
    const personId = await found({ name: '王小明' });
    const reportId = await reported();
    const seen = (await matchesOf(personId)).find((candidate) => candidate.reportId === reportId) as Candidate;
    const etags = { personEtag: seen.personEtag, reportEtag: seen.reportEtag };
    const proposed = await decide(personId, reportId, 'confirmed', undefined, etags);
    expect(proposed.status).toBe(200);
    expect((await proposed.json()) as Candidate).toMatchObject({ proposal: { side: 'person' } });
    expect((await get<Report>(`/v1/missing-reports/${reportId}`, familyTracer)).body.status).toBe('open');
    expect(events.filter((event) => event.kind === 'match_proposed').map((event) => event.district)).toEqual([familyDistrict]);
    // The filing district accepts, with the ETags it saw.
    const asFamily = (await reportSide(reportId, personId)) as Candidate;
    expect(asFamily).toMatchObject({ proposal: { side: 'person' }, personEtag: seen.personEtag, reportEtag: seen.reportEtag });
    const confirmed = await decide(personId, reportId, 'confirmed', familyTracer, { personEtag: asFamily.personEtag, reportEtag: asFamily.reportEtag });
    expect(confirmed.status).toBe(200);
    expect((await decide(personId, reportId, 'rejected')).status).toBe(409);
    const person = (await get<{ name: string; identityStatus: string; homeRegion: { province: string } }>(`/v1/persons/${personId}`, admin)).body;
    expect(person).toMatchObject({ name: '王晓明', identityStatus: 'identified', homeRegion: { province: '四川省' } });
    const tracing = (await get<{ stage: string; timeline: { kind: string; details?: Record<string, string> }[] }>(`/v1/persons/${personId}/tracing`)).body;
    expect(tracing.stage).toBe('identified');
    expect(tracing.timeline.at(-1)).toMatchObject({ kind: 'identity_confirmed', details: { reportId } });
    const report = (await get<Report>(`/v1/missing-reports/${reportId}`, familyTracer)).body;
    expect(report).toMatchObject({ status: 'closed', closed: { reason: 'found', personId } });
    expect(events.filter((event) => event.kind === 'match_confirmed').map((event) => event.district).sort()).toEqual([district, familyDistrict].sort());
  });

  it('finds a registered person with guardians among an unidentified person’s candidates (found without papers)', async () => {
    const { db, send, admin, district, found, matchesOf } = await setup();
    const registered = await send('POST', '/v1/persons', admin, {
      name: '刘桂兰', sex: 'female', birthYear: 1948, heightCm: 152, dialect: '合川话', marks: '右脸颊有黑痣', riskFactors: ['dementia', 'elderly_alone'],
      status: 'unknown', identityStatus: 'identified', guardians: [{ name: '刘军', relation: '儿子', phone: '13812345678' }], registrationSource: 'family', district,
    });
    const registeredId = ((await registered.json()) as { person: { id: string } }).person.id;
    await streamed(db, keys.person(registeredId));
    const personId = await found({ sex: 'female', estimatedAge: 78, heightCm: 153, dialect: '重庆口音', marks: '右脸颊有一颗黑痣', clothing: '灰色外套' });
    expect((await matchesOf(personId)).map((candidate) => candidate.registeredPersonId)).toContain(registeredId);
  });

  it('reads candidates through the blocking index only (queries and batches, never a scan)', async () => {
    const { db, found, reported, requests } = await setup();
    await reported();
    requests.reset();
    await found({ name: '王小明' });
    expect(Object.keys(requests.byCommand())).not.toContain('Scan');
    expect(requests.byCommand()['Query']).toBeGreaterThan(0);
    expect(db.tableName).toBeTruthy();
  });

  it('still reads blocking entries that hold the profile as a map (as written before it was one string)', async () => {
    const { db, found, reported, matchesOf } = await setup();
    const reportId = await reported();
    const report = fromReportItem((await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.missingReport(reportId) }))).Item);
    if (!report) throw new Error('the report was not stored');
    const profile = reportProfile(report);
    const entries = blockingEntries(profile);
    await db.doc.send(
      new BatchWriteCommand({ RequestItems: { [db.tableName]: entries.map((entry) => ({ PutRequest: { Item: { ...entry, type: 'blocking', profile } } })) } }),
    );
    const stored = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: entries[0] }));
    expect(typeof stored.Item?.['profile']).toBe('object');
    const personId = await found({ name: '王小明' });
    expect((await matchesOf(personId)).map((candidate) => candidate.reportId)).toContain(reportId);
  });
});

describe('tracing attacks, replayed', () => {
  type Problem = { status: number; reason?: string };
  const problem = async (response: Response) => ({ status: response.status, ...((await response.json()) as { reason?: string }) }) as Problem;

  /** A made-up person: registered with the target's name, sex and birth year, nothing else, not taken into care. */
  const madeUp = async (harness: Awaited<ReturnType<typeof setup>>) => {
    const { send, admin, district, db } = harness;
    const response = await send('POST', '/v1/persons', admin, {
      name: '王晓明', aliases: [], sex: 'male', birthYear: 1956, riskFactors: [], status: 'on_street', identityStatus: 'unidentified', registrationSource: 'patrol', district,
    });
    const personId = ((await response.json()) as { person: { id: string } }).person.id;
    await streamed(db, keys.person(personId));
    return personId;
  };

  it('a step cannot name a report the caller may not act on: identity_confirmed with another district’s report id is refused and the report stays open', async () => {
    const { send, tracer, found, reported, get, familyTracer } = await setup();
    const personId = await found({ name: '李四' });
    const reportId = await reported({ name: '赵六', marks: undefined, dialect: undefined });
    const step = await send('POST', `/v1/persons/${personId}/tracing/events`, tracer, { kind: 'identity_confirmed', name: '赵六', homeRegion: { province: '四川省' }, reportId });
    expect(await problem(step)).toMatchObject({ status: 404, reason: 'report_not_actionable' });
    expect((await get<Report>(`/v1/missing-reports/${reportId}`, familyTracer)).body.status).toBe('open');
  });

  it('a made-up person reads the report only for review, cannot confirm without a case, below the floor or alone, and is flagged to the filing district', async () => {
    const harness = await setup();
    const { db, reported, get, decide, tracer, familyTracer, familyDistrict } = harness;
    // The matching consumer writes its items in batches (the stream carries them on like any event).
    const events: DomainEvent[] = [];
    db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^BatchWrite/.test(String(context.commandName))) {
          for (const request of Object.values((args.input as BatchWriteCommandInput).RequestItems ?? {}).flat()) {
            if (request.PutRequest?.Item?.['type'] === 'event') events.push(request.PutRequest.Item['event'] as DomainEvent);
          }
        }
        return next(args);
      },
      { step: 'initialize', name: `batch-events-${randomUUID()}` },
    );
    const reportId = await reported();
    const personId = await madeUp(harness);
    const candidate = (await harness.matchesOf(personId)).find((found) => found.reportId === reportId) as Candidate;
    expect(candidate).toBeDefined();
    // Flagged: registered minutes ago and matched at once with a report from another province.
    expect(candidate.flagged).toBe('fresh_far');
    // (The table is shared by the whole file: the made-up person also matches earlier tests' reports, each flagged to its own district.)
    const flagsOfThisReport = events.filter((event) => event.kind === 'match_flagged' && event.subjectId === reportId);
    expect(flagsOfThisReport.map((event) => [event.district, event.subjectId])).toEqual([[familyDistrict, reportId]]);
    // For review only: the fields compared, no reporter's phone, no conditions.
    const read = await get<Record<string, unknown>>(`/v1/missing-reports/${reportId}`, tracer);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ review: true, name: '王晓明' });
    expect(read.body).not.toHaveProperty('reporter');
    expect(read.body).not.toHaveProperty('conditions');
    // No stay, no case: refused, even with the right ETags.
    const etags = { personEtag: candidate.personEtag, reportEtag: candidate.reportEtag };
    expect(await problem(await decide(personId, reportId, 'confirmed', tracer, etags))).toMatchObject({ status: 422, reason: 'match_needs_case' });
    // Without the ETags of what was reviewed: the fields are named.
    expect((await decide(personId, reportId, 'confirmed', tracer)).status).toBe(400);
    expect((await get<Report>(`/v1/missing-reports/${reportId}`, familyTracer)).body.status).toBe('open');
  });

  it('a low score needs a recorded override; a record changed since review is a 412; one side alone never closes the report', async () => {
    const harness = await setup();
    const { reported, decide, tracer, familyTracer, send, shelter, facility, db, get } = harness;
    const reportId = await reported();
    const personId = await madeUp(harness);
    expect((await send('POST', '/v1/admissions', shelter, { personId, facilityId: facility.id, at: '2026-11-28T03:00:00Z', via: 'escorted_by_patrol', bedSex: 'male' })).status).toBe(201);
    await streamed(db, keys.person(personId));
    const candidate = (await harness.matchesOf(personId)).find((found) => found.reportId === reportId) as Candidate;
    expect(candidate.score).toBeLessThan(outreachRules.matching.confirmFloor);
    const etags = { personEtag: candidate.personEtag, reportEtag: candidate.reportEtag };
    expect(await problem(await decide(personId, reportId, 'confirmed', tracer, etags))).toMatchObject({ status: 422, reason: 'score_below_floor' });
    expect(await problem(await decide(personId, reportId, 'confirmed', tracer, { ...etags, reportEtag: '"v99"', overrideReason: '照片比对一致' }))).toMatchObject({ status: 412, reason: 'records_changed' });
    const proposed = await decide(personId, reportId, 'confirmed', tracer, { ...etags, overrideReason: '照片比对一致' });
    expect(proposed.status).toBe(200);
    expect((await get<Report>(`/v1/missing-reports/${reportId}`, familyTracer)).body.status).toBe('open');
    // The report changed after the proposal: the filing district cannot accept a pair nobody checked since.
    const patched = await send('PATCH', `/v1/missing-reports/${reportId}`, { ...familyTracer, 'if-match': '"v1"' }, { heightCm: 170 }, null);
    expect(patched.status).toBe(200);
    expect(await problem(await decide(personId, reportId, 'confirmed', familyTracer, { ...etags, reportEtag: '"v2"' }))).toMatchObject({ status: 412, reason: 'records_changed' });
    expect((await get<Report>(`/v1/missing-reports/${reportId}`, familyTracer)).body.status).toBe('open');
  });

  it('a closed report is reopened by its filing district only, audited', async () => {
    const { send, familyTracer, tracer, reported, get } = await setup();
    const reportId = await reported();
    expect((await send('POST', `/v1/missing-reports/${reportId}/close`, familyTracer, { reason: 'withdrawn' }, null)).status).toBe(200);
    expect((await send('POST', `/v1/missing-reports/${reportId}/reopen`, tracer, { reason: '误关闭' }, null)).status).toBe(404);
    const reopened = await send('POST', `/v1/missing-reports/${reportId}/reopen`, familyTracer, { reason: '家属说明人仍未找到' }, null);
    expect(reopened.status).toBe(200);
    expect((await get<Report>(`/v1/missing-reports/${reportId}`, familyTracer)).body).toMatchObject({ status: 'open', version: 3 });
  });
});
