import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testApp, uniqueDistrict } from '../support/app.js';
import { registeredPerson } from '../support/persons.js';

type AidCase = {
  id: string;
  dueAt: string;
  provisional: boolean;
  overdue: boolean;
  status: string;
  due: { workingDays: { dueAt: string; provisional: boolean }; calendarDays: { dueAt: string; provisional: boolean } };
  payment?: { amount: number; at: string };
};

/** An app whose clock stands at `now`, a district, a registered person and an encounter with an emergency_aid referral. */
async function aidCaseAt(discoveredAt: string, now: string) {
  const harness = await testApp({ now: () => new Date(now) });
  const district = uniqueDistrict();
  const patrol = await harness.as('patrol', { district });
  const person = await harness.send('POST', '/v1/persons', await harness.as('admin', { district }), registeredPerson(district, { guardians: [] }));
  const personId = ((await person.json()) as { person: { id: string } }).person.id;
  const response = await harness.send('POST', '/v1/encounters', patrol, {
    personId,
    occurredAt: discoveredAt,
    location: { lat: 29.98, lng: 106.35, crs: 'WGS84' },
    referrals: [{ kind: 'emergency_aid', note: '钱包被盗，无钱返乡' }],
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { aidCase: AidCase; encounter: { aidCaseId: string; nextSteps: { code: string; dueAt?: string }[] } };
  return { ...harness, district, patrol, aidCase: body.aidCase, encounter: body.encounter };
}

describe('emergency aid cases (rule 11)', () => {
  it('opens with both deadlines; over a 调休 Saturday the calendar-day one binds', async () => {
    // Wed 30 Sep 2026: 1-8 Oct are National Day holidays, Sat 10 Oct is a swapped working day.
    const { aidCase, encounter } = await aidCaseAt('2026-09-30T02:00:00Z', '2026-09-30T03:00:00Z');
    expect(aidCase.due.workingDays).toEqual({ dueAt: '2026-10-10T15:59:59.999Z', provisional: false });
    expect(aidCase.due.calendarDays.dueAt).toBe('2026-10-03T15:59:59.999Z');
    expect(aidCase.dueAt).toBe('2026-10-03T15:59:59.999Z');
    expect(encounter.aidCaseId).toBe(aidCase.id);
    expect(encounter.nextSteps).toContainEqual(expect.objectContaining({ code: 'pay_emergency_aid', dueAt: aidCase.dueAt }));
  });

  it('marks a deadline in a year without a loaded arrangement as provisional', async () => {
    const { aidCase } = await aidCaseAt('2026-12-30T02:00:00Z', '2026-12-30T03:00:00Z');
    expect(aidCase.due.workingDays.provisional).toBe(true);
    // The 3 calendar days bind, and no holiday arrangement can move them: the case is not provisional.
    expect(aidCase).toMatchObject({ binding: 'calendar_days', provisional: false, dueAt: aidCase.due.calendarDays.dueAt });
  });

  it('lists overdue cases only once the binding deadline has passed', async () => {
    const { aidCase, district, as } = await aidCaseAt('2026-11-23T01:00:00Z', '2026-11-23T02:00:00Z');
    const before = await testApp({ now: () => new Date('2026-11-25T00:00:00Z') });
    const after = await testApp({ now: () => new Date('2026-11-27T00:00:00Z') });
    const headers = await as('admin', { district });
    const overdueAt = async (harness: typeof before) =>
      ((await (await harness.app.request(`/v1/aid-cases?overdue=true&district=${district}`, { headers })).json()) as { items: AidCase[] }).items.map((c) => c.id);
    expect(await overdueAt(before)).toEqual([]);
    expect(await overdueAt(after)).toEqual([aidCase.id]);
    const open = (await (await after.app.request(`/v1/aid-cases?district=${district}`, { headers })).json()) as { items: AidCase[] };
    expect(open.items[0]).toMatchObject({ id: aidCase.id, overdue: true });
  });

  it('records a payment once; the same payment again is harmless, another is a conflict', async () => {
    const { aidCase, app, patrol, district, as } = await aidCaseAt('2026-11-26T01:00:00Z', '2026-11-26T05:00:00Z');
    const pay = (body: unknown, headers = patrol) =>
      app.request(`/v1/aid-cases/${aidCase.id}/paid`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const payment = { amount: 19.99, at: '2026-11-26T04:30:00Z' };
    const paid = await pay(payment);
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ status: 'paid', overdue: false, payment: { amount: 19.99, at: '2026-11-26T04:30:00.000Z' } });
    expect((await pay(payment)).status).toBe(200);
    expect((await pay({ ...payment, amount: 300 })).status).toBe(409);

    expect((await app.request(`/v1/aid-cases?status=paid&overdue=true`, { headers: patrol })).status).toBe(400);
    const paidList = (await (await app.request(`/v1/aid-cases?status=paid`, { headers: patrol })).json()) as { items: AidCase[] };
    expect(paidList.items.map((c) => c.id)).toEqual([aidCase.id]);
    const openList = (await (await app.request(`/v1/aid-cases`, { headers: patrol })).json()) as { items: AidCase[] };
    expect(openList.items).toEqual([]);
    expect((await pay(payment, await as('tracer', { district }))).status).toBe(403);
  });

  it('refuses a bad payment (400 naming the field) and an unknown case (404)', async () => {
    const { aidCase, app, patrol } = await aidCaseAt('2026-11-26T01:00:00Z', '2026-11-26T05:00:00Z');
    const pay = (id: string, body: unknown) =>
      app.request(`/v1/aid-cases/${id}/paid`, { method: 'POST', headers: { ...patrol, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const [body, path] of [
      [{ amount: -5, at: '2026-11-26T04:00:00Z' }, 'body.amount'],
      [{ amount: 10.001, at: '2026-11-26T04:00:00Z' }, 'body.amount'],
      [{ amount: 10, at: 'today' }, 'body.at'],
      [{ amount: 10, at: '2026-11-25T04:00:00Z' }, 'body.at'],
      [{ amount: 10, at: '2026-11-27T04:00:00Z' }, 'body.at'],
    ] as const) {
      const response = await pay(aidCase.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe(path);
    }
    expect((await pay(randomUUID(), { amount: 10, at: '2026-11-26T04:00:00Z' })).status).toBe(404);
    const read = await app.request(`/v1/aid-cases/${aidCase.id}`, { headers: patrol });
    expect(((await read.json()) as AidCase).status).toBe('open');
  });

  it('hides a case from another district', async () => {
    const { aidCase, app, as } = await aidCaseAt('2026-11-26T01:00:00Z', '2026-11-26T05:00:00Z');
    expect((await app.request(`/v1/aid-cases/${aidCase.id}`, { headers: await as('patrol', { district: uniqueDistrict() }) })).status).toBe(404);
  });
});
