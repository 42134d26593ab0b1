import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { makeIdNumber, registeredPerson } from '../support/persons.js';

type Problem = { status: number; errors?: { path: string; message: string }[]; existingId?: string };
type Created = { person: Record<string, unknown> & { id: string; version: number }; possibleDuplicates: { id: string }[] };

describe('POST /v1/persons', () => {
  it('registers a person, computes the next follow-up, and audits the write', async () => {
    const { send, as, app } = await testApp({ now: () => new Date('2026-11-28T03:00:00Z') });
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const response = await send('POST', '/v1/persons', admin, registeredPerson(district));
    expect(response.status).toBe(201);
    const { person } = (await response.json()) as Created;
    expect(person).toMatchObject({ name: '王小明', identityStatus: 'unidentified', nextFollowUp: { dueOn: '2027-01-01', reason: 'visit' }, version: 1 });
    expect(response.headers.get('etag')).toBe('"v1"');
    const audit = (await (await app.request(`/v1/audit?subjectId=${person.id}`, { headers: admin })).json()) as { items: { action: string }[] };
    expect(audit.items.map((entry) => entry.action)).toEqual(['person.create']);
  });

  it('derives birth date and sex from an ID number and refuses a second person with it (409 naming the first)', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const idNumber = makeIdNumber('1948-03-05', 101 + 2 * Math.floor(Math.random() * 400));
    const first = await send('POST', '/v1/persons', admin, registeredPerson(district, { idNumber, sex: 'unknown', birthYear: undefined }));
    expect(first.status).toBe(201);
    const { person } = (await first.json()) as Created;
    expect(person).toMatchObject({ birthDate: '1948-03-05', sex: 'male', identityStatus: 'identified' });
    // The create's response is kept for replays, so it never carries the number; a read does.
    expect(person).not.toHaveProperty('idNumber');
    const read = (await (await app.request(`/v1/persons/${person.id}`, { headers: admin })).json()) as Record<string, unknown>;
    expect(read['idNumber']).toBe(idNumber);

    const second = await send('POST', '/v1/persons', admin, registeredPerson(district, { name: '张三', idNumber: idNumber.toLowerCase() }));
    expect(second.status).toBe(409);
    expect(((await second.json()) as Problem).existingId).toBe(person.id);

    // Another district learns that the number is taken, not by whom.
    const elsewhere = uniqueDistrict();
    const foreign = await send('POST', '/v1/persons', await as('patrol', { district: elsewhere }), registeredPerson(elsewhere, { name: '张三', idNumber, registrationSource: 'patrol', healthNotes: undefined }));
    expect(foreign.status).toBe(409);
    expect(await foreign.json()).not.toHaveProperty('existingId');
    // Learning that the number is taken is a read of the holder's record: it is audited.
    const audit = (await (await app.request(`/v1/audit?subjectId=${person.id}`, { headers: admin })).json()) as { items: { action: string }[] };
    expect(audit.items.filter((entry) => entry.action === 'person.idcheck')).toHaveLength(2);
  });

  it('flags a similar name, sex, age and area as a possible duplicate', async () => {
    const { send, as } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const first = (await (await send('POST', '/v1/persons', admin, registeredPerson(district))).json()) as Created;
    const homophone = await send('POST', '/v1/persons', admin, registeredPerson(district, { name: '王晓明', birthYear: 1950 }));
    expect(homophone.status).toBe(201);
    expect(((await homophone.json()) as Created).possibleDuplicates.map((p) => p.id)).toEqual([first.person.id]);
    const otherSex = await send('POST', '/v1/persons', admin, registeredPerson(district, { name: '王晓明', sex: 'female' }));
    expect(((await otherSex.json()) as Created).possibleDuplicates).toEqual([]);
    const young = await send('POST', '/v1/persons', admin, registeredPerson(district, { birthYear: 1990 }));
    expect(((await young.json()) as Created).possibleDuplicates).toEqual([]);
  });

  it('refuses bad input of every field with 400 naming each, and stores nothing', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const bad = {
      name: '',
      aliases: ['x'.repeat(51)],
      sex: 'm',
      birthDate: '1948-02-30',
      birthYear: 3000,
      estimatedAge: 200,
      estimatedAt: 'yesterday',
      idNumber: '500117194803051230',
      heightCm: 900,
      build: '',
      marks: 'x'.repeat(501),
      dialect: '',
      homeRegion: { province: '', planet: 'Mars' },
      riskFactors: ['lonely'],
      healthNotes: '',
      identityStatus: 'known',
      status: 'asleep',
      guardians: [{ name: '王芳', relation: '女儿', phone: '12345' }],
      registrationSource: 'rumour',
      lastSurveyAt: '2026-13-01',
      district: 'chongqing',
      nickname: 'unknown field',
    };
    const response = await send('POST', '/v1/persons', admin, bad);
    expect(response.status).toBe(400);
    const paths = ((await response.json()) as Problem).errors?.map((error) => error.path) ?? [];
    for (const field of [
      'body.name', 'body.aliases.0', 'body.sex', 'body.birthDate', 'body.birthYear', 'body.estimatedAge', 'body.estimatedAt',
      'body.idNumber', 'body.heightCm', 'body.build', 'body.marks', 'body.dialect', 'body.homeRegion.province', 'body.homeRegion',
      'body.riskFactors.0', 'body.healthNotes', 'body.identityStatus', 'body.status', 'body.guardians.0.phone',
      'body.registrationSource', 'body.lastSurveyAt', 'body.district', 'body',
    ]) {
      expect(paths, field).toContain(field);
    }
    const list = (await (await app.request(`/v1/persons?district=${district}`, { headers: admin })).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it('names a cross-field contradiction (ID number against sex, estimated age without date)', async () => {
    const { send, as } = await testApp();
    const district = uniqueDistrict();
    const response = await send('POST', '/v1/persons', await as('admin', { district }), registeredPerson(district, {
      idNumber: makeIdNumber('1948-03-05', 102), sex: 'male', birthYear: undefined, estimatedAge: 70,
    }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).errors?.map((error) => error.path).sort()).toEqual(['body.estimatedAt', 'body.sex']);
  });

  it('refuses a birth year against the ID number, a future birth date and a future survey', async () => {
    const { send, as } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const cases: [Record<string, unknown>, string][] = [
      [{ idNumber: makeIdNumber('1950-03-04', 123), birthYear: 1948 }, 'body.birthYear'],
      [{ birthYear: undefined, birthDate: '2099-01-01' }, 'body.birthDate'],
      [{ birthYear: undefined, birthDate: '1850-01-01' }, 'body.birthDate'],
      [{ lastSurveyAt: '2099-01-01' }, 'body.lastSurveyAt'],
    ];
    for (const [overrides, path] of cases) {
      const response = await send('POST', '/v1/persons', admin, registeredPerson(district, overrides));
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as Problem).errors?.map((error) => error.path), path).toContain(path);
    }
  });

  it('does not let patrol register in another district, nor a tracer at all', async () => {
    const { send, as } = await testApp();
    const district = uniqueDistrict();
    expect((await send('POST', '/v1/persons', await as('patrol', { district: uniqueDistrict() }), registeredPerson(district))).status).toBe(403);
    expect((await send('POST', '/v1/persons', await as('tracer', { district }), registeredPerson(district))).status).toBe(403);
  });
});

