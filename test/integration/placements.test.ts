import { randomUUID } from 'node:crypto';
import { type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
// The app first: its OpenAPI extension of zod must load before any domain schema is built.
import { testApp, uniqueDistrict, countyCodeIn } from '../support/app.js';
import type { Facility } from '../../shared/domain/facility.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { officialCalendar } from '../../shared/rules/calendar.js';
import type { Db } from '../../shared/store/client.js';
import { keys } from '../../shared/store/keys.js';
import { runSweep } from '../../shared/sweep/sweep.js';
import { careStagesJob, expiredOffersJob } from '../../shared/sweep/care-jobs.js';
import { station } from '../support/facilities.js';
import { captureEvents } from '../support/events.js';
import { registeredPerson } from '../support/persons.js';

type Candidate = { facilityId: string; type: string; rank: number; reasons: { category: string; bedFree: boolean; sameDistrict: boolean; distanceMeters?: number } };
type Proposal = { id: string; routing: { category: string; condition: string }; candidates: Candidate[]; fits: boolean; waitlist?: { facilityId: string; href: string }; kind: string };
type Placement = { id: string; status: string; toFacilityId: string; nextCandidate?: Candidate; decision?: { stayId?: string } };
type Beds = { capacity: number; taken: number; held: number; free: number };
type Entry = { id: string; personId: string; status: string; offer?: { expiresAt: string } };
type Occupancy = { beds: { male: Beds; female: Beds }; residents: { id: string }[]; arrivals: Placement[]; waitlist: { male: { offered: Entry[]; waiting: Entry[] } } };
type Event = { kind: string; district: string; facilityId?: string; payload: Record<string, unknown> };

const now = new Date('2026-11-28T04:00:00Z');


/** Province codes 00–09: no other test's districts (100000 and up) lie there, and each test here takes its own. */
let provinces = 0;

/** A province of its own, a station and helpers at a pinned time. */
async function setup(at: Date = now) {
  const harness = await testApp({ now: () => at });
  const { app, send, as } = harness;
  // Districts in one fresh "province" (first two digits), so that routing sees only this test's facilities.
  const province = `0${provinces++}`;
  if (provinces > 10) throw new Error('More tests than free province codes: widen the scheme.');
  const districtIn = () => countyCodeIn(province);
  const district = districtIn();
  const admin = await as('admin', { district });
  const newFacility = async (overrides: Record<string, unknown> = {}, inDistrict = district) => {
    const response = await send('POST', '/v1/facilities', await as('admin', { district: inDistrict }), station(inDistrict, { capacity: { male: 5, female: 5 }, ...overrides }));
    expect(response.status).toBe(201);
    return (await response.json()) as Facility;
  };
  const station0 = await newFacility();
  const staffOf = (facility: Facility) => as('shelter', { district: facility.district, facility: facility.id, sub: `shelter-${facility.id}` });
  const shelter = await staffOf(station0);
  const register = async (overrides: Record<string, unknown> = {}) => {
    const body = registeredPerson(district, { status: 'on_street', riskFactors: [], healthNotes: undefined, birthYear: 1980, guardians: [], ...overrides });
    const response = await send('POST', '/v1/persons', admin, body);
    expect(response.status).toBe(201);
    return ((await response.json()) as { person: { id: string } }).person.id;
  };
  const admit = async (personId: string, facility = station0, when = new Date(at.getTime() - 3600_000)) => {
    const response = await send('POST', '/v1/admissions', await staffOf(facility), { personId, facilityId: facility.id, at: when.toISOString(), via: 'self_referred' });
    return response;
  };
  const get = async <T>(path: string, headers: Record<string, string> = admin) => {
    const response = await app.request(path, { headers });
    return { status: response.status, body: (await response.json()) as T };
  };
  const occupancyOf = async (facility: Facility) => (await get<Occupancy>(`/v1/facilities/${facility.id}/occupancy`, await staffOf(facility))).body;
  return { ...harness, province, districtIn, district, admin, newFacility, station0, staffOf, shelter, register, admit, get, occupancyOf };
}

describe('POST /v1/placements/proposals (rule 8)', () => {
  it('ranks the category’s facilities with reasons: a free bed, same district, distance; an index query, never a scan', async () => {
    const { send, shelter, register, admit, newFacility, districtIn, requests, app, staffOf } = await setup();
    const near = await newFacility({ type: 'psychiatric_welfare', location: { lat: 29.99, lng: 106.27 } });
    const far = await newFacility({ type: 'psychiatric_welfare', location: { lat: 30.5, lng: 106.27 } });
    const otherDistrict = await newFacility({ type: 'psychiatric_welfare', location: { lat: 29.98, lng: 106.27 } }, districtIn());
    const full = await newFacility({ type: 'psychiatric_welfare', capacity: { male: 0, female: 3 } });
    const home = await newFacility({ type: 'welfare_home' });
    const personId = await register({ riskFactors: ['mental_disorder'] });
    expect((await admit(personId)).status).toBe(201);
    requests.reset();
    const response = await send('POST', '/v1/placements/proposals', shelter, { personId });
    expect(response.status).toBe(201);
    expect(requests.byCommand()['Scan']).toBeUndefined();
    const proposal = (await response.json()) as Proposal;
    expect(proposal.routing).toMatchObject({ category: 'psychiatric_welfare', condition: 'mental_disorder_without_relatives' });
    expect(proposal.fits).toBe(true);
    // The full psychiatric facility (the right category: its waitlist) ranks above the welfare home (a fallback type) with beds.
    expect(proposal.candidates.map((candidate) => candidate.facilityId)).toEqual([near.id, far.id, otherDistrict.id, full.id, home.id]);
    expect(proposal.candidates[0]?.reasons).toMatchObject({ category: 'psychiatric_welfare', bedFree: true, sameDistrict: true });
    expect(proposal.candidates[0]?.reasons.distanceMeters).toBeGreaterThan(1000);
    expect(proposal.candidates[2]?.reasons.sameDistrict).toBe(false);
    expect(proposal.candidates[3]?.reasons.bedFree).toBe(false);
    // Where the Location points: the proposal, for the person's facility and the facilities proposed.
    expect(response.headers.get('location')).toBe(`/v1/placements/proposals/${proposal.id}`);
    const read = await app.request(`/v1/placements/proposals/${proposal.id}`, { headers: shelter });
    expect(read.status).toBe(200);
    expect(((await read.json()) as Proposal).candidates).toEqual(proposal.candidates);
    expect((await app.request(`/v1/placements/proposals/${proposal.id}`, { headers: await staffOf(full) })).status).toBe(200);
    const elsewhere = await newFacility({ type: 'aid_station' });
    expect((await app.request(`/v1/placements/proposals/${proposal.id}`, { headers: await staffOf(elsewhere) })).status).toBe(404);
  });

  it('when nothing fits says so and offers the best fit’s waitlist; another facility’s resident is a 404', async () => {
    const { send, shelter, register, admit, newFacility, staffOf, district } = await setup();
    const child = await newFacility({ type: 'child_protection', capacity: { male: 0, female: 2 } });
    const personId = await register({ birthYear: 2012 });
    expect((await admit(personId)).status).toBe(201);
    const proposal = (await (await send('POST', '/v1/placements/proposals', shelter, { personId })).json()) as Proposal;
    expect(proposal.routing.category).toBe('child_protection');
    expect(proposal.fits).toBe(false);
    expect(proposal.waitlist).toEqual({ facilityId: child.id, href: `/v1/facilities/${child.id}/waitlist` });
    expect((await send('POST', '/v1/placements/proposals', await staffOf(child), { personId })).status).toBe(404);
    expect(district).toMatch(/^\d{6}$/);
  });
});

describe('placement lifecycle', () => {
  it('request holds a bed; accept moves the stay in one transaction (old bed freed, held bed taken); counts stay exact', async () => {
    const { db, send, app, shelter, register, admit, newFacility, staffOf, station0, occupancyOf, requests, get } = await setup();
    const home = await newFacility({ type: 'welfare_home' });
    const homeStaff = await staffOf(home);
    const personId = await register({ birthYear: 1950 });
    const stay = (await (await admit(personId)).json()) as { id: string };
    const events = captureEvents(db);
    const key = randomUUID();
    const requested = await send('POST', '/v1/placements', shelter, { personId, facilityId: home.id, kind: 'long_term' }, key);
    expect(requested.status).toBe(201);
    const placement = (await requested.json()) as Placement;
    expect(placement.status).toBe('pending');
    expect((await send('POST', '/v1/placements', shelter, { personId, facilityId: home.id, kind: 'long_term' }, key)).headers.get('idempotent-replayed')).toBe('true');
    expect((await occupancyOf(home)).beds.male).toEqual({ capacity: 5, taken: 0, held: 1, free: 4 });
    expect((await occupancyOf(home)).arrivals.map((arrival) => arrival.id)).toEqual([placement.id]);
    expect(events.map((event) => event.kind)).toEqual(['placement_requested']);
    expect(events[0]).toMatchObject({ facilityId: home.id, district: home.district });
    // The sending station cannot accept; the receiving one lists it and accepts.
    expect((await send('POST', `/v1/placements/${placement.id}/accept`, shelter, undefined, null)).status).toBe(404);
    expect((await get<{ items: Placement[] }>(`/v1/placements?status=pending`, homeStaff)).body.items.map((item) => item.id)).toEqual([placement.id]);
    requests.reset();
    const accepted = await send('POST', `/v1/placements/${placement.id}/accept`, homeStaff, undefined, null);
    expect(accepted.status).toBe(200);
    console.log('requests per accept', requests.byCommand());
    const body = (await accepted.json()) as Placement;
    expect(body.status).toBe('accepted');
    expect((await send('POST', `/v1/placements/${placement.id}/accept`, homeStaff, undefined, null)).status).toBe(200);
    expect((await occupancyOf(home)).beds.male).toEqual({ capacity: 5, taken: 1, held: 0, free: 4 });
    expect((await occupancyOf(station0)).beds.male).toEqual({ capacity: 5, taken: 0, held: 0, free: 5 });
    const person = await get<{ status: string }>(`/v1/persons/${personId}`);
    expect(person.body.status).toBe('placed');
    const old = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.stay(stay.id), ConsistentRead: true }))).Item?.['stay'];
    expect(old).toMatchObject({ status: 'ended', discharge: { reason: 'placed', movedTo: { stayId: body.decision?.stayId, facilityId: home.id } } });
    expect((await get(`/v1/stays/${body.decision?.stayId}`, homeStaff)).status).toBe(200);
  });

  it('a long-term placement accepted takes the person off every waitlist they were on', async () => {
    const { send, shelter, register, admit, newFacility, staffOf, get } = await setup();
    const home = await newFacility({ type: 'welfare_home' });
    const full = await newFacility({ capacity: { male: 1, female: 1 } });
    expect((await admit(await register(), full)).status).toBe(201);
    const personId = await register({ birthYear: 1950 });
    expect((await admit(personId)).status).toBe(201);
    const joined = await send('POST', `/v1/facilities/${full.id}/waitlist`, await staffOf(full), { personId, reason: '离家近，家属探望方便' });
    expect(joined.status).toBe(201);
    const placement = (await (await send('POST', '/v1/placements', shelter, { personId, facilityId: home.id, kind: 'long_term' })).json()) as Placement;
    expect((await send('POST', `/v1/placements/${placement.id}/accept`, await staffOf(home), undefined, null)).status).toBe(200);
    const list = (await get<{ male: { waiting: unknown[]; offered: unknown[] } }>(`/v1/facilities/${full.id}/waitlist`, await staffOf(full))).body;
    expect(list.male).toEqual({ waiting: [], offered: [] });
  });

  it('decline frees the hold and names the next candidate of the proposal', async () => {
    const { send, app, shelter, register, admit, newFacility, staffOf, occupancyOf } = await setup();
    const first = await newFacility({ type: 'welfare_home', location: { lat: 29.981, lng: 106.27 } });
    const second = await newFacility({ type: 'welfare_home', location: { lat: 30.2, lng: 106.27 } });
    const personId = await register({ birthYear: 1950 });
    expect((await admit(personId)).status).toBe(201);
    const proposal = (await (await send('POST', '/v1/placements/proposals', shelter, { personId })).json()) as Proposal;
    expect(proposal.candidates.map((candidate) => candidate.facilityId)).toEqual([first.id, second.id]);
    const placement = (await (await send('POST', '/v1/placements', shelter, { personId, facilityId: first.id, kind: 'short_stay', proposalId: proposal.id })).json()) as Placement;
    // A second placement while one is pending is refused.
    expect((await send('POST', '/v1/placements', shelter, { personId, facilityId: second.id, kind: 'short_stay' })).status).toBe(409);
    const declined = await app.request(`/v1/placements/${placement.id}/decline`, {
      method: 'POST', headers: { ...(await staffOf(first)), 'content-type': 'application/json' }, body: JSON.stringify({ reason: '床位另有安排' }),
    });
    expect(declined.status).toBe(200);
    const body = (await declined.json()) as Placement;
    expect(body).toMatchObject({ status: 'declined', nextCandidate: { facilityId: second.id } });
    expect((await occupancyOf(first)).beds.male).toEqual({ capacity: 5, taken: 0, held: 0, free: 5 });
    expect((await send('POST', '/v1/placements', shelter, { personId, facilityId: second.id, kind: 'short_stay' })).status).toBe(201);
  });
});

