import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Encounter } from '../../shared/domain/encounter.js';
import { countInSpotCell } from '../../shared/store/positions.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../infra/local/dynamo.js';
import { campaignRules, outreachRules } from '../../shared/domain/rules.js';
import { photoFiles } from '../../shared/services/photos.js';
import { monthlyReport } from '../../shared/services/reports.js';
import { retentionJob } from '../../shared/sweep/retention-jobs.js';
import { testApp, uniqueDistrict } from '../support/app.js';
import { buildSide } from '../support/access-world.js';
import { station } from '../support/facilities.js';
import { phoneJpeg } from '../support/images.js';
import { makeIdNumber, registeredPerson } from '../support/persons.js';

type Harness = Awaited<ReturnType<typeof testApp>>;
type Item = Record<string, unknown>;
type Problem = { status: number; reason?: string; errors?: { path: string; message: string }[] };

const DAY = 86_400_000;
/**
 * A table of this file's own: the erasure tests read every item to prove nothing else names the
 * person, and a scan of the shared table (every file's records) outlasts any timeout under the full run.
 */
const tableName = `outreach-privacy-${randomUUID().slice(0, 8)}`;
beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), tableName);
});
const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

async function harnessed(): Promise<Harness> {
  const harness = await testApp({ tableName });
  directories.push(harness.filesDirectory);
  return harness;
}

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 400)).toBe(status);
  return JSON.parse(text) as T;
}

/** An item as text, string and number sets included (JSON.stringify writes a Set as {}). */
const asText = (item: Item) => JSON.stringify(item, (_key, value: unknown) => (value instanceof Set ? [...value] : value));

/** Every item of this file's table, read page by page. */
async function everyItem(harness: Harness): Promise<Item[]> {
  const items: Item[] = [];
  let start: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page = await harness.db.doc.send(new ScanCommand({ TableName: harness.db.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every file under a directory, with its bytes as text. */
function filesUnder(directory: string): { path: string; text: string }[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, text: readFileSync(path).toString('latin1') };
    });
}

const token = () => randomUUID().slice(0, 8);
/** Three CJK characters drawn at random: a name no other test uses. */
const uniqueHan = () => Array.from({ length: 3 }, () => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x5000))).join('');

