/**
 * The office's jurisdiction, on DynamoDB Local: a district's office acts in its district only, an
 * office without a district nowhere; a city's or province's office (custom:district `XXXX00` or
 * `XX0000`) reads the districts under it, audited, and writes in none. Body ids are checked too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { buildSide, type Side } from '../support/access-world.js';
import { caojieBoundary } from '../support/campaigns.js';
import { registeredPerson } from '../support/persons.js';

type Harness = Awaited<ReturnType<typeof testApp>>;
type AuditLine = { action: string; actor: string; subjectId: string; reason?: string };
type Problem = { status: number; type: string; errors?: { path: string }[] };

let harness: Harness;
let side: Side;

beforeAll(async () => {
  harness = await testApp();
  side = await buildSide(harness);
}, 120_000);

const provinceOf = (district: string) => `${district.slice(0, 2)}0000`;
const cityOf = (district: string) => `${district.slice(0, 4)}00`;
/** A city of the same province that is not the district's (its last two digits changed). */
const otherCityOf = (district: string) => `${district.slice(0, 2)}${district.slice(2, 4) === '99' ? '98' : '99'}00`;

const get = async (path: string, headers: Record<string, string>) => harness.app.request(path, { headers });
const auditOf = async (subjectId: string): Promise<AuditLine[]> => {
  const response = await get(`/v1/audit?subjectId=${subjectId}`, await harness.as('admin', { district: side.district }));
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: AuditLine[] }).items;
};

describe('a district office acts in its district only', () => {
  it('refuses another district’s office a person’s record (404), health notes and ID number included, and audits no read', async () => {
    const elsewhere = await harness.as('admin', { district: uniqueDistrict(side.district), sub: `admin-elsewhere-${side.district}` });

    const response = await get(`/v1/persons/${side.personId}`, elsewhere);

    expect(response.status).toBe(404);
    expect(((await response.json()) as Problem).type).toMatch(/not_found$/);
    expect((await auditOf(side.personId)).filter((line) => line.actor === `admin-elsewhere-${side.district}`)).toEqual([]);
  });

  it('refuses another district’s office a change to a facility’s phone (the one its notices give families), leaving it as it was', async () => {
    const elsewhere = await harness.as('admin', { district: uniqueDistrict(side.district) });
    const before = await (await get(`/v1/facilities/${side.facilityId}`, elsewhere)).json();

    const response = await harness.send('PATCH', `/v1/facilities/${side.facilityId}`, elsewhere, { phone: '023-00000000' }, null);

    expect(response.status).toBe(404);
    expect(await (await get(`/v1/facilities/${side.facilityId}`, elsewhere)).json()).toEqual(before);
  });

  it('gives an office account without a district nothing: no person, no list, no registration', async () => {
    const nowhere = await harness.as('admin');

    expect((await get(`/v1/persons/${side.personId}`, nowhere)).status).toBe(404);
    expect((await get(`/v1/persons?district=${side.district}`, nowhere)).status).toBe(403);
    const registration = await harness.send('POST', '/v1/persons', nowhere, { name: '张伟', sex: 'male', estimatedAge: 70, estimatedAt: '2026-11-01', registrationSource: 'survey', district: side.district });
    expect(registration.status).toBe(403);
    const listed = (await (await get(`/v1/persons?district=${side.district}&q=张伟`, await harness.as('admin', { district: side.district }))).json()) as { items: unknown[] };
    expect(listed.items).toEqual([]);
  });
});