describe('POST /v1/stays/{id}/transfer', () => {
  it('moves a person in one transaction; racing a discharge of the same stay, exactly one wins and the counts stay exact', async () => {
    const { send, shelter, register, admit, newFacility, occupancyOf, station0, requests } = await setup();
    const other = await newFacility();
    const personId = await register();
    const stay = (await (await admit(personId)).json()) as { id: string };
    requests.reset();
    const [transfer, discharge] = await Promise.all([
      send('POST', `/v1/stays/${stay.id}/transfer`, shelter, { toFacilityId: other.id }, null),
      send('POST', `/v1/stays/${stay.id}/discharge`, shelter, { reason: 'returned_home', at: new Date(now.getTime() - 60_000).toISOString() }, null),
    ]);
    expect([transfer.status, discharge.status].sort()).toEqual([200, 409]);
    const [here, there] = [await occupancyOf(station0), await occupancyOf(other)];
    expect(here.beds.male.taken).toBe(0);
    expect(there.beds.male.taken).toBe(transfer.status === 200 ? 1 : 0);
    expect(there.residents).toHaveLength(transfer.status === 200 ? 1 : 0);

    // A transfer alone: its requests.
    const second = await register({ name: '李四' });
    const stay2 = (await (await admit(second)).json()) as { id: string };
    requests.reset();
    const moved = await send('POST', `/v1/stays/${stay2.id}/transfer`, shelter, { toFacilityId: other.id }, null);
    expect(moved.status).toBe(200);
    console.log('requests per transfer', requests.byCommand());
    expect(requests.byCommand()).toEqual({ GetItem: 1, BatchGetItem: 1, Query: 1, TransactWriteItems: 1 });
    // The phone resends: the same transfer returns the new stay.
    const again = await send('POST', `/v1/stays/${stay2.id}/transfer`, shelter, { toFacilityId: other.id }, null);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(((await moved.json()) as { id: string }).id);
  });
});

