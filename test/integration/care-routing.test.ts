import { describe, expect, it } from 'vitest';
// The app first: its OpenAPI extension of zod must load before any domain schema is built.
import { testApp, uniqueDistrict } from '../support/app.js';
import type { Facility } from '../../shared/domain/facility.js';
import { station } from '../support/facilities.js';
import { registeredPerson } from '../support/persons.js';

type Problem = { status: number; rule?: string; reason?: string; errors?: { path: string }[] };
type StayView = { id: string; admittedAt: string; limit: { applies: boolean; endsAt?: string } };

const now = new Date('2026-11-28T04:00:00Z');

/** A district of its own, its office and helpers at a pinned time. */
async function setup(at: Date = now) {
  const harness = await testApp({ now: () => at });
  const { app, send, as } = harness;
  const district = uniqueDistrict();
  const admin = await as('admin', { district });
  const newFacility = async (overrides: Record<string, unknown> = {}) => {
    const response = await send('POST', '/v1/facilities', admin, station(district, { capacity: { male: 5, female: 5 }, ...overrides }));
    expect(response.status).toBe(201);
    return (await response.json()) as Facility;
  };
  const staffOf = (facility: Facility) => as('shelter', { district: facility.district, facility: facility.id, sub: `shelter-${facility.id}` });
  const register = async (overrides: Record<string, unknown> = {}) => {
    const body = registeredPerson(district, { status: 'on_street', riskFactors: [], healthNotes: undefined, birthYear: 1980, guardians: [], ...overrides });
    const response = await send('POST', '/v1/persons', admin, body);
    expect(response.status).toBe(201);
    return ((await response.json()) as { person: { id: string } }).person.id;
  };
  const admit = async (personId: string, facility: Facility, extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    send('POST', '/v1/admissions', headers ?? (await staffOf(facility)), { personId, facilityId: facility.id, at: new Date(at.getTime() - 3600_000).toISOString(), via: 'self_referred', ...extra });
  const get = async <T>(path: string, headers: Record<string, string> = admin) => {
    const response = await app.request(path, { headers });
    return { status: response.status, body: (await response.json()) as T };
  };
  return { ...harness, district, admin, newFacility, staffOf, register, admit, get };
}

describe('jurisdiction of shelter staff (custom:facility inside custom:district)', () => {
  it('a token naming a facility of another district acts nowhere; a facility claim without a district is refused', async () => {
    const { as, newFacility, register, admit, get } = await setup();
    const home = await newFacility();
    const personId = await register();
    const foreign = await as('shelter', { district: uniqueDistrict(), facility: home.id });
    expect((await admit(personId, home, {}, foreign)).status).toBe(404);
    expect((await get(`/v1/facilities/${home.id}/occupancy`, foreign)).status).toBe(404);
    expect((await get(`/v1/stays?facilityId=${home.id}`, foreign)).status).toBe(404);
    const placeless = await as('shelter', { facility: home.id });
    expect((await get(`/v1/facilities/${home.id}/occupancy`, placeless)).status).toBe(403);
    // The facility's own staff still act there.
    expect((await admit(personId, home)).status).toBe(201);
  });
});

describe('one clock for time in care (rules 5, 7 and 9)', () => {
  it('a transfer keeps care since: rule 9’s limit still runs out 10 days after the first admission', async () => {
    const { send, newFacility, register, admit, staffOf } = await setup();
    const first = await newFacility();
    const second = await newFacility();
    const personId = await register();
    const admittedAt = new Date(now.getTime() - 9 * 86_400_000).toISOString();
    const stay = (await (await admit(personId, first, { at: admittedAt })).json()) as StayView;
    const moved = await send('POST', `/v1/stays/${stay.id}/transfer`, await staffOf(first), { toFacilityId: second.id }, null);
    expect(moved.status).toBe(200);
    const next = (await moved.json()) as StayView;
    expect(next.limit).toMatchObject({ applies: true, endsAt: new Date(Date.parse(admittedAt) + 10 * 86_400_000).toISOString() });
    const listed = (await (await send('GET', `/v1/stays?facilityId=${second.id}`, await staffOf(second))).json()) as { items: StayView[] };
    expect(listed.items[0]?.limit.endsAt).toBe(next.limit.endsAt);
  });
});