describe('name keys stay within one transaction', () => {
  it('registers and renames a person with the most aliases and many-part names', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    // Nine names of seven parts each, every part with ü: about 150 distinct search keys before the cap.
    const manyParts = (surname: string, suffix = '') => Array.from({ length: 7 }, (_, j) => `${surname}${'女略虐掠驴履侣'[j]}${suffix}`).join('·');
    const aliases = [...'赵钱孙李周吴郑王'].map((surname) => manyParts(surname));
    const created = await send('POST', '/v1/persons', admin, registeredPerson(district, { name: manyParts('吕'), aliases }));
    expect(created.status).toBe(201);
    const { person } = (await created.json()) as Created;
    const renamed = await app.request(`/v1/persons/${person.id}`, {
      method: 'PATCH',
      headers: { ...admin, 'content-type': 'application/json', 'if-match': '"v1"' },
      body: JSON.stringify({ name: manyParts('女'), aliases: [...'冯陈褚卫蒋沈韩杨'].map((surname) => manyParts(surname, '明')) }),
    });
    expect(renamed.status).toBe(200);
    const hits = (await (await app.request(`/v1/persons?q=${encodeURIComponent('女')}`, { headers: admin })).json()) as { items: { id: string }[] };
    expect(hits.items.map((hit) => hit.id)).toContain(person.id);
  });
});