describe('the waitlist', () => {
  it('a freed bed is offered to the head (held, bed_offered); the offer is taken by admission, or expires and passes on in the sweep', async () => {
    const { db, send, shelter, register, admit, newFacility, staffOf, occupancyOf, get } = await setup();
    const small = await newFacility({ capacity: { male: 1, female: 0 } });
    const staff = await staffOf(small);
    const [resident, first, second] = [await register({ name: '甲' }), await register({ name: '乙' }), await register({ name: '丙' })];
    const stay = (await (await admit(resident, small)).json()) as { id: string };
    const full = await admit(first, small);
    expect(full.status).toBe(409);
    expect(full.headers.get('link')).toBe(`</v1/facilities/${small.id}/waitlist>; rel="waitlist"`);
    expect((await send('POST', `/v1/facilities/${small.id}/waitlist`, staff, { personId: first, reason: '床位已满' })).status).toBe(201);
    // The second a second later (the app's clock is pinned): first come, first served.
    const later = await testApp({ now: () => new Date(now.getTime() + 1000) });
    expect((await later.send('POST', `/v1/facilities/${small.id}/waitlist`, staff, { personId: second, reason: '床位已满' })).status).toBe(201);
    expect((await send('POST', `/v1/facilities/${small.id}/waitlist`, staff, { personId: second, reason: '床位已满' })).status).toBe(409);
    const events = captureEvents(db);
    expect((await send('POST', `/v1/stays/${stay.id}/discharge`, staff, { reason: 'returned_home', at: new Date(now.getTime() - 60_000).toISOString() }, null)).status).toBe(200);
    expect(events.map((event) => event.kind).sort()).toEqual(['bed_offered', 'discharged']);
    let occupancy = await occupancyOf(small);
    expect(occupancy.beds.male).toEqual({ capacity: 1, taken: 0, held: 1, free: 0 });
    expect(occupancy.waitlist.male.offered.map((entry) => entry.personId)).toEqual([first]);
    expect(occupancy.waitlist.male.waiting.map((entry) => entry.personId)).toEqual([second]);
    // The second may not jump the queue; the sweep an hour later changes nothing, 25 hours later the offer passes on.
    expect((await admit(second, small)).status).toBe(409);
    await runSweep({ db, rules: outreachRules, calendar: officialCalendar, now: () => new Date(now.getTime() + 3600_000), districts: [small.district] });
    expect((await occupancyOf(small)).waitlist.male.offered.map((entry) => entry.personId)).toEqual([first]);
    await runSweep({ db, rules: outreachRules, calendar: officialCalendar, now: () => new Date(now.getTime() + 25 * 3600_000), districts: [small.district] });
    occupancy = await occupancyOf(small);
    expect(occupancy.waitlist.male.offered.map((entry) => entry.personId)).toEqual([second]);
    expect(occupancy.beds.male).toEqual({ capacity: 1, taken: 0, held: 1, free: 0 });
    // The one offered takes the held bed by admission, and leaves the list.
    expect((await admit(second, small)).status).toBe(201);
    occupancy = await occupancyOf(small);
    expect(occupancy.beds.male).toEqual({ capacity: 1, taken: 1, held: 0, free: 0 });
    expect(occupancy.waitlist.male).toEqual({ offered: [], waiting: [] });
    expect((await get(`/v1/facilities/${small.id}/waitlist`, shelter)).status).toBe(404);
  });
});

