import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { caojieBoundary, capFixture } from '../support/campaigns.js';
import { divisionPrefix } from '../../shared/domain/warning-areas.js';

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
    for (const [name, path] of [['billion-laughs.xml', 'body'], ['external-entity.xml', 'body'], ['malformed.xml', 'body']] as const) {
      const response = await postWarning(capFixture(name));
      const problem = (await response.json()) as Problem;
      expect(response.status, name).toBe(400);
      expect(problem.errors?.map((e) => e.path), name).toEqual([path]);
    }
    expect((await postWarning('')).status).toBe(400);
    expect((await postWarning('<alert/>', 'application/x-www-form-urlencoded')).status).toBe(415);
    // Nothing was stored: a message refused for a bad field, sent whole, is new.
    const bad = capFixture('heat-alert.xml').replace('<sent>2026-07-20T10:30:00+08:00</sent>', '<sent>yesterday</sent>');
    expect(((await (await postWarning(bad)).json()) as Problem).errors?.map((e) => e.path)).toEqual(['body.alert.sent']);
    expect((await postWarning(capFixture('heat-alert.xml'))).status).toBe(201);
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

describe('real warnings', () => {
  type Received = { applied: { areaName: string; status: string; level?: string; matchedBy?: string[] }[]; ignored?: string; unmatchedAreas: string[] };
  /** A district whose code reads as a county's (a valid province, not ending in 00), so that a geocode can name it. */
  const countyDistrict = () => {
    for (;;) {
      const code = uniqueDistrict();
      if (divisionPrefix(code) === code) return code;
    }
  };
  async function withCaojie() {
    const harness = await testApp({ now: () => new Date('2026-07-20T03:00:00Z') });
    const district = countyDistrict();
    const admin = await harness.as('admin', { district });
    const postWarning = (body: string, type = 'application/cap+xml') => harness.app.request('/v1/weather/warnings', { method: 'POST', headers: { ...admin, 'content-type': type }, body });
    expect((await harness.send('POST', '/v1/areas', admin, { name: '草街街道', district, boundary: caojieBoundary })).status).toBe(201);
    return { ...harness, district, admin, postWarning };
  }
  const heat = (identifier: string, area: string) =>
    capFixture('heat-alert.xml').replace('50011741600000_20260720103000', identifier).replace(/<area>[\s\S]*<\/area>/, `<area>${area}</area>`);

  it('takes application/xml and text/xml as feeds send them, and a signal without expires', async () => {
    const { postWarning } = await withCaojie();
    for (const [type, id] of [['application/xml', 'x-1'], ['text/xml; charset=utf-8', 'x-2']] as const) {
      const response = await postWarning(heat(id, '<areaDesc>草街街道</areaDesc>'), type);
      expect(response.status, type).toBe(201);
      expect(((await response.json()) as Received).applied).toEqual([expect.objectContaining({ areaName: '草街街道', status: 'active', level: 'orange' })]);
    }
    const lasting = await postWarning(capFixture('missing-expires.xml'));
    expect(lasting.status).toBe(201);
    expect(((await lasting.json()) as Received).applied).toEqual([expect.objectContaining({ status: 'active' })]);
  });

  it('reaches the area by its county code, by a polygon or circle over it, by a longer name; and says how', async () => {
    const { postWarning, district } = await withCaojie();
    const matched = async (id: string, area: string) => ((await (await postWarning(heat(id, area))).json()) as Received).applied.map((a) => a.matchedBy);
    expect(await matched('g-1', `<areaDesc>合川区</areaDesc><geocode><valueName>ADCODE</valueName><value>${district}</value></geocode>`)).toEqual([['geocode']]);
    expect(await matched('g-2', '<areaDesc>某片区</areaDesc><polygon>29.985,106.355 29.985,106.37 30.0,106.37 30.0,106.355 29.985,106.355</polygon>')).toEqual([['polygon']]);
    expect(await matched('g-3', '<areaDesc>某点</areaDesc><circle>29.98,106.37 1.5</circle>')).toEqual([['circle']]);
    expect(await matched('g-4', '<areaDesc>合川区草街街道</areaDesc>')).toEqual([['name']]);
    const elsewhere = (await (await postWarning(heat('g-5', '<areaDesc>北碚区</areaDesc><geocode><valueName>ADCODE</valueName><value>500109</value></geocode>'))).json()) as Received;
    expect(elsewhere).toMatchObject({ applied: [], ignored: 'names no area of ours', unmatchedAreas: ['北碚区'] });
  });

  it('takes a message of detailed polygons near 1 MiB, applied by its shape and kept whole as one message', async () => {
    const { postWarning } = await withCaojie();
    // A ring of 40,000 points round 草街 (about 800 KB of text), as a province's detailed boundary would be.
    const points = Array.from({ length: 40_000 }, (_, i) => {
      const angle = (2 * Math.PI * i) / 40_000;
      return `${(29.98 + 0.05 * Math.sin(angle)).toFixed(6)},${(106.35 + 0.05 * Math.cos(angle)).toFixed(6)}`;
    });
    const xml = heat('big-1', `<areaDesc>某片区</areaDesc><polygon>${[...points, points[0]].join(' ')}</polygon>`);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(512 * 1024);
    const response = await postWarning(xml, 'application/xml');
    expect(response.status).toBe(201);
    expect(((await response.json()) as Received).applied).toEqual([expect.objectContaining({ areaName: '草街街道', matchedBy: ['polygon'] })]);
    expect((await postWarning(xml, 'application/xml')).status).toBe(200);
  });

  it('a block whose headline says 解除 lifts the signal in force', async () => {
    const { postWarning } = await withCaojie();
    expect((await postWarning(heat('l-1', '<areaDesc>草街街道</areaDesc>'))).status).toBe(201);
    const lift = heat('l-2', '<areaDesc>草街街道</areaDesc>')
      .replace('<sent>2026-07-20T10:30:00+08:00</sent>', '<sent>2026-07-20T18:00:00+08:00</sent>')
      .replace('11B09_ORANGE', '11B09')
      .replace('发布高温橙色预警信号</headline>', '解除高温橙色预警信号</headline>');
    const lifted = (await (await postWarning(lift)).json()) as Received;
    expect(lifted.applied).toEqual([expect.objectContaining({ areaName: '草街街道', status: 'cancelled' })]);
  });

  it('receives every real message of other publishers: stored, and ignored for their hazard, status or reach', async () => {
    const { postWarning } = await withCaojie();
    const outcomes: Record<string, string | undefined> = {};
    for (const name of readdirSync(new URL('../fixtures/cap/real/', import.meta.url)).filter((file) => file.endsWith('.xml')).sort()) {
      const response = await postWarning(capFixture(`real/${name}`), 'application/xml');
      expect(response.status, name).toBe(201);
      outcomes[name] = ((await response.json()) as Received).ignored;
    }
    expect(Object.values(outcomes).every((reason) => reason === 'not a hazard campaigns answer (高温, 寒潮, 道路结冰)')).toBe(true);
    expect(Object.keys(outcomes)).toHaveLength(11);
  });
});
