import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { caojieBoundary, capFixture } from '../support/campaigns.js';

type Problem = { status: number; errors?: { path: string; message: string }[] };

async function setup() {
  const harness = await testApp({ now: () => new Date('2026-07-20T03:00:00Z') });
  const district = uniqueDistrict();
  const admin = await harness.as('admin', { district });
  const postWarning = (body: string, type = 'application/cap+xml') => harness.app.request('/v1/weather/warnings', { method: 'POST', headers: { ...admin, 'content-type': type }, body });
  return { ...harness, district, admin, postWarning };
}

describe('areas', () => {
  it('creates once per key, names unique in the district, changes with If-Match, refuses a bad boundary naming the field', async () => {
    const { send, app, admin, district, as } = await setup();
    const key = randomUUID();
    const body = { name: '草街街道', district, boundary: caojieBoundary };
    const created = await send('POST', '/v1/areas', admin, body, key);
    expect(created.status).toBe(201);
    const area = (await created.json()) as { id: string; centroid: unknown };
    expect(area.centroid).toEqual({ lat: 29.98, lng: 106.35 });
    const replay = await send('POST', '/v1/areas', admin, body, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { id: string }).id).toBe(area.id);
    expect((await send('POST', '/v1/areas', admin, body)).status).toBe(409);

    const open = { ...body, name: '钱塘镇', boundary: { type: 'Polygon', coordinates: [[[106.34, 29.97], [106.36, 29.97], [106.36, 29.99]]] } };
    const refused = (await (await send('POST', '/v1/areas', admin, open)).json()) as Problem;
    expect(refused.status).toBe(400);
    expect(new Set(refused.errors?.map((e) => e.path))).toEqual(new Set(['body.boundary.coordinates.0'])); // too few positions, and open

    const patch = (headers: Record<string, string>, change: unknown) =>
      app.request(`/v1/areas/${area.id}`, { method: 'PATCH', headers: { ...admin, ...headers, 'content-type': 'application/json' }, body: JSON.stringify(change) });
    expect((await patch({ 'if-match': '"v1"' }, { altitudeM: 380 })).status).toBe(200);
    expect((await patch({ 'if-match': '"v1"' }, { altitudeM: 390 })).status).toBe(412);
    const list = await app.request(`/v1/areas?district=${district}`, { headers: await as('patrol', { district }) });
    expect(((await list.json()) as { items: { altitudeM: number }[] }).items).toEqual([expect.objectContaining({ altitudeM: 380 })]);

    const stranger = await as('patrol', { district: uniqueDistrict() });
    expect((await app.request(`/v1/areas/${area.id}`, { headers: stranger })).status).toBe(404);
    expect((await send('POST', '/v1/areas', await as('patrol', { district }), { ...body, name: '龙市镇' })).status).toBe(403);
  });
});

describe('official warnings', () => {
  it('refuses malformed and hostile messages with a 400 naming the field, and stores nothing', async () => {
    const { postWarning, send, admin, district } = await setup();
    await send('POST', '/v1/areas', admin, { name: '草街街道', district, boundary: caojieBoundary });
    for (const [name, path] of [['billion-laughs.xml', 'body'], ['external-entity.xml', 'body'], ['malformed.xml', 'body'], ['missing-expires.xml', 'body.alert.info.expires']] as const) {
      const response = await postWarning(capFixture(name));
      const problem = (await response.json()) as Problem;
      expect(response.status, name).toBe(400);
      expect(problem.errors?.map((e) => e.path), name).toEqual([path]);
    }
    expect((await postWarning('')).status).toBe(400);
    expect((await postWarning('<alert/>', 'application/x-www-form-urlencoded')).status).toBe(415);
    // Nothing was stored: the message refused for its missing expiry, sent whole, is new.
    const whole = capFixture('heat-alert.xml').replace('50011741600000_20260720103000', 'no-expiry-1');
    expect((await postWarning(whole)).status).toBe(201);
  });

  it('takes the JSON form; the same message twice is one (200), another under its identifier a 409; other hazards and tests are stored and ignored', async () => {
    const { postWarning, send, admin, district } = await setup();
    await send('POST', '/v1/areas', admin, { name: '草街街道', district, boundary: caojieBoundary, altitudeM: 600 });
    const json = (body: unknown) => postWarning(JSON.stringify(body), 'application/json');
    const base = { identifier: 'json-1', sender: 'office@cq.example.cn', sent: '2026-07-20T08:00:00+08:00', msgType: 'Alert', event: '暴雨', level: 'orange', expires: '2026-07-21T08:00:00+08:00', areas: ['草街街道'] };
    const rain = await json(base);
    expect(rain.status).toBe(201);
    expect(await rain.json()).toMatchObject({ hazard: null, applied: [], ignored: expect.stringContaining('not a hazard') });
    expect((await json(base)).status).toBe(200);
    expect((await json({ ...base, level: 'red' })).status).toBe(409);
    const drill = await json({ ...base, identifier: 'json-2', event: '高温', status: 'Exercise' });
    expect(await drill.json()).toMatchObject({ applied: [], ignored: 'status Exercise' });
    // Heat signals stop at 400 m (the CAP description says so): this area lies at 600 m.
    const high = await postWarning(capFixture('heat-alert.xml'));
    expect(await high.json()).toMatchObject({ hazard: 'heat', applied: [], unmatchedAreas: ['钱塘镇'] });
    const bad = (await (await json({ ...base, identifier: 'json-3', msgType: 'Update' })).json()) as Problem;
    expect(bad.errors?.map((e) => e.path)).toEqual(['body.references']);
  });
});