describe('the hourly sweep (rules 5 and 7)', () => {
  it('at 10 days and at 3 months of an unidentified person’s stay proposes once per stage, even run twice; an identified person gets none', async () => {
    const admittedAt = new Date('2026-11-25T02:00:00Z');
    const { db, register, admit, newFacility, district, requests } = await setup(admittedAt);
    const home = await newFacility({ type: 'welfare_home' });
    const unidentified = await register({ name: undefined, aliases: [], identityStatus: 'unidentified', birthYear: 1950 });
    const identified = await register({ name: '张三', identityStatus: 'identified' });
    const stay = (await (await admit(unidentified, undefined, admittedAt)).json()) as { id: string };
    expect((await admit(identified, undefined, admittedAt)).status).toBe(201);
    const events = captureEvents(db);
    // Only this test's district (the table is shared with the other tests running meanwhile), and only the care jobs (tracing has its own tests).
    const sweepAt = async (at: string) =>
      runSweep({ db, rules: outreachRules, calendar: officialCalendar, now: () => new Date(at), districts: [district] }, [expiredOffersJob, careStagesJob]);

    await sweepAt('2026-12-04T02:00:00Z'); // day 9: nothing due
    expect(events).toEqual([]);
    requests.reset();
    await sweepAt('2026-12-05T02:00:00Z'); // exactly 10 days: not more than 10 days yet
    expect(events).toEqual([]);
    requests.reset();
    await sweepAt('2026-12-05T03:00:00Z'); // the first run after 10 days: 滞留
    // Per district: the offers due and the stays due (2 queries); the due stays' records (1 batch); per proposal the
    // candidates of each type (welfare_home, aid_station: 1 query each), their counts (1 batch) and one transaction per stay (stage, proposal, event).
    expect(requests.byCommand()).toEqual({ Query: 4, BatchGetItem: 2, TransactWriteItems: 2 });
    requests.reset();
    await sweepAt('2026-12-05T04:00:00Z');
    // Run again: both stays are off the list until their next stage; nothing is written.
    expect(requests.byCommand()).toEqual({ Query: 2 });
    const proposed = events.filter((event) => event.kind === 'placement_proposed');
    expect(proposed).toHaveLength(1);
    expect(proposed[0]).toMatchObject({ facilityId: home.id, district: home.district, payload: { stage: 'stranded', stayId: stay.id } });
    await sweepAt('2027-02-25T02:00:00Z'); // 3 months: 落户安置
    await sweepAt('2027-02-25T03:00:00Z');
    const stages = events.filter((event) => event.kind === 'placement_proposed').map((event) => event.payload['stage']);
    expect(stages).toEqual(['stranded', 'long_term']);
    const record = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.stay(stay.id), ConsistentRead: true }))).Item;
    expect(record?.['stay']).toMatchObject({ stages: { stranded: { proposalId: expect.any(String) }, long_term: { proposalId: expect.any(String) } } });
    // Off the due list after the last stage.
    expect(record?.['gsi3pk']).toBeUndefined();
    expect(district).toMatch(/^\d{6}$/);
  });
});