describe('GET /v1/persons/{id}: one view per role, every read audited', () => {
  it('shows each role only its fields', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const idNumber = makeIdNumber('1950-06-01', 311);
    const { person } = (await (await send('POST', '/v1/persons', await as('admin', { district }), registeredPerson(district, { idNumber, birthYear: undefined }))).json()) as Created;
    const read = async (role: 'admin' | 'patrol' | 'tracer' | 'shelter') =>
      (await (await app.request(`/v1/persons/${person.id}`, { headers: await as(role, { district }) })).json()) as Record<string, unknown>;

    const admin = await read('admin');
    expect(admin).toMatchObject({ idNumber, healthNotes: '阿尔茨海默病中期', guardians: [expect.objectContaining({ phone: '13812345678' })] });
    const patrol = await read('patrol');
    expect(patrol).toMatchObject({ riskFactors: ['dementia', 'elderly_alone'], guardians: [expect.objectContaining({ phone: '13812345678' })] });
    expect(patrol).not.toHaveProperty('idNumber');
    expect(patrol).not.toHaveProperty('healthNotes');
    const tracer = await read('tracer');
    expect(tracer).toMatchObject({ name: '王小明', marks: '左手背有烫伤疤痕' });
    for (const hidden of ['idNumber', 'guardians', 'healthNotes', 'riskFactors']) expect(tracer).not.toHaveProperty(hidden);
    expect(JSON.stringify(tracer)).not.toContain('13812345678');

    const audit = (await (await app.request(`/v1/audit?subjectId=${person.id}`, { headers: await as('admin', { district }) })).json()) as { items: { action: string; role: string }[] };
    expect(audit.items.filter((entry) => entry.action === 'person.read').map((entry) => entry.role).sort()).toEqual(['admin', 'patrol', 'tracer']);
  });

  it('hides a person of another district (404) and answers an unknown id with 404', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const { person } = (await (await send('POST', '/v1/persons', await as('admin', { district }), registeredPerson(district))).json()) as Created;
    expect((await app.request(`/v1/persons/${person.id}`, { headers: await as('patrol', { district: uniqueDistrict() }) })).status).toBe(404);
    expect((await app.request(`/v1/persons/${randomUUID()}`, { headers: await as('admin', { district }) })).status).toBe(404);
    expect((await app.request(`/v1/persons/123`, { headers: await as('admin', { district }) })).status).toBe(400);
  });

  it('finds a person by ID number through the blind index', async () => {
    const { send, as, db } = await testApp();
    const district = uniqueDistrict();
    const idNumber = makeIdNumber('1960-01-20', 401 + 2 * Math.floor(Math.random() * 200));
    const { person } = (await (await send('POST', '/v1/persons', await as('admin', { district }), registeredPerson(district, { idNumber, birthYear: undefined }))).json()) as Created;
    const found = await send('POST', '/v1/persons/lookup', await as('patrol', { district }), { idNumber }, null);
    expect(found.status).toBe(200);
    expect(((await found.json()) as { id: string }).id).toBe(person.id);
    const missing = await send('POST', '/v1/persons/lookup', await as('patrol', { district }), { idNumber: makeIdNumber('1960-01-20', 999) }, null);
    expect(missing.status).toBe(404);
    const invalid = await send('POST', '/v1/persons/lookup', await as('patrol', { district }), { idNumber: '123' }, null);
    expect(invalid.status).toBe(400);

    // The number is in clear nowhere: not in a key, not in any attribute an index projects, not in
    // the idempotency record, the ID-number item or the audit trail.
    const { QueryCommand, ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const items = (await db.doc.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PERSON#${person.id}` } }))).Items ?? [];
    expect(items.length).toBeGreaterThan(1);
    for (const item of items) expect(JSON.stringify(item)).not.toContain(idNumber);
    // A test-only sweep of the whole test table (never done on a request path).
    const everything = (await db.doc.send(new ScanCommand({ TableName: db.tableName }))).Items ?? [];
    expect(everything.filter((item) => JSON.stringify(item).includes(idNumber))).toEqual([]);
  });
});

describe('what each role may change or ask', () => {
  it('refuses patrol a change to the ID number or health notes it cannot see (403 naming them)', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const idNumber = makeIdNumber('1948-03-05', 101 + 2 * Math.floor(Math.random() * 400), district);
    const { person } = (await (await send('POST', '/v1/persons', await as('admin', { district }), registeredPerson(district, { idNumber }))).json()) as Created;
    const response = await app.request(`/v1/persons/${person.id}`, {
      method: 'PATCH',
      headers: { ...(await as('patrol', { district })), 'content-type': 'application/json', 'if-match': '"v1"' },
      body: JSON.stringify({ healthNotes: null, idNumber: null, lastSurveyAt: '2026-01-01', marks: '右手缺一指' }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as Problem).errors?.map((error) => error.path)).toEqual(['body.idNumber', 'body.healthNotes', 'body.lastSurveyAt']);
    const after = (await (await app.request(`/v1/persons/${person.id}`, { headers: await as('admin', { district }) })).json()) as Record<string, unknown>;
    expect(after).toMatchObject({ healthNotes: '阿尔茨海默病中期', marks: '左手背有烫伤疤痕', version: 1 });
  });

  it('does not let a tracer select people by risk factor', async () => {
    const { as, app } = await testApp();
    const district = uniqueDistrict();
    const response = await app.request(`/v1/persons?riskFactor=mental_disorder`, { headers: await as('tracer', { district }) });
    expect(response.status).toBe(403);
    expect(((await response.json()) as Problem).errors?.[0]?.path).toBe('query.riskFactor');
  });
});

