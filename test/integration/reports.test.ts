import { describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { station } from '../support/facilities.js';
import { registeredPerson } from '../support/persons.js';

describe('GET /v1/reports/monthly', () => {
  it('counts a district’s month as JSON, CSV and XLSX, for the office only', async () => {
    const harness = await testApp({ now: () => new Date('2026-11-20T04:00:00Z') });
    const district = uniqueDistrict();
    const admin = await harness.as('admin', { district });
    const facility = (await (await harness.send('POST', '/v1/facilities', admin, station(district))).json()) as { id: string };
    const person = ((await (await harness.send('POST', '/v1/persons', admin, registeredPerson(district))).json()) as { person: { id: string } }).person;
    const patrol = await harness.as('patrol', { district });
    for (const occurredAt of ['2026-11-02T01:00:00Z', '2026-11-19T01:00:00Z', '2026-10-30T01:00:00Z']) {
      const met = await harness.send('POST', '/v1/encounters', patrol, { personId: person.id, occurredAt, location: { lat: 29.98, lng: 106.35, crs: 'WGS84' }, actions: ['escorted_to_station'] });
      expect(met.status).toBe(201);
    }
    const admitted = await harness.send('POST', '/v1/admissions', admin, { personId: person.id, facilityId: facility.id, at: '2026-11-19T02:00:00Z', via: 'escorted_by_patrol' });
    expect(admitted.status).toBe(201);

    const json = await harness.app.request(`/v1/reports/monthly?month=2026-11&district=${district}`, { headers: admin });
    expect(json.status).toBe(200);
    const report = (await json.json()) as Record<string, Record<string, unknown>>;
    expect(report['encounters']).toEqual({ total: 2, personsMet: 1, escortedToStation: 2, refusedHelp: 0 });
    expect(report['admissions']).toMatchObject({ total: 1, byFacilityType: { aid_station: 1 }, byVia: { escorted_by_patrol: 1 } });
    expect(report['register']).toEqual({ total: 1, byStatus: { in_care: 1 } });
    expect(report['reunions']).toEqual({ total: 0, dischargedToFamily: 0, source: 'tracing_cases' });

    const csv = await harness.app.request(`/v1/reports/monthly?month=2026-11&district=${district}&format=csv`, { headers: admin });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain('街面巡查,遇见次数,2');

    const xlsx = await harness.app.request(`/v1/reports/monthly?month=2026-11&district=${district}&format=xlsx`, { headers: admin });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // a zip, as every .xlsx is

    const refused = await harness.app.request(`/v1/reports/monthly?month=2026-11`, { headers: patrol });
    expect(refused.status).toBe(403);

    const daily = await harness.app.request(`/v1/reports/daily?since=2026-11-18&until=2026-11-20&district=${district}`, { headers: admin });
    expect(((await daily.json()) as { days: unknown[] }).days).toEqual([
      { date: '2026-11-18', encounters: 0 },
      { date: '2026-11-19', encounters: 1 },
      { date: '2026-11-20', encounters: 0 },
    ]);
  });

  it('names a bad month, and keeps an office to its district', async () => {
    const harness = await testApp();
    const admin = await harness.as('admin', { district: uniqueDistrict() });
    const bad = await harness.app.request('/v1/reports/monthly?month=2026-13', { headers: admin });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('query.month');
    const reversed = await harness.app.request('/v1/reports/daily?since=2026-11-20&until=2026-11-19', { headers: admin });
    expect(((await reversed.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('query.until');
    const long = await harness.app.request('/v1/reports/daily?since=2026-01-01&until=2026-12-31', { headers: admin });
    expect(long.status).toBe(400);
    const noDistrict = await harness.app.request('/v1/reports/monthly?month=2026-11', { headers: await harness.as('admin') });
    expect(noDistrict.status).toBe(403);
  });
});
