import { randomUUID } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
// The app first: its OpenAPI extension of zod must load before any domain schema is built.
import { testApp, uniqueDistrict, countyCodeIn } from '../support/app.js';
import type { Facility } from '../../shared/domain/facility.js';
import type { Db } from '../../shared/store/client.js';
import { careDistricts } from '../../shared/store/stays.js';
import { station } from '../support/facilities.js';
import { registeredPerson } from '../support/persons.js';

type Problem = { status: number; rule?: string; reason?: string; errors?: { path: string }[] };
type StayView = { id: string; admittedAt: string; limit: { applies: boolean; endsAt?: string } };

const now = new Date('2026-11-28T04:00:00Z');

/** The partition keys every transaction the app sends writes to. */
function capturePartitions(db: Db) {
  const seen: string[] = [];
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (/^TransactWrite/.test(String(context.commandName))) {
        for (const item of (args.input as TransactWriteCommandInput).TransactItems ?? []) {
          const key = item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key;
          if (key) seen.push(String(key['pk']));
        }
      }
      return next(args);
    },
    { step: 'initialize', name: `partitions-${randomUUID()}` },
  );
  return seen;
}

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

describe('the districts with care work (a national cold-wave night)', () => {
  it('are listed when a facility is registered; no admission, transfer or waitlist write touches that partition', async () => {
    const { db, send, district, newFacility, register, admit, staffOf } = await setup();
    const small = await newFacility({ capacity: { male: 1, female: 1 } });
    const other = await newFacility();
    expect(await careDistricts(db)).toContain(district);
    const partitions = capturePartitions(db);
    const [resident, waiting] = [await register(), await register()];
    const stay = (await (await admit(resident, small)).json()) as StayView;
    expect((await send('POST', `/v1/facilities/${small.id}/waitlist`, await staffOf(small), { personId: waiting, reason: '床位已满，夜间寒潮' })).status).toBe(201);
    expect((await send('POST', `/v1/stays/${stay.id}/transfer`, await staffOf(small), { toFacilityId: other.id }, null)).status).toBe(200);
    expect(partitions.length).toBeGreaterThan(10);
    expect(partitions.filter((pk) => pk === 'CARE_DISTRICTS')).toEqual([]);
  });
});

describe('joining a waitlist (a list is for a full wing, for a person who needs a bed)', () => {
  it('with a bed free is an admission or nothing; it needs a reason; only a person on the street or in another facility waits', async () => {
    const { app, send, newFacility, register, admit, staffOf } = await setup();
    const small = await newFacility({ capacity: { male: 1, female: 1 } });
    const staff = await staffOf(small);
    const join = (body: Record<string, unknown>) => send('POST', `/v1/facilities/${small.id}/waitlist`, staff, body);
    const onStreet = await register();
    const bedFree = await join({ personId: onStreet, reason: '需要床位' });
    expect(bedFree.status).toBe(409);
    expect((await bedFree.json()) as Problem).toMatchObject({ reason: 'bed_free' });
    const beds = async () => ((await (await app.request(`/v1/facilities/${small.id}/occupancy`, { headers: staff })).json()) as { beds: { male: unknown }; waitlist: { male: { offered: unknown[]; waiting: unknown[] } } });
    expect((await beds()).beds.male).toEqual({ capacity: 1, taken: 0, held: 0, free: 1 });
    expect((await beds()).waitlist.male).toEqual({ offered: [], waiting: [] });
    expect((await admit(await register(), small)).status).toBe(201);
    const reasonless = await join({ personId: onStreet });
    expect(reasonless.status).toBe(400);
    expect(((await reasonless.json()) as Problem).errors?.map((error) => error.path)).toEqual(['body.reason']);
    const reunited = await join({ personId: await register({ status: 'reunited' }), reason: '需要床位' });
    expect(reunited.status).toBe(409);
    expect((await reunited.json()) as Problem).toMatchObject({ reason: 'not_awaiting_bed' });
    const waiting = await join({ personId: onStreet, reason: '需要床位' });
    expect(waiting.status).toBe(201);
    expect(await waiting.json()).toMatchObject({ status: 'waiting', reason: '需要床位' });
  });

  it('is budgeted per caller (a rule value): past it, 429 with Retry-After and nothing written', async () => {
    const { app, db, as, district, newFacility, register, admit } = await setup();
    const full = await newFacility({ capacity: { male: 0, female: 0 } });
    expect((await admit(await register(), full)).status).toBe(409);
    const { joinWaitlist } = await import('../../shared/services/waitlist.js');
    const { outreachRules } = await import('../../shared/domain/rules.js');
    const actor = { sub: `patrol-${randomUUID()}`, roles: ['patrol' as const], district };
    const context = { db, audit: { actor, requestId: 'budget', now }, rules: { ...outreachRules, waitlistJoins: { perCaller: 2, windowMinutes: 60 } } as unknown as typeof outreachRules, idIndexKey: 'budget-test' };
    const joinOnce = async (personId: string) =>
      joinWaitlist(context, { actor: actor.sub, key: randomUUID(), fingerprint: randomUUID() }, full.id, { personId, reason: '床位已满' }).then(
        () => 201,
        (error: { kind?: string; details?: { reason?: string; headers?: Record<string, string> } }) => `${error.kind}:${error.details?.reason}:${Boolean(error.details?.headers?.['retry-after'])}`,
      );
    expect(await joinOnce(await register())).toBe(201);
    expect(await joinOnce(await register())).toBe(201);
    const third = await register();
    expect(await joinOnce(third)).toBe('too_many_requests:waitlist_budget_spent:true');
    const listed = (await (await app.request(`/v1/facilities/${full.id}/waitlist`, { headers: await as('admin', { district }) })).json()) as { male: { waiting: { personId: string }[] } };
    expect(listed.male.waiting).toHaveLength(2);
    expect(listed.male.waiting.map((entry) => entry.personId)).not.toContain(third);
  });
});

