import { randomUUID } from 'node:crypto';
import { type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
// The app first: its OpenAPI extension of zod must load before any domain schema is built.
import { testApp, uniqueDistrict } from '../support/app.js';
import type { Facility } from '../../shared/domain/facility.js';
import type { Db } from '../../shared/store/client.js';
import { station } from '../support/facilities.js';
import { registeredPerson } from '../support/persons.js';

type Beds = { capacity: number; taken: number; held: number; free: number };
type Entry = { id: string; personId: string; status: string };
type Wing = { offered: Entry[]; waiting: Entry[] };
type Waitlist = { male: Wing; female: Wing };
type AuditEntry = { action: string; reason?: string };
type Event = { kind: string; payload: Record<string, unknown> };

const now = new Date('2026-11-28T04:00:00Z');

/** Records the domain events of every transaction the app sends. */
function captureEvents(db: Db) {
  const seen: Event[] = [];
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (/^TransactWrite/.test(String(context.commandName))) {
        for (const item of (args.input as TransactWriteCommandInput).TransactItems ?? []) if (item.Put?.Item?.['type'] === 'event') seen.push(item.Put.Item['event'] as Event);
      }
      return next(args);
    },
    { step: 'initialize', name: `events-${randomUUID()}` },
  );
  return seen;
}

/** A district of its own with a one-bed male wing, and helpers at a pinned time (each join a second later, so first come first served is clear). */
async function setup() {
  let tick = 0;
  const harness = await testApp({ now: () => new Date(now.getTime() + 1000 * tick++) });
  const { app, send, as } = harness;
  const district = uniqueDistrict();
  const admin = await as('admin', { district });
  const newFacility = async (capacity = { male: 1, female: 1 }) => {
    const response = await send('POST', '/v1/facilities', admin, station(district, { capacity }));
    expect(response.status).toBe(201);
    return (await response.json()) as Facility;
  };
  const staffOf = (facility: Facility) => as('shelter', { district, facility: facility.id, sub: `shelter-${facility.id}` });
  const register = async (overrides: Record<string, unknown> = {}) => {
    const body = registeredPerson(district, { status: 'on_street', riskFactors: [], healthNotes: undefined, birthYear: 1980, guardians: [], ...overrides });
    const response = await send('POST', '/v1/persons', admin, body);
    expect(response.status).toBe(201);
    return ((await response.json()) as { person: { id: string } }).person.id;
  };
  const admit = async (personId: string, facility: Facility, extra: Record<string, unknown> = {}) =>
    send('POST', '/v1/admissions', await staffOf(facility), { personId, facilityId: facility.id, at: new Date(now.getTime() - 3600_000).toISOString(), via: 'self_referred', ...extra });
  const join = async (personId: string, facility: Facility, extra: Record<string, unknown> = {}) => {
    const response = await send('POST', `/v1/facilities/${facility.id}/waitlist`, await staffOf(facility), { personId, reason: '本站床位已满，需要床位', ...extra });
    expect(response.status).toBe(201);
    return (await response.json()) as Entry;
  };
  const leave = async (facility: Facility, personId: string, headers?: Record<string, string>) =>
    app.request(`/v1/facilities/${facility.id}/waitlist/${personId}`, { method: 'DELETE', headers: headers ?? (await staffOf(facility)) });
  const waitlistOf = async (facility: Facility) => {
    const response = await app.request(`/v1/facilities/${facility.id}/waitlist`, { headers: await staffOf(facility) });
    expect(response.status).toBe(200);
    return (await response.json()) as Waitlist;
  };
  const bedsOf = async (facility: Facility) => {
    const response = await app.request(`/v1/facilities/${facility.id}/occupancy`, { headers: await staffOf(facility) });
    return ((await response.json()) as { beds: { male: Beds; female: Beds } }).beds;
  };
  const auditOf = async (subjectId: string) =>
    ((await (await app.request(`/v1/audit?subjectId=${subjectId}&limit=100`, { headers: admin })).json()) as { items: AuditEntry[] }).items;
  const ids = (entries: Entry[]) => entries.map((entry) => entry.personId);
  return { ...harness, district, admin, newFacility, staffOf, register, admit, join, leave, waitlistOf, bedsOf, auditOf, ids };
}