/** A person with every kind of record: encounters and an aid case, a photo set as notice portrait, a stay, a proposal, a placement withdrawn, a correction, a reunion. */
async function fullyFilled(harness: Harness) {
  const district = uniqueDistrict();
  const admin = await harness.as('admin', { district });
  const patrol = await harness.as('patrol', { district });
  const tracer = await harness.as('tracer', { district });
  const values = {
    name: `欧阳${uniqueHan()}`,
    alias: `阿${uniqueHan()}`,
    idNumber: makeIdNumber('1951-03-04', 2 * Math.floor(Math.random() * 400) + 1, district),
    guardian: `王${uniqueHan()}`,
    phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    marks: `右臂纹身${token()}`,
    notes: `高血压${token()}`,
    place: `观音桥${token()}号门口`,
    aidNote: `车票被偷${token()}`,
  };
  const person = await json<{ person: { id: string } }>(
    await harness.send('POST', '/v1/persons', admin, registeredPerson(district, {
      name: values.name, aliases: [values.alias], idNumber: values.idNumber, birthYear: 1951, marks: values.marks, healthNotes: values.notes,
      guardians: [{ name: values.guardian, relation: '女儿', phone: values.phone }], status: 'on_street',
    })),
    201,
  );
  const personId = person.person.id;
  const facility = await json<{ id: string }>(await harness.send('POST', '/v1/facilities', admin, station(district)), 201);
  const home = await json<{ id: string }>(await harness.send('POST', '/v1/facilities', admin, station(district, { type: 'welfare_home', name: '社会福利院' })), 201);
  const met = await json<{ aidCase: { id: string } }>(
    await harness.send('POST', '/v1/encounters', patrol, {
      personId, occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: { lat: 29.98, lng: 106.35, crs: 'WGS84', place: values.place },
      concerns: ['suspected_lost'], actions: ['called_110'], referrals: [{ kind: 'emergency_aid', note: values.aidNote }],
    }),
    201,
  );
  // The stream counts the encounter in its sleeping-spot cell, naming the person among the cell's people.
  const partition = await harness.db.doc.send(new QueryCommand({ TableName: harness.db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PERSON#${personId}` } }));
  const encounterItem = partition.Items?.find((item) => item['type'] === 'encounter');
  expect(await countInSpotCell(harness.db, encounterItem?.['encounter'] as Encounter, campaignRules)).toBe(true);
  const file = phoneJpeg();
  const offered = await json<{ photoId: string }>(await harness.send('POST', `/v1/persons/${personId}/photos`, admin, { contentType: 'image/jpeg', sizeBytes: file.length, purpose: 'portrait' }), 201);
  await harness.photos.write(photoFiles(personId, offered.photoId).upload, file, 'image/jpeg');
  await json(await harness.send('POST', `/v1/persons/${personId}/photos/${offered.photoId}/complete`, admin, undefined, null), 200);
  await json(await harness.send('POST', `/v1/persons/${personId}/photos/${offered.photoId}/notice-portrait`, admin, undefined, null), 200);
  const stay = await json<{ id: string }>(
    await harness.send('POST', '/v1/admissions', admin, { personId, facilityId: facility.id, at: new Date(Date.now() - 60_000).toISOString(), via: 'self_referred' }),
    201,
  );
  await json(await harness.send('POST', '/v1/placements/proposals', admin, { personId }), 201);
  const placement = await json<{ id: string }>(await harness.send('POST', '/v1/placements', admin, { personId, facilityId: home.id, kind: 'long_term' }), 201);
  const correction = await json<{ id: string }>(
    await harness.send('POST', `/v1/persons/${personId}/corrections`, admin, { basis: 'guardian', requester: `${values.guardian}（女儿）`, fields: ['marks'], asked: `纹身在左臂${token()}` }),
    201,
  );
  return { district, admin, tracer, patrol, personId, aidCaseId: met.aidCase.id, facilityId: facility.id, stayId: stay.id, placementId: placement.id, correctionId: correction.id, photoId: offered.photoId, values };
}

const reunionBody = (relative: string) => ({
  method: 'family_pickup',
  relative: { name: relative, relation: '女儿', verification: { document: 'resident_id_card', last4: '0026', checkedAt: new Date(Date.now() - 60_000).toISOString() } },
  at: new Date().toISOString(),
});

describe('GET /v1/persons/{id}/export', { timeout: 120_000 }, () => {
  it('gives everything held about the person, as JSON and as a printable page, audited with who asked and on which basis', async () => {
    const harness = await harnessed();
    const filled = await fullyFilled(harness);
    const path = `/v1/persons/${filled.personId}/export?basis=data_subject&requester=${encodeURIComponent('本人，身份证核验')}`;
    const exported = await json<Record<string, unknown> & { person: Record<string, unknown>; encounters: unknown[]; stays: unknown[]; placements: unknown[]; proposals: unknown[]; aidCases: unknown[]; photos: { download?: { url: string } }[]; corrections: unknown[]; audit: { action: string }[]; noticePortrait: { photoId: string } | null }>(
      await harness.app.request(path, { headers: filled.admin }),
      200,
    );
    expect(exported.person).toMatchObject({ id: filled.personId, name: filled.values.name, idNumber: filled.values.idNumber });
    expect([exported.encounters.length, exported.stays.length, exported.placements.length, exported.proposals.length, exported.aidCases.length, exported.corrections.length]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(exported.photos).toHaveLength(1);
    expect(exported.photos[0]?.download?.url).toMatch(/^http:\/\/localhost\/local-files\//);
    expect(exported.noticePortrait).toEqual({ photoId: filled.photoId });
    expect(exported.audit.map((entry) => entry.action)).toContain('person.create');
    expect(JSON.stringify(exported)).toContain(filled.values.place);

    const page = await harness.app.request(`${path}&format=html`, { headers: filled.admin });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN"');
    for (const value of [filled.values.name, filled.values.idNumber, filled.values.place, filled.values.phone]) expect(html).toContain(value);

    const trail = await json<{ items: { action: string; reason?: string }[] }>(await harness.app.request(`/v1/audit?subjectId=${filled.personId}&limit=100`, { headers: filled.admin }), 200);
    const exports = trail.items.filter((entry) => entry.action === 'person.export');
    expect(exports).toHaveLength(2);
    expect(exports[0]?.reason).toBe('basis data_subject; requested by 本人，身份证核验');
  });

  it('is the district office’s alone, and asks who asked and why', async () => {
    const harness = await harnessed();
    const filled = await fullyFilled(harness);
    const unasked = await json<Problem>(await harness.app.request(`/v1/persons/${filled.personId}/export`, { headers: filled.admin }), 400);
    expect(unasked.errors?.map((error) => error.path).sort()).toEqual(['query.basis', 'query.requester']);
    const query = '?basis=office&requester=x';
    expect((await harness.app.request(`/v1/persons/${filled.personId}/export${query}`, { headers: filled.tracer })).status).toBe(403);
    const other = await harness.as('admin', { district: uniqueDistrict() });
    expect((await harness.app.request(`/v1/persons/${filled.personId}/export${query}`, { headers: other })).status).toBe(404);
  });
});

describe('correction requests', { timeout: 120_000 }, () => {
  it('records what was asked and what was done: accepted naming the version that carries it, or refused with the reason, decided once', async () => {
    const harness = await harnessed();
    const filled = await fullyFilled(harness);
    const base = `/v1/persons/${filled.personId}`;
    const person = await json<{ version: number }>(await harness.app.request(base, { headers: filled.admin }), 200);
    // A version the record does not have yet: make the change first.
    const early = await json<Problem>(await harness.send('POST', `${base}/corrections/${filled.correctionId}/decision`, filled.admin, { outcome: 'accepted', personVersion: person.version + 1 }, null), 400);
    expect(early.errors?.[0]?.path).toBe('personVersion');
    const patched = await harness.app.request(base, {
      method: 'PATCH', headers: { ...filled.admin, 'content-type': 'application/json', 'if-match': `"v${person.version}"` }, body: JSON.stringify({ marks: '左臂纹身' }),
    });
    expect(patched.status).toBe(200);
    const accepted = await json<{ status: string; decision: { personVersion: number; outcome: string } }>(
      await harness.send('POST', `${base}/corrections/${filled.correctionId}/decision`, filled.admin, { outcome: 'accepted', personVersion: person.version + 1 }, null),
      200,
    );
    expect(accepted).toMatchObject({ status: 'accepted', decision: { outcome: 'accepted', personVersion: person.version + 1 } });
    const again = await json<Problem>(await harness.send('POST', `${base}/corrections/${filled.correctionId}/decision`, filled.admin, { outcome: 'refused', reason: '重复' }, null), 409);
    expect(again.reason).toBe('correction_decided');

    const second = await json<{ id: string }>(await harness.send('POST', `${base}/corrections`, filled.admin, { basis: 'data_subject', requester: '本人', fields: ['birthYear'], asked: '我是1950年生的' }), 201);
    const refused = await json<{ status: string; decision: { reason: string } }>(
      await harness.send('POST', `${base}/corrections/${second.id}/decision`, filled.admin, { outcome: 'refused', reason: '户籍记录为1951年' }, null),
      200,
    );
    expect(refused).toMatchObject({ status: 'refused', decision: { reason: '户籍记录为1951年' } });
    const listed = await json<{ items: { id: string; status: string }[] }>(await harness.app.request(`${base}/corrections`, { headers: filled.admin }), 200);
    expect(listed.items.map((item) => [item.id, item.status])).toEqual([[filled.correctionId, 'accepted'], [second.id, 'refused']]);
    const badField = await json<Problem>(await harness.send('POST', `${base}/corrections`, filled.admin, { basis: 'data_subject', requester: '本人', fields: ['district'], asked: 'x' }), 400);
    expect(badField.errors?.[0]?.path).toMatch(/^body\.fields/);
  });
});

describe('POST /v1/persons/{id}/erasure', { timeout: 120_000 }, () => {
  it('refuses while a duty keeps the record (in care, a placement pending), and changes nothing', async () => {
    const harness = await harnessed();
    const filled = await fullyFilled(harness);
    const body = { basis: 'subject_request', requester: '本人', reason: '本人要求删除' };
    const inCare = await json<Problem>(await harness.send('POST', `/v1/persons/${filled.personId}/erasure`, filled.admin, body, null), 409);
    expect(inCare.reason).toBe('erasure_in_care');
    const person = await json<{ name: string }>(await harness.app.request(`/v1/persons/${filled.personId}`, { headers: filled.admin }), 200);
    expect(person.name).toBe(filled.values.name);
    expect((await harness.send('POST', `/v1/persons/${filled.personId}/erasure`, filled.tracer, body, null)).status).toBe(403);
  });

  it('removes a fully filled person everywhere: none of their values is left in any item of the table or any photo file; the audit stays without free text; the month’s figures stay the same', async () => {
    const harness = await harnessed();
    const filled = await fullyFilled(harness);
    const { admin, personId, values } = filled;
    // Who asked is kept with the erasure, by relation and how verified: not a value of the person's record.
    const body = { basis: 'guardian_request', requester: '女儿，身份证核验', reason: '已团聚，家属要求删除' };
    await json(await harness.send('POST', `/v1/placements/${filled.placementId}/withdraw`, admin, { reason: '家属已联系' }, null), 200);
    await json(await harness.send('POST', `/v1/persons/${personId}/reunion`, admin, reunionBody(values.guardian), null), 200);
    // Aid owed keeps the record until it is paid.
    expect((await json<Problem>(await harness.send('POST', `/v1/persons/${personId}/erasure`, admin, body, null), 409)).reason).toBe('erasure_aid_open');
    await json(await harness.send('POST', `/v1/aid-cases/${filled.aidCaseId}/paid`, admin, { amount: 50, at: new Date(Date.now() - 30_000).toISOString() }, null), 200);
    const before = await everyItem(harness);
    const mentions = (items: Item[], value: string) => items.filter((item) => asText(item).includes(value));
    // The values are there to be found before, so the search can fail (the ID number is kept only sealed and as a keyed hash).
    for (const value of Object.values(values).filter((value) => value !== values.idNumber)) expect(mentions(before, value).length, value).toBeGreaterThan(0);
    expect(filesUnder(harness.filesDirectory).length).toBeGreaterThan(0);
    expect(before.filter((item) => asText(item).includes(personId)).map((item) => item['type'])).toContain('spotCell');

    // The figures of this month, counted from the records, then read a month later, when the records are gone.
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const later = new Date(Date.now() + 32 * DAY);
    const counted = await monthlyReport({ db: harness.db, now: () => new Date() }, filled.district, month);

    const erasure = await json<{ personId: string; removed: Record<string, number>; photosRemoved: number; auditScrubbed: number }>(
      await harness.send('POST', `/v1/persons/${personId}/erasure`, admin, body, null),
      201,
    );
    expect(erasure.personId).toBe(personId);
    expect(erasure.photosRemoved).toBe(1);
    expect(erasure.removed).toMatchObject({ encounter: 1, stay: 1, placement: 1, proposal: 1, aidCase: 1, correction: 1, photo: 1, noticePortrait: 1, idNumber: 1, spotCellPerson: 1 });
    expect(erasure.auditScrubbed).toBeGreaterThan(0);

    const after = await everyItem(harness);
    for (const value of Object.values(values)) expect(mentions(after, value).map((item) => `${item['pk']} ${item['sk']} ${item['type']}`), value).toEqual([]);
    // What still names the person's id: the tombstone, the audit trail (without free text), and short-lived events.
    const naming = after.filter((item) => asText(item).includes(personId));
    const kinds = new Set(naming.map((item) => String(item['type'])));
    expect([...kinds].filter((kind) => !['erasedPerson', 'audit', 'event', 'auditView'].includes(kind))).toEqual([]);
    for (const entry of naming.filter((item) => item['type'] === 'audit' && item['action'] !== 'person.erase')) expect(entry['reason']).toBeUndefined();
    const files = filesUnder(harness.filesDirectory);
    expect(files.filter((file) => file.path.includes(personId))).toEqual([]);

    // Every reader finds no one; asking again gives the erasure done.
    expect((await harness.app.request(`/v1/persons/${personId}`, { headers: admin })).status).toBe(404);
    expect((await harness.app.request(`/v1/persons/${personId}/export?basis=office&requester=x`, { headers: admin })).status).toBe(404);
    const replay = await json<{ at: string }>(await harness.send('POST', `/v1/persons/${personId}/erasure`, admin, body, null), 200);
    expect(replay).toEqual(erasure);
    const search = await json<{ items: unknown[] }>(await harness.app.request(`/v1/persons?district=${filled.district}&q=${encodeURIComponent(values.name)}`, { headers: admin }), 200);
    expect(search.items).toEqual([]);

    // The month's report, now a past month: the same figures as before the erasure.
    const { generatedAt: _at, register: _register, ...figures } = counted;
    const { generatedAt: _later, register, ...figuresAfter } = await monthlyReport({ db: harness.db, now: () => later }, filled.district, month);
    expect(figuresAfter).toEqual(figures);
    expect(figures.encounters.total + figures.admissions.total + figures.discharges.total + figures.emergencyAid.paid).toBe(4);
    // The register counts the persons held now: the erased person is no longer one.
    expect(register.total).toBe(counted.register.total - 1);
  });
});

describe('erasure of a person found unidentified', { timeout: 120_000 }, () => {
  it('removes the tracing case, the matches on both sides and the photos: nothing but the tombstone, the audit and short-lived events names them', async () => {
    const harness = await harnessed();
    const side = await buildSide(harness, 'male');
    const admin = await harness.as('admin', { district: side.district });
    const tracer = await harness.as('tracer', { district: side.district });
    const reportMatches = async () =>
      (await json<{ candidates: { personId?: string }[] }>(await harness.app.request(`/v1/missing-reports/${side.reportId}/matches`, { headers: tracer }), 200)).candidates;
    expect((await reportMatches()).map((candidate) => candidate.personId)).toContain(side.foundId);
    await json(await harness.send('POST', `/v1/persons/${side.foundId}/reunion`, admin, reunionBody('王芳'), null), 200);
    const namingBefore = (await everyItem(harness)).filter((item) => asText(item).includes(side.foundId));
    for (const kind of ['tracingCase', 'candidate', 'photo', 'stay']) expect(namingBefore.map((item) => item['type'])).toContain(kind);

    await json(await harness.send('POST', `/v1/persons/${side.foundId}/erasure`, admin, { basis: 'purpose_achieved', requester: '民政局', reason: '已团聚' }, null), 201);
    const naming = (await everyItem(harness)).filter((item) => asText(item).includes(side.foundId));
    expect([...new Set(naming.map((item) => String(item['type'])))].filter((kind) => !['erasedPerson', 'audit', 'event', 'auditView'].includes(kind))).toEqual([]);
    expect((await reportMatches()).filter((candidate) => candidate.personId === side.foundId)).toEqual([]);
    expect(filesUnder(harness.filesDirectory).filter((file) => file.path.includes(side.foundId))).toEqual([]);
  });
});

describe('the retention job', { timeout: 120_000 }, () => {
  const run = (harness: Harness, district: string, now: Date, retentionBatch?: number) =>
    retentionJob.run({ db: harness.db, rules: outreachRules, now: () => now, districts: [district], photos: harness.photos, ...(retentionBatch ? { retentionBatch } : {}) });
  const statusOf = async (harness: Harness, admin: Record<string, string>, id: string) => (await harness.app.request(`/v1/persons/${id}`, { headers: admin })).status;

  it('erases a person when their retention period is over and not a day early, keeps whoever a duty keeps, in bounded batches, and a second run erases nothing more', async () => {
    const harness = await harnessed();
    const district = uniqueDistrict();
    const admin = await harness.as('admin', { district });
    const register = async (overrides: Record<string, unknown>) =>
      (await json<{ person: { id: string } }>(await harness.send('POST', '/v1/persons', admin, registeredPerson(district, { guardians: [], identityStatus: 'identified', ...overrides })), 201)).person.id;
    // Met on the street, identified, never on the register (no risk factor): unregisteredPersonDays.
    const passers = [await register({ name: '张伟', riskFactors: [], status: 'on_street' }), await register({ name: '李强', riskFactors: [], status: 'on_street' }), await register({ name: '刘洋', riskFactors: [], status: 'on_street' })];
    // Duty ended: personAfterDutyDays.
    const deceased = await register({ name: '陈刚', riskFactors: [], status: 'deceased' });
    // Kept however old: on the at-risk register, unidentified.
    const atRisk = await register({ name: '赵敏', riskFactors: ['dementia'], status: 'on_street' });
    const unidentified = await register({ name: undefined, aliases: [], riskFactors: [], status: 'on_street', identityStatus: 'unidentified' });
    const { unregisteredPersonDays, personAfterDutyDays } = outreachRules.retention;
    const at = (days: number) => new Date(Date.now() + days * DAY + 60_000);

    const early = await run(harness, district, at(unregisteredPersonDays - 1));
    expect(early['personsErased'] ?? 0).toBe(0);
    for (const id of passers) expect(await statusOf(harness, admin, id)).toBe(200);

    // Bounded: two records looked at per run.
    const due = at(unregisteredPersonDays);
    const first = await run(harness, district, due, 2);
    const second = await run(harness, district, due, 2);
    const third = await run(harness, district, due, 2);
    const fourth = await run(harness, district, due, 2);
    expect([first, second, third, fourth].every((counts) => (counts['personsLooked'] ?? 0) <= 2)).toBe(true);
    const erasedThen = [first, second, third, fourth].reduce((sum, counts) => sum + (counts['personsErased'] ?? 0), 0);
    expect(erasedThen).toBe(3);
    for (const id of passers) expect(await statusOf(harness, admin, id)).toBe(404);
    expect(await statusOf(harness, admin, deceased)).toBe(200);

    expect((await run(harness, district, at(personAfterDutyDays - 1)))['personsErased'] ?? 0).toBe(0);
    expect(await statusOf(harness, admin, deceased)).toBe(200);
    const afterDuty = at(personAfterDutyDays);
    let erased = 0;
    for (let i = 0; i < 3; i += 1) erased += (await run(harness, district, afterDuty))['personsErased'] ?? 0;
    expect(erased).toBe(1);
    expect(await statusOf(harness, admin, deceased)).toBe(404);
    for (const id of [atRisk, unidentified]) expect(await statusOf(harness, admin, id)).toBe(200);
    // A second pass erases nothing more.
    expect((await run(harness, district, afterDuty))['personsErased'] ?? 0).toBe(0);

    const trail = await json<{ items: { action: string; actor: string; reason?: string }[] }>(await harness.app.request(`/v1/audit?subjectId=${deceased}&limit=100`, { headers: admin }), 200);
    const erasure = trail.items.find((entry) => entry.action === 'person.erase');
    expect(erasure).toMatchObject({ actor: 'system:retention', reason: `basis retention_period; rules ${outreachRules.retention.version}` });
  });

  it('removes a closed tracing case’s photos, portrait and candidates after its period, and a closed report with its candidates after its own', async () => {
    const harness = await harnessed();
    const side = await buildSide(harness, 'male');
    const admin = await harness.as('admin', { district: side.district });
    const tracer = await harness.as('tracer', { district: side.district });
    const matches = async () => (await json<{ candidates: unknown[] }>(await harness.app.request(`/v1/persons/${side.foundId}/matches`, { headers: tracer }), 200)).candidates.length;
    expect(await matches()).toBeGreaterThan(0);
    await json(await harness.send('POST', `/v1/persons/${side.foundId}/reunion`, admin, reunionBody('王芳'), null), 200);
    const photos = async () => (await json<{ items: unknown[] }>(await harness.app.request(`/v1/persons/${side.foundId}/photos`, { headers: admin }), 200)).items.length;
    expect(await photos()).toBeGreaterThan(0);
    const { tracingMaterialAfterCloseDays, closedReportDays } = outreachRules.retention;
    const at = (days: number) => new Date(Date.now() + days * DAY + 60_000);

    expect((await run(harness, side.district, at(tracingMaterialAfterCloseDays - 1)))['casesPurged'] ?? 0).toBe(0);
    expect(await photos()).toBeGreaterThan(0);
    const purged = await run(harness, side.district, at(tracingMaterialAfterCloseDays));
    expect(purged['casesPurged']).toBe(1);
    expect(await photos()).toBe(0);
    expect(await matches()).toBe(0);
    expect(filesUnder(harness.filesDirectory).filter((file) => file.path.includes(side.foundId))).toEqual([]);
    expect((await run(harness, side.district, at(tracingMaterialAfterCloseDays)))['casesPurged'] ?? 0).toBe(0);
    // The person stays: their duty ended only now.
    expect(await statusOf(harness, admin, side.foundId)).toBe(200);

    // The family withdraws its report (it was not this person): closed, with its candidates.
    await json(await harness.send('POST', `/v1/missing-reports/${side.reportId}/close`, tracer, { reason: 'withdrawn' }, null), 200);
    const report = () => harness.app.request(`/v1/missing-reports/${side.reportId}`, { headers: tracer });
    expect((await report()).status).toBe(200);
    expect((await run(harness, side.district, at(closedReportDays - 1)))['reportsErased'] ?? 0).toBe(0);
    expect((await report()).status).toBe(200);
    expect((await run(harness, side.district, at(closedReportDays)))['reportsErased']).toBe(1);
    expect((await report()).status).toBe(404);
    expect((await run(harness, side.district, at(closedReportDays)))['reportsErased'] ?? 0).toBe(0);
  });
});