describe('routing binds (rules 7 and 8)', () => {
  type Routed = { routing?: { category: string; tableVersion: string; rulesVersion: string; override?: { reason: string } } };

  it('an admission checks the facility type: a possible minor without a guardian is not taken into an adult welfare home, unless the office overrides with a reason', async () => {
    const { newFacility, register, admit, admin, get, staffOf } = await setup();
    const home = await newFacility({ type: 'welfare_home' });
    const child = await register({ birthYear: 2012 });
    const refused = await admit(child, home);
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as Problem;
    expect(problem).toMatchObject({ rule: 'rule 8', reason: 'facility_type_not_routed' });
    expect(problem.errors?.map((error) => error.path)).toEqual(['body.facilityId']);
    expect((await get<{ beds: { male: { taken: number } } }>(`/v1/facilities/${home.id}/occupancy`, await staffOf(home))).body.beds.male.taken).toBe(0);
    // Staff cannot override; the office can, and the stay records the override and the versions.
    expect((await admit(child, home, { routingOverride: { reason: '儿童保护中心无床位，临时安置' } })).status).toBe(403);
    const overridden = await admit(child, home, { routingOverride: { reason: '儿童保护中心无床位，临时安置' } }, admin);
    expect(overridden.status).toBe(201);
    expect((await overridden.json()) as Routed).toMatchObject({
      routing: { category: 'child_protection', tableVersion: expect.any(String), rulesVersion: expect.any(String), override: { reason: '儿童保护中心无床位，临时安置' } },
    });
  });

  it('a transfer and a placement request check it too: a minor to a welfare home (rule 8), 落户安置 to an aid station (rule 7)', async () => {
    const { send, newFacility, register, admit, staffOf } = await setup();
    const aid = await newFacility();
    const otherAid = await newFacility();
    const home = await newFacility({ type: 'welfare_home' });
    const staff = await staffOf(aid);
    const child = await register({ birthYear: 2012 });
    const childStay = (await (await admit(child, aid)).json()) as StayView;
    const transfer = await send('POST', `/v1/stays/${childStay.id}/transfer`, staff, { toFacilityId: home.id }, null);
    expect(transfer.status).toBe(422);
    expect((await transfer.json()) as Problem).toMatchObject({ rule: 'rule 8', reason: 'facility_type_not_routed', errors: [{ path: 'body.toFacilityId' }] });
    const placeChild = await send('POST', '/v1/placements', staff, { personId: child, facilityId: home.id, kind: 'short_stay' });
    expect(placeChild.status).toBe(422);
    const elder = await register({ birthYear: 1950 });
    expect((await admit(elder, aid)).status).toBe(201);
    const longTerm = await send('POST', '/v1/placements', staff, { personId: elder, facilityId: otherAid.id, kind: 'long_term' });
    expect(longTerm.status).toBe(422);
    expect((await longTerm.json()) as Problem).toMatchObject({ rule: 'rule 7', reason: 'long_term_not_welfare_facility' });
    const placed = await send('POST', '/v1/placements', staff, { personId: elder, facilityId: home.id, kind: 'long_term' });
    expect(placed.status).toBe(201);
    expect((await placed.json()) as Routed).toMatchObject({ routing: { category: 'welfare_home' } });
  });

  it('a proposal ranks a full facility of the right category above a fallback with beds, and offers its waitlist', async () => {
    const { send, as, admit } = await setup();
    // A province no other test uses (09), so that routing sees only these facilities.
    const district = countyCodeIn('09');
    const admin = await as('admin', { district });
    const create = async (overrides: Record<string, unknown>) => (await (await send('POST', '/v1/facilities', admin, station(district, overrides))).json()) as Facility;
    const aid = await create({ capacity: { male: 5, female: 5 } });
    const psych = await create({ type: 'psychiatric_welfare', capacity: { male: 0, female: 0 } });
    const home = await create({ type: 'welfare_home', capacity: { male: 5, female: 5 } });
    const registered = await send('POST', '/v1/persons', admin, registeredPerson(district, { status: 'on_street', riskFactors: ['mental_disorder'], healthNotes: undefined, birthYear: 1980, guardians: [] }));
    const personId = ((await registered.json()) as { person: { id: string } }).person.id;
    expect((await admit(personId, aid, {}, admin)).status).toBe(201);
    const proposal = (await (await send('POST', '/v1/placements/proposals', admin, { personId })).json()) as {
      candidates: { facilityId: string }[];
      fits: boolean;
      waitlist?: { facilityId: string };
    };
    expect(proposal.candidates.map((candidate) => candidate.facilityId)).toEqual([psych.id, home.id]);
    expect(proposal.fits).toBe(false);
    expect(proposal.waitlist?.facilityId).toBe(psych.id);
  });
});

