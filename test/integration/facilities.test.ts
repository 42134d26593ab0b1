import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Facility } from '../../shared/domain/facility.js';
import { testApp, uniqueDistrict } from '../support/app.js';
import { station } from '../support/facilities.js';


type Problem = { status: number; errors?: { path: string; message: string }[] };

describe('POST /v1/facilities', () => {
  it('creates a facility (201, id, Location, ETag) and audits the write', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const response = await send('POST', '/v1/facilities', admin, station(district));
    expect(response.status).toBe(201);
    const created = (await response.json()) as Facility;
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('location')).toBe(`/v1/facilities/${created.id}`);
    expect(response.headers.get('etag')).toBe('"v1"');

    const audit = await app.request(`/v1/audit?subjectId=${created.id}`, { headers: admin });
    const entries = ((await audit.json()) as { items: { action: string; role: string }[] }).items;
    expect(entries).toEqual([expect.objectContaining({ action: 'facility.create', role: 'admin' })]);
  });

  it('lists every bad field with its path and stores nothing', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const response = await send('POST', '/v1/facilities', admin, {
      ...station(district),
      name: '  ',
      type: 'hotel',
      district: '5001',
      location: { lat: 95, lng: 'east' },
      capacity: { male: -1, female: 1.5 },
      extra: true,
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(
      ['body', 'body.capacity.female', 'body.capacity.male', 'body.district', 'body.location.lat', 'body.location.lng', 'body.name', 'body.type'].sort(),
    );
    const list = await app.request(`/v1/facilities?district=${district}`, { headers: admin });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('requires an Idempotency-Key (400 naming the header)', async () => {
    const { send, as } = await testApp();
    const district = uniqueDistrict();
    const response = await send('POST', '/v1/facilities', await as('admin', { district }), station(district), null);
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).errors?.[0]?.path).toBe('header.idempotency-key');
  });

  it('replays a retried create: same status and body, one DynamoDB request, no second record', async () => {
    const { send, as, app, requests } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district, sub: `admin-${randomUUID()}` });
    const key = randomUUID();
    const first = await send('POST', '/v1/facilities', admin, station(district), key);
    requests.reset();
    const replay = await send('POST', '/v1/facilities', admin, station(district), key);
    expect(requests.byCommand()).toEqual({ GetItem: 1 });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(await first.json());
    const list = await app.request(`/v1/facilities?district=${district}`, { headers: admin });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('answers the same key with another body with 422 and stores nothing new', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district, sub: `admin-${randomUUID()}` });
    const key = randomUUID();
    await send('POST', '/v1/facilities', admin, station(district), key);
    const other = await send('POST', '/v1/facilities', admin, station(district, { name: '另一个站' }), key);
    expect(other.status).toBe(422);
    const list = await app.request(`/v1/facilities?district=${district}`, { headers: admin });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('stores one record for 20 concurrent identical requests', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district, sub: `admin-${randomUUID()}` });
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => send('POST', '/v1/facilities', admin, station(district), key)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const ids = new Set(
      await Promise.all(responses.filter((r) => r.status === 201).map(async (r) => ((await r.json()) as Facility).id)),
    );
    expect(ids.size).toBe(1);
    const list = await app.request(`/v1/facilities?district=${district}`, { headers: admin });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('keeps two callers with the same key apart', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const key = randomUUID();
    await send('POST', '/v1/facilities', await as('admin', { district }), station(district), key);
    const second = await send('POST', '/v1/facilities', await as('admin', { district }), station(district), key);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    const list = await app.request(`/v1/facilities?district=${district}`, { headers: await as('admin', { district }) });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(2);
  });
});