describe('PATCH /v1/persons/{id}', () => {
  it('changes with the current ETag, refuses a stale one with 412 and a missing one with 428', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const { person } = (await (await send('POST', '/v1/persons', admin, registeredPerson(district))).json()) as Created;
    const patch = (ifMatch: string | undefined, body: unknown) =>
      app.request(`/v1/persons/${person.id}`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
        body: JSON.stringify(body),
      });
    const changed = await patch('"v1"', { name: '王晓明', status: 'in_care', marks: null });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"v2"');
    const body = (await changed.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ name: '王晓明', status: 'in_care', version: 2 });
    expect(body).not.toHaveProperty('marks');

    expect((await patch('"v1"', { status: 'placed' })).status).toBe(412);
    expect((await patch(undefined, { status: 'placed' })).status).toBe(428);
    expect((await patch('*', { status: 'placed' })).status).toBe(428);
    const cleared = await patch('"v2"', { status: null, sex: null });
    expect(cleared.status).toBe(400);
    expect(((await cleared.json()) as Problem).errors?.map((e) => e.path).sort()).toEqual(['body.sex', 'body.status']);
    const invalid = await patch('"v2"', { heightCm: 'tall', guardians: [{ name: 'x' }] });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as Problem).errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['body.heightCm', 'body.guardians.0.relation', 'body.guardians.0.phone']));
    const contradiction = await patch('"v2"', { identityStatus: 'identified', name: null });
    expect(contradiction.status).toBe(400);
    expect(((await contradiction.json()) as Problem).errors?.[0]?.path).toBe('body.name');

    const after = (await (await app.request(`/v1/persons/${person.id}`, { headers: admin })).json()) as Record<string, unknown>;
    expect(after).toMatchObject({ name: '王晓明', status: 'in_care', version: 2 });
  });

  it('lets exactly one of two concurrent edits of the same version win', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const { person } = (await (await send('POST', '/v1/persons', admin, registeredPerson(district))).json()) as Created;
    const edit = (status: string) =>
      app.request(`/v1/persons/${person.id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json', 'if-match': '"v1"' }, body: JSON.stringify({ status }) });
    const statuses = (await Promise.all([edit('in_care'), edit('placed')])).map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([409, 412]).toContain(statuses[1]);
  });

  it('moves the name index with the name: the old name no longer finds the person', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const { person } = (await (await send('POST', '/v1/persons', admin, registeredPerson(district, { aliases: [] }))).json()) as Created;
    await app.request(`/v1/persons/${person.id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json', 'if-match': '"v1"' }, body: JSON.stringify({ name: '李娜' }) });
    const search = async (q: string) => ((await (await app.request(`/v1/persons?q=${encodeURIComponent(q)}`, { headers: admin })).json()) as { items: { id: string }[] }).items.map((p) => p.id);
    expect(await search('wangxiaoming')).toEqual([]);
    expect(await search('李娜')).toEqual([person.id]);
  });

  it('refuses an ID number another person holds (409) and lets the holder keep it', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const idNumber = makeIdNumber('1970-08-08', 601 + 2 * Math.floor(Math.random() * 150));
    const holder = (await (await send('POST', '/v1/persons', admin, registeredPerson(district, { idNumber, birthYear: undefined }))).json()) as Created;
    const other = (await (await send('POST', '/v1/persons', admin, registeredPerson(district, { name: '赵六' }))).json()) as Created;
    const response = await app.request(`/v1/persons/${other.person.id}`, {
      method: 'PATCH', headers: { ...admin, 'content-type': 'application/json', 'if-match': '"v1"' }, body: JSON.stringify({ idNumber, birthYear: null }),
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as Problem).existingId).toBe(holder.person.id);
    const same = await app.request(`/v1/persons/${holder.person.id}`, {
      method: 'PATCH', headers: { ...admin, 'content-type': 'application/json', 'if-match': '"v1"' }, body: JSON.stringify({ idNumber, marks: '右耳缺损' }),
    });
    expect(same.status).toBe(200);
  });
});