describe('object-level access to placements', () => {
  it('another facility’s placement, waitlist and transfer are 404; a tracer gets 403', async () => {
    const { send, app, shelter, register, admit, newFacility, staffOf, get, as, district } = await setup();
    const home = await newFacility({ type: 'welfare_home' });
    const stranger = await staffOf(await newFacility());
    const personId = await register({ birthYear: 1950 });
    const stay = (await (await admit(personId)).json()) as { id: string };
    const placement = (await (await send('POST', '/v1/placements', shelter, { personId, facilityId: home.id, kind: 'short_stay' })).json()) as Placement;
    expect((await get(`/v1/placements/${placement.id}`, stranger)).status).toBe(404);
    expect((await get(`/v1/placements/${placement.id}`, shelter)).status).toBe(200);
    expect((await get(`/v1/placements/${placement.id}`, await staffOf(home))).status).toBe(200);
    expect((await send('POST', `/v1/placements/${placement.id}/accept`, stranger, undefined, null)).status).toBe(404);
    expect((await get(`/v1/placements?facilityId=${home.id}`, stranger)).status).toBe(404);
    expect((await get(`/v1/facilities/${home.id}/waitlist`, stranger)).status).toBe(404);
    expect((await send('POST', `/v1/stays/${stay.id}/transfer`, stranger, { toFacilityId: home.id }, null)).status).toBe(404);
    expect((await send('POST', '/v1/placements', stranger, { personId, facilityId: home.id, kind: 'short_stay' })).status).toBe(404);
    expect((await get(`/v1/placements/${placement.id}`, await as('admin', { district: uniqueDistrict() }))).status).toBe(404);
    expect((await get(`/v1/placements/${placement.id}`, await as('tracer', { district }))).status).toBe(403);
  });
});
