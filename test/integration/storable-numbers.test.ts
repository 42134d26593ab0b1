/**
 * Numbers DynamoDB cannot store (a magnitude below 1e-130 or from 1e126 on) and rings that cross
 * themselves: refused as a 400 naming the field, with nothing written, instead of a failed write (500).
 */
import { describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { buildSide } from '../support/access-world.js';

type Problem = { status: number; errors?: { path: string; message: string }[] };
const pathsOf = async (response: Response) => ((await response.json()) as Problem).errors?.map((error) => error.path) ?? [];

async function arrange(options: { editableRules?: boolean } = {}) {
  const harness = await testApp(options);
  const district = uniqueDistrict();
  const admin = await harness.as('admin', { district });
  const areasOf = async () => ((await (await harness.app.request(`/v1/areas?district=${district}`, { headers: admin })).json()) as { items: unknown[] }).items;
  return { ...harness, district, admin, areasOf };
}

describe('numbers the store cannot hold', () => {
  it('refuses an area position of magnitude 1e-300 (400 naming the position) and stores no area', async () => {
    const { send, admin, district, areasOf } = await arrange();
    const boundary = { type: 'Polygon', coordinates: [[[1e-300, 0], [1, 0], [1, 1], [0, 1], [1e-300, 0]]] };

    const response = await send('POST', '/v1/areas', admin, { name: '草街街道', district, boundary });

    expect(response.status).toBe(400);
    expect(await pathsOf(response)).toContain('body.boundary.coordinates.0.0.0');
    expect(await areasOf()).toEqual([]);
  });

  it('refuses an aid payment of 1e-300 yuan (400 naming body.amount) and leaves the case open', async () => {
    const harness = await testApp();
    const side = await buildSide(harness);
    const admin = await harness.as('admin', { district: side.district });

    const response = await harness.send('POST', `/v1/aid-cases/${side.aidCaseId}/paid`, admin, { amount: 1e-300, at: new Date(Date.now() - 60_000).toISOString() });

    expect(response.status).toBe(400);
    expect(await pathsOf(response)).toEqual(['body.amount']);
    const aidCase = (await (await harness.app.request(`/v1/aid-cases/${side.aidCaseId}`, { headers: admin })).json()) as { status: string };
    expect(aidCase.status).toBe('open');
  }, 120_000);

  it('refuses a rule value of 1e-300 (400 naming it) and keeps the rule as it was', async () => {
    const { app, as } = await arrange({ editableRules: true });
    // The national thresholds are the system role's to change (a district office gets 403 before any value is read).
    const admin = await as('system');
    const read = await app.request('/v1/rules/weather.national', { headers: admin });
    expect(read.status).toBe(200);
    const { value, version } = (await read.json()) as { value: { coldWave: { blue: { minAtMost: number } } }; version: number };
    const changed = structuredClone(value);
    changed.coldWave.blue.minAtMost = 1e-300;

    const response = await app.request('/v1/rules/weather.national', {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json', 'if-match': read.headers.get('etag') ?? '' },
      body: JSON.stringify({ value: changed }),
    });

    expect(response.status).toBe(400);
    expect(await pathsOf(response)).toEqual(['body.value.coldWave.blue.minAtMost']);
    const after = (await (await app.request('/v1/rules/weather.national', { headers: admin })).json()) as { value: unknown; version: number };
    expect(after).toMatchObject({ value, version });
  });
});

describe('area rings', () => {
  it('refuses a ring that crosses itself (a figure eight), naming the ring, and stores no area', async () => {
    const { send, admin, district, areasOf } = await arrange();
    // Lobes of different sizes, so that the shoelace area is not zero and only the crossing refuses it.
    const eight = [[106.3, 29.95], [106.4, 30.0], [106.4, 29.95], [106.3, 30.02], [106.3, 29.95]];

    const response = await send('POST', '/v1/areas', admin, { name: '草街街道', district, boundary: { type: 'Polygon', coordinates: [eight] } });

    expect(response.status).toBe(400);
    expect(await pathsOf(response)).toEqual(['body.boundary.coordinates.0']);
    expect(await areasOf()).toEqual([]);
  });

  it('refuses a change of boundary to a ring that touches itself, keeping the old boundary', async () => {
    const { send, app, admin, district } = await arrange();
    const square = [[106.3, 29.95], [106.4, 29.95], [106.4, 30.0], [106.3, 30.0], [106.3, 29.95]];
    const created = await send('POST', '/v1/areas', admin, { name: '草街街道', district, boundary: { type: 'Polygon', coordinates: [square] } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // The fourth position lies on the first edge: the ring touches itself there.
    const touching = [[106.3, 29.95], [106.4, 29.95], [106.4, 30.0], [106.35, 29.95], [106.3, 30.0], [106.3, 29.95]];

    const response = await send('PATCH', `/v1/areas/${id}`, admin, { boundary: { type: 'Polygon', coordinates: [touching] } }, null);

    expect(response.status).toBe(400);
    expect(await pathsOf(response)).toEqual(['body.boundary.coordinates.0']);
    const area = (await (await app.request(`/v1/areas/${id}`, { headers: admin })).json()) as { boundary: { coordinates: unknown } };
    expect(area.boundary.coordinates).toEqual([square]);
  });
});