describe('pending placements expire (a rule value, 72 hours)', () => {
  it('reminds the receiving staff before, then releases the held bed; the stay is free for a transfer again', async () => {
    const { db, send, newFacility, register, admit, staffOf, get, district } = await setup();
    const { runSweep } = await import('../../shared/sweep/sweep.js');
    const { pendingPlacementsJob } = await import('../../shared/sweep/care-jobs.js');
    const { outreachRules } = await import('../../shared/domain/rules.js');
    const { officialCalendar } = await import('../../shared/rules/calendar.js');
    const aid = await newFacility();
    const home = await newFacility({ type: 'welfare_home' });
    const otherAid = await newFacility();
    const elder = await register({ birthYear: 1950 });
    const stay = (await (await admit(elder, aid)).json()) as StayView;
    const placement = (await (await send('POST', '/v1/placements', await staffOf(aid), { personId: elder, facilityId: home.id, kind: 'short_stay' })).json()) as { id: string; expiresAt?: string };
    expect(placement.expiresAt).toBe(new Date(now.getTime() + 72 * 3_600_000).toISOString());
    // Held, the stay cannot be transferred.
    expect((await send('POST', `/v1/stays/${stay.id}/transfer`, await staffOf(aid), { toFacilityId: otherAid.id }, null)).status).toBe(409);
    const sweepAt = (hours: number) =>
      runSweep({ db, rules: outreachRules, calendar: officialCalendar, now: () => new Date(now.getTime() + hours * 3_600_000), districts: [district] }, [pendingPlacementsJob]);
    const first = await sweepAt(50);
    expect(first.jobs['pending-placements']).toMatchObject({ reminded: 1, expired: 0 });
    expect((await sweepAt(51)).jobs['pending-placements']).toMatchObject({ reminded: 0, expired: 0 });
    expect((await get<{ status: string }>(`/v1/placements/${placement.id}`, await staffOf(home))).body.status).toBe('pending');
    expect((await sweepAt(72)).jobs['pending-placements']).toMatchObject({ expired: 1 });
    expect((await get<{ status: string }>(`/v1/placements/${placement.id}`, await staffOf(home))).body.status).toBe('expired');
    const beds = (await get<{ beds: { male: { held: number; free: number } } }>(`/v1/facilities/${home.id}/occupancy`, await staffOf(home))).body.beds.male;
    expect(beds).toMatchObject({ held: 0, free: 5 });
    expect((await send('POST', `/v1/stays/${stay.id}/transfer`, await staffOf(aid), { toFacilityId: otherAid.id }, null)).status).toBe(200);
  });
});

describe('the sending side withdraws a pending placement', () => {
  it('releases the held bed and frees the stay; the receiving staff cannot withdraw it', async () => {
    const { send, newFacility, register, admit, staffOf, get } = await setup();
    const aid = await newFacility();
    const home = await newFacility({ type: 'welfare_home' });
    const otherAid = await newFacility();
    const elder = await register({ birthYear: 1950 });
    const stay = (await (await admit(elder, aid)).json()) as StayView;
    const placement = (await (await send('POST', '/v1/placements', await staffOf(aid), { personId: elder, facilityId: home.id, kind: 'short_stay' })).json()) as { id: string };
    expect((await send('POST', `/v1/placements/${placement.id}/withdraw`, await staffOf(home), { reason: '家属已联系' }, null)).status).toBe(404);
    const withdrawn = await send('POST', `/v1/placements/${placement.id}/withdraw`, await staffOf(aid), { reason: '家属已联系' }, null);
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toMatchObject({ status: 'withdrawn', decision: { reason: '家属已联系' } });
    expect((await send('POST', `/v1/placements/${placement.id}/withdraw`, await staffOf(aid), { reason: '家属已联系' }, null)).status).toBe(200);
    expect((await send('POST', `/v1/placements/${placement.id}/accept`, await staffOf(home), undefined, null)).status).toBe(409);
    expect((await get<{ beds: { male: { held: number } } }>(`/v1/facilities/${home.id}/occupancy`, await staffOf(home))).body.beds.male.held).toBe(0);
    expect((await send('POST', `/v1/stays/${stay.id}/transfer`, await staffOf(aid), { toFacilityId: otherAid.id }, null)).status).toBe(200);
  });
});