describe('DELETE /v1/facilities/{id}/waitlist/{personId}', () => {
  it('takes a waiting person off the list (204, audited); again, or never on it, is a 404', async () => {
    const { newFacility, register, admit, join, leave, waitlistOf, auditOf, ids } = await setup();
    const small = await newFacility();
    const [resident, first, second] = [await register(), await register(), await register()];
    expect((await admit(resident, small)).status).toBe(201);
    await join(first, small);
    await join(second, small);
    const gone = await leave(small, first);
    expect(gone.status).toBe(204);
    expect(await gone.text()).toBe('');
    expect(ids((await waitlistOf(small)).male.waiting)).toEqual([second]);
    expect(await auditOf(first)).toContainEqual(expect.objectContaining({ action: 'waitlist.leave', reason: `facility ${small.id}, male wing` }));
    expect((await leave(small, first)).status).toBe(404);
    expect((await leave(small, resident)).status).toBe(404);
    expect((await leave(small, randomUUID())).status).toBe(404);
  });

  it('an offered entry’s held bed passes to the next in line in the same transaction (bed_offered), or frees when nobody waits', async () => {
    const { db, newFacility, register, admit, send, staffOf, join, leave, waitlistOf, bedsOf, auditOf, ids } = await setup();
    const small = await newFacility();
    const [resident, first, second] = [await register(), await register(), await register()];
    const stay = (await (await admit(resident, small)).json()) as { id: string };
    await join(first, small);
    await join(second, small);
    expect((await send('POST', `/v1/stays/${stay.id}/discharge`, await staffOf(small), { reason: 'returned_home', at: new Date(now.getTime() - 60_000).toISOString() }, null)).status).toBe(200);
    expect(ids((await waitlistOf(small)).male.offered)).toEqual([first]);
    expect((await bedsOf(small)).male).toEqual({ capacity: 1, taken: 0, held: 1, free: 0 });

    // The first was placed elsewhere: the bed held for them goes to the second at once.
    const events = captureEvents(db);
    expect((await leave(small, first)).status).toBe(204);
    expect(events.map((event) => event.kind)).toEqual(['bed_offered']);
    expect(events[0]?.payload).toMatchObject({ personId: second, facilityId: small.id, bedSex: 'male' });
    let waitlist = await waitlistOf(small);
    expect(ids(waitlist.male.offered)).toEqual([second]);
    expect(waitlist.male.waiting).toEqual([]);
    expect((await bedsOf(small)).male).toEqual({ capacity: 1, taken: 0, held: 1, free: 0 });
    expect(await auditOf(first)).toContainEqual(expect.objectContaining({ action: 'waitlist.leave', reason: `facility ${small.id}, male wing, the held bed offered to the next in line` }));

    // The second leaves too, with nobody behind: the bed is free again and anyone may take it.
    expect((await leave(small, second)).status).toBe(204);
    waitlist = await waitlistOf(small);
    expect(waitlist.male).toEqual({ offered: [], waiting: [] });
    expect((await bedsOf(small)).male).toEqual({ capacity: 1, taken: 0, held: 0, free: 1 });
    expect(await auditOf(second)).toContainEqual(expect.objectContaining({ action: 'waitlist.leave', reason: `facility ${small.id}, male wing, the held bed released` }));
    expect((await admit(await register(), small)).status).toBe(201);
  });

  it('the facility’s staff, the office and patrol of its district may; another facility’s staff 404, a shelter token without a facility or a tracer 403', async () => {
    const { as, district, admin, newFacility, register, admit, join, leave, staffOf } = await setup();
    const small = await newFacility();
    const other = await newFacility();
    expect((await admit(await register(), small)).status).toBe(201);
    const [a, b, c] = [await register(), await register(), await register()];
    await join(a, small);
    await join(b, small);
    await join(c, small);
    expect((await leave(small, a, await staffOf(other))).status).toBe(404);
    expect((await leave(small, a, await as('admin', { district: uniqueDistrict() }))).status).toBe(404);
    expect((await leave(small, a, await as('shelter', { district }))).status).toBe(403);
    expect((await leave(small, a, await as('tracer', { district }))).status).toBe(403);
    expect((await leave(small, a, await as('patrol', { district: uniqueDistrict() }))).status).toBe(403);
    expect((await leave(small, a, await as('patrol', { district }))).status).toBe(204);
    expect((await leave(small, b, admin)).status).toBe(204);
    expect((await leave(small, c)).status).toBe(204);
  });
});