describe('GET /v1/facilities', () => {
  it('filters by district and type and pages with a cursor', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    for (const type of ['aid_station', 'welfare_home', 'welfare_home', 'child_protection', 'welfare_home']) {
      expect((await send('POST', '/v1/facilities', admin, station(district, { type }))).status).toBe(201);
    }
    const patrol = await as('patrol', { district });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await app.request(`/v1/facilities?district=${district}&type=welfare_home&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { headers: patrol });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: Facility[]; nextCursor: string | null };
      seen.push(...page.items.map((item) => item.type));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['welfare_home', 'welfare_home', 'welfare_home']);

    const byType = await app.request(`/v1/facilities?type=child_protection&limit=100`, { headers: patrol });
    const items = ((await byType.json()) as { items: Facility[] }).items;
    expect(items.every((item) => item.type === 'child_protection')).toBe(true);
    expect(items.some((item) => item.district === district)).toBe(true);
  });

  it('rejects a forged cursor and a bad filter with 400', async () => {
    const { as, app } = await testApp();
    const headers = await as('tracer', { district: '500117' });
    const forged = Buffer.from(JSON.stringify({ gsi1pk: 'PERSONS#500117', pk: 'x' })).toString('base64url');
    expect((await app.request(`/v1/facilities?district=500117&cursor=${forged}`, { headers })).status).toBe(400);
    expect((await app.request(`/v1/facilities?cursor=%%%`, { headers })).status).toBe(400);
    expect((await app.request(`/v1/facilities?type=hotel`, { headers })).status).toBe(400);
    expect((await app.request(`/v1/facilities?limit=1000`, { headers })).status).toBe(400);
  });
});

describe('GET and PATCH /v1/facilities/{id}', () => {
  it('reads one facility, 404 for an unknown id, 400 for a malformed id', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const created = (await (await send('POST', '/v1/facilities', admin, station(district))).json()) as Facility;
    const read = await app.request(`/v1/facilities/${created.id}`, { headers: await as('shelter', { district }) });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(created);
    expect((await app.request(`/v1/facilities/${randomUUID()}`, { headers: admin })).status).toBe(404);
    expect((await app.request(`/v1/facilities/not-an-id`, { headers: admin })).status).toBe(400);
  });

  it('changes a facility, moves it between lists, refuses a move out of the office’s district, and refuses a stale If-Match with 412', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const newDistrict = uniqueDistrict();
    const admin = await as('admin', { district });
    const created = (await (await send('POST', '/v1/facilities', admin, station(district))).json()) as Facility;

    const changed = await app.request(`/v1/facilities/${created.id}`, {
      method: 'PATCH',
      headers: { ...admin, 'content-type': 'application/json', 'if-match': '"v1"' },
      body: JSON.stringify({ type: 'welfare_home', capacity: { male: 40, female: 20 } }),
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"v2"');
    expect(await changed.json()).toMatchObject({ type: 'welfare_home', capacity: { male: 40, female: 20 }, version: 2 });

    const oldList = (await (await app.request(`/v1/facilities?district=${district}&type=aid_station`, { headers: admin })).json()) as { items: unknown[] };
    const newList = (await (await app.request(`/v1/facilities?district=${district}&type=welfare_home`, { headers: admin })).json()) as { items: unknown[] };
    expect(oldList.items).toHaveLength(0);
    expect(newList.items).toHaveLength(1);

    // The office works in its district: a facility is not moved into another one's (that district's office registers its own).
    const moved = await app.request(`/v1/facilities/${created.id}`, {
      method: 'PATCH',
      headers: { ...admin, 'content-type': 'application/json', 'if-match': '"v2"' },
      body: JSON.stringify({ district: newDistrict }),
    });
    expect(moved.status).toBe(403);
    expect(((await (await app.request(`/v1/facilities?district=${newDistrict}`, { headers: admin })).json()) as { items: unknown[] }).items).toHaveLength(0);

    const stale = await app.request(`/v1/facilities/${created.id}`, {
      method: 'PATCH',
      headers: { ...admin, 'content-type': 'application/json', 'if-match': '"v1"' },
      body: JSON.stringify({ name: '改名' }),
    });
    expect(stale.status).toBe(412);
    const after = (await (await app.request(`/v1/facilities/${created.id}`, { headers: admin })).json()) as Facility;
    expect(after.name).toBe(created.name);
  });

  it('refuses an empty or invalid patch (400), a non-admin (403), an unknown id (404)', async () => {
    const { send, as, app } = await testApp();
    const district = uniqueDistrict();
    const admin = await as('admin', { district });
    const created = (await (await send('POST', '/v1/facilities', admin, station(district))).json()) as Facility;
    const patch = (headers: Record<string, string>, body: unknown, id = created.id) =>
      app.request(`/v1/facilities/${id}`, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await patch(admin, {})).status).toBe(400);
    const invalid = await patch(admin, { capacity: { male: 'many' } });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as Problem).errors?.map((e) => e.path)).toEqual(['body.capacity.male', 'body.capacity.female']);
    expect((await patch(await as('shelter', { district }), { name: 'x' })).status).toBe(403);
    expect((await patch(admin, { name: 'x' }, randomUUID())).status).toBe(404);
  });
});

describe('GET /v1/audit', () => {
  it('is for admins only', async () => {
    const { as, app } = await testApp();
    const response = await app.request(`/v1/audit?subjectId=x`, { headers: await as('tracer', { district: '500117' }) });
    expect(response.status).toBe(403);
  });

  it('needs a subjectId', async () => {
    const { as, app } = await testApp();
    const response = await app.request(`/v1/audit`, { headers: await as('admin', { district: '500117' }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).errors?.[0]?.path).toBe('query.subjectId');
  });
});