describe('a city’s or province’s office reads the districts under it, audited, and writes in none', () => {
  for (const [level, code] of [['province', provinceOf], ['city', cityOf]] as const) {
    it(`lets the ${level}'s office read a person of a district under it, with the office's full view, and audits the read with its jurisdiction`, async () => {
      const sub = `admin-${level}-${side.personId}`;
      const office = await harness.as('admin', { district: code(side.district), sub });

      const response = await get(`/v1/persons/${side.personId}`, office);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: side.personId, idNumber: side.idNumber, district: side.district });
      const reads = (await auditOf(side.personId)).filter((line) => line.actor === sub);
      expect(reads).toEqual([expect.objectContaining({ action: 'person.read', reason: expect.stringContaining(code(side.district)) })]);
    });
  }

  it('keeps another city’s office of the same province out', async () => {
    const office = await harness.as('admin', { district: otherCityOf(side.district) });
    expect((await get(`/v1/persons/${side.personId}`, office)).status).toBe(404);
    expect((await get(`/v1/persons?district=${side.district}`, office)).status).toBe(403);
  });

  it('lists a district under it when named, and asks for one otherwise', async () => {
    const office = await harness.as('admin', { district: provinceOf(side.district) });

    const named = await get(`/v1/persons?district=${side.district}`, office);
    const unnamed = await get('/v1/persons', office);

    expect(named.status).toBe(200);
    expect(((await named.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toContain(side.personId);
    expect(unnamed.status).toBe(403);
  });

  it('refuses the province’s office every write in a district under it, and nothing changes', async () => {
    const office = await harness.as('admin', { district: provinceOf(side.district) });
    const before = await (await get(`/v1/persons/${side.personId}`, await harness.as('admin', { district: side.district }))).json();

    const patch = await harness.app.request(`/v1/persons/${side.personId}`, {
      method: 'PATCH',
      headers: { ...office, 'content-type': 'application/json', 'if-match': `"v${(before as { version: number }).version}"` },
      body: JSON.stringify({ marks: '右耳垂有痣' }),
    });
    const registration = await harness.send('POST', '/v1/persons', office, { name: '李强', sex: 'male', estimatedAge: 50, estimatedAt: '2026-11-01', registrationSource: 'survey', district: side.district });
    const facility = await harness.send('PATCH', `/v1/facilities/${side.facilityId}`, office, { phone: '023-00000000' }, null);

    // Nor under its own code, as if it were a district.
    const underOwnCode = await harness.send('POST', '/v1/persons', office, { name: '李强', sex: 'male', estimatedAge: 50, estimatedAt: '2026-11-01', registrationSource: 'survey', district: provinceOf(side.district) });
    const areaUnderOwnCode = await harness.send('POST', '/v1/areas', office, { name: `省级${side.district}`, district: provinceOf(side.district), boundary: caojieBoundary });

    expect([patch.status, registration.status, facility.status, underOwnCode.status, areaUnderOwnCode.status]).toEqual([404, 403, 404, 403, 403]);
    expect(await (await get(`/v1/persons/${side.personId}`, await harness.as('admin', { district: side.district }))).json()).toEqual(before);
  });
});

describe('a wider office records nothing, even with a lookup grant', () => {
  it('refuses the province’s office an encounter with a person it found by ID number (403), and stores none', async () => {
    const office = await harness.as('admin', { district: provinceOf(side.district) });
    const admin = await harness.as('admin', { district: side.district });
    const count = async () => ((await (await get(`/v1/persons/${side.personId}/encounters`, admin)).json()) as { items: unknown[] }).items.length;
    const before = await count();
    expect((await harness.send('POST', '/v1/persons/lookup', office, { idNumber: side.idNumber }, null)).status).toBe(200);

    const response = await harness.send('POST', '/v1/encounters', office, {
      personId: side.personId, occurredAt: new Date(Date.now() - 60_000).toISOString(), location: { lat: 29.98, lng: 106.35, crs: 'WGS84' }, actions: ['offered_water'],
    });

    expect(response.status).toBe(403);
    expect(await count()).toBe(before);
  });
});

describe('every id in a body is checked against the caller’s jurisdiction', () => {
  it('refuses an encounter counted towards another district’s campaign (400 naming body.campaignId) and records nothing', async () => {
    const other = await buildSide(harness);
    const patrol = await harness.as('patrol', { district: side.district });
    const encounter = (campaignId: string) => ({
      personId: side.personId, campaignId, occurredAt: new Date(Date.now() - 60_000).toISOString(), location: { lat: 29.98, lng: 106.35, crs: 'WGS84' }, actions: ['offered_water'],
    });
    const encountersBefore = ((await (await get(`/v1/persons/${side.personId}/encounters`, patrol)).json()) as { items: unknown[] }).items.length;

    const refused = await harness.send('POST', '/v1/encounters', patrol, encounter(other.campaignId));
    const unknown = await harness.send('POST', '/v1/encounters', patrol, encounter('no-such-campaign'));

    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors?.map((error) => error.path)).toEqual(['body.campaignId']);
    expect(unknown.status).toBe(400);
    expect(((await (await get(`/v1/persons/${side.personId}/encounters`, patrol)).json()) as { items: unknown[] }).items).toHaveLength(encountersBefore);
    expect((await harness.send('POST', '/v1/encounters', patrol, encounter(side.campaignId))).status).toBe(201);
  });
});

describe('the campaign CSV export', () => {
  it('is audited per person it shows, like the visit list', async () => {
    // Arrange: a person on the street met inside a new area, then a cold-wave warning for that area.
    const admin = await harness.as('admin', { district: side.district });
    const areaName = `草街街道导出${side.district}`;
    expect((await harness.send('POST', '/v1/areas', admin, { name: areaName, district: side.district, boundary: caojieBoundary, altitudeM: 230 })).status).toBe(201);
    const registered = await harness.send('POST', '/v1/persons', admin, registeredPerson(side.district, { name: '周国强', status: 'on_street', riskFactors: ['repeat_rough_sleeper'], guardians: [] }));
    expect(registered.status).toBe(201);
    const personId = ((await registered.json()) as { person: { id: string } }).person.id;
    const met = await harness.send('POST', '/v1/encounters', await harness.as('patrol', { district: side.district }), {
      personId, occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: { lat: 29.981, lng: 106.351, crs: 'WGS84' }, actions: ['offered_water'],
    });
    expect(met.status).toBe(201);
    const sent = new Date(Date.now() - 60_000).toISOString();
    const warning = await harness.send('POST', '/v1/weather/warnings', admin, {
      identifier: `export-${personId}`, sender: 'cq@cma.gov.cn', sent, msgType: 'Alert', event: '寒潮', level: 'orange', onset: sent,
      expires: new Date(Date.now() + 2 * 86_400_000).toISOString(), areas: [areaName],
    });
    expect(warning.status).toBe(201);
    const campaigns = (await (await get(`/v1/campaigns?district=${side.district}`, admin)).json()) as { items: { id: string; areaName: string }[] };
    const campaignId = campaigns.items.find((campaign) => campaign.areaName === areaName)?.id as string;
    const visits = (await (await get(`/v1/campaigns/${campaignId}`, admin)).json()) as { visits: { kind: string; id: string }[] };
    expect(visits.visits.filter((visit) => visit.kind === 'person').map((visit) => visit.id)).toEqual([personId]);
    const sub = `patrol-export-${campaignId}`;
    const patrol = await harness.as('patrol', { district: side.district, sub });

    // Act
    const csv = await harness.app.request(`/v1/campaigns/${campaignId}/report?format=csv`, { headers: patrol });

    // Assert
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain(personId);
    // One audit view names the export's persons; the stream gives each its entry.
    await harness.auditViews.deliver();
    expect((await auditOf(personId)).filter((line) => line.actor === sub)).toEqual([
      expect.objectContaining({ action: 'campaign.report-export', reason: `campaign ${campaignId}` }),
    ]);
  });
});