describe('admission and the waitlist', () => {
  it('an admission takes the person off that facility’s list, waiting or offered; entries at other facilities stay', async () => {
    const { app, admin, newFacility, register, admit, join, waitlistOf, bedsOf, ids } = await setup();
    const small = await newFacility();
    const elsewhere = await newFacility();
    expect((await admit(await register(), small)).status).toBe(201);
    expect((await admit(await register(), elsewhere)).status).toBe(201);
    const [person, behind] = [await register(), await register()];
    await join(person, small);
    await join(behind, small);
    await join(person, elsewhere);
    // A bed appears without freeing (the office raises the capacity): nobody is offered it, and the waiting person takes it by admission.
    const raised = await app.request(`/v1/facilities/${small.id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ capacity: { male: 2, female: 1 } }) });
    expect(raised.status).toBe(200);
    expect((await admit(person, small)).status).toBe(201);
    expect(ids((await waitlistOf(small)).male.waiting)).toEqual([behind]);
    expect((await bedsOf(small)).male).toEqual({ capacity: 2, taken: 2, held: 0, free: 0 });
    // Still on the other facility's list: the person may yet want a bed there (removed by DELETE).
    expect(ids((await waitlistOf(elsewhere)).male.waiting)).toEqual([person]);
  });

  it('a person of unknown sex offered a bed in one wing and admitted to the other: the offer leaves the list and its hold passes on', async () => {
    const { send, staffOf, newFacility, register, admit, join, waitlistOf, bedsOf, ids } = await setup();
    const small = await newFacility({ male: 1, female: 1 });
    const unknown = await register({ sex: 'unknown' });
    // The female wing full; its resident leaves and the bed is offered to the one waiting for it.
    const resident = (await (await admit(await register({ sex: 'female' }), small)).json()) as { id: string };
    expect((await join(unknown, small, { bedSex: 'female' })).status).toBe('waiting');
    const behind = await register({ sex: 'female' });
    await join(behind, small);
    expect((await send('POST', `/v1/stays/${resident.id}/discharge`, await staffOf(small), { reason: 'returned_home', at: new Date(now.getTime() - 60_000).toISOString() }, null)).status).toBe(200);
    expect(ids((await waitlistOf(small)).female.offered)).toEqual([unknown]);
    expect((await bedsOf(small)).female).toEqual({ capacity: 1, taken: 0, held: 1, free: 0 });
    expect((await admit(unknown, small, { bedSex: 'male' })).status).toBe(201);
    const beds = await bedsOf(small);
    expect(beds.male).toEqual({ capacity: 1, taken: 1, held: 0, free: 0 });
    // The female bed held for them is offered to the next in the female wing, not kept for someone now in the male wing.
    expect(beds.female).toEqual({ capacity: 1, taken: 0, held: 1, free: 0 });
    const waitlist = await waitlistOf(small);
    expect(ids(waitlist.female.offered)).toEqual([behind]);
    expect(waitlist.female.waiting).toEqual([]);
  });
});

describe('waitlist fairness', () => {
  it('a raised capacity offers the new beds to the heads of the list, first come first served, in the same write', async () => {
    const { app, send, admin, newFacility, register, admit, join, waitlistOf, bedsOf, auditOf, ids, db } = await setup();
    const events = captureEvents(db);
    const small = await newFacility({ male: 1, female: 1 });
    expect((await admit(await register(), small)).status).toBe(201);
    const [first, second, third] = [await register(), await register(), await register()];
    for (const person of [first, second, third]) await join(person, small);
    const etag = (await app.request(`/v1/facilities/${small.id}`, { headers: admin })).headers.get('etag') ?? '';
    const raised = await send('PATCH', `/v1/facilities/${small.id}`, { ...admin, 'if-match': etag }, { capacity: { male: 3, female: 1 } }, null);
    expect(raised.status).toBe(200);
    const list = await waitlistOf(small);
    expect(ids(list.male.offered)).toEqual([first, second]);
    expect(ids(list.male.waiting)).toEqual([third]);
    expect((await bedsOf(small)).male).toMatchObject({ capacity: 3, taken: 1, held: 2, free: 0 });
    expect(events.filter((event) => event.kind === 'bed_offered').map((event) => event.payload['personId'])).toEqual([first, second]);
    expect((await auditOf(small.id)).map((entry) => entry.reason)).toContain('2 beds offered to the waitlist');
    // A capacity set again without a free bed offers nothing more.
    const etag2 = raised.headers.get('etag') ?? '';
    expect((await send('PATCH', `/v1/facilities/${small.id}`, { ...admin, 'if-match': etag2 }, { capacity: { male: 3, female: 2 } }, null)).status).toBe(200);
    expect(ids((await waitlistOf(small)).male.waiting)).toEqual([third]);
  });

  for (const reason of ['deceased', 'returned_home'] as const) {
    it(`a person who leaves care ${reason === 'deceased' ? 'by death' : 'for home'} leaves every waitlist; a bed offered to them goes to the next in line`, async () => {
      const { send, newFacility, register, admit, join, staffOf, waitlistOf, bedsOf, ids } = await setup();
      const [x, y, z] = [await newFacility({ male: 1, female: 1 }), await newFacility({ male: 1, female: 1 }), await newFacility({ male: 1, female: 1 })];
      const atX = (await (await admit(await register(), x)).json()) as { id: string };
      expect((await admit(await register(), y)).status).toBe(201);
      // The person is in care at z and waits at x and y; another person waits at x behind them.
      const person = await register();
      const atZ = (await (await admit(person, z)).json()) as { id: string };
      await join(person, x);
      await join(person, y);
      const next = await register();
      await join(next, x);
      // x frees a bed: it is offered to the person.
      expect((await send('POST', `/v1/stays/${atX.id}/discharge`, await staffOf(x), { reason: 'returned_home', at: new Date(now.getTime() - 60_000).toISOString() }, null)).status).toBe(200);
      expect(ids((await waitlistOf(x)).male.offered)).toEqual([person]);

      const left = await send('POST', `/v1/stays/${atZ.id}/discharge`, await staffOf(z), { reason, at: new Date(now.getTime() - 30_000).toISOString() }, null);
      expect(left.status).toBe(200);
      expect(await waitlistOf(y)).toMatchObject({ male: { offered: [], waiting: [] } });
      const atXNow = await waitlistOf(x);
      expect(ids(atXNow.male.offered)).toEqual([next]);
      expect(atXNow.male.waiting).toEqual([]);
      expect((await bedsOf(x)).male).toMatchObject({ taken: 0, held: 1 });
    });
  }
});
