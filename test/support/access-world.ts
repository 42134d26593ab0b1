/**
 * A small world for the access matrix: two districts, each with an aid station, a welfare home, a
 * registered person with a stay, an encounter (with an emergency-aid case and a rule-2 flag), a
 * placement proposal, a placement request and a waitlist entry. Built through the API by each
 * district's office, so every object is as real as production makes it.
 */
import { randomUUID } from 'node:crypto';
import type { testApp } from './app.js';
import { station } from './facilities.js';
import { makeIdNumber, registeredPerson } from './persons.js';

type Harness = Awaited<ReturnType<typeof testApp>>;

/** The objects of one district. */
export type Side = {
  district: string;
  facilityId: string;
  homeId: string;
  personId: string;
  idNumber: string;
  /** A second person, on the aid station's waitlist. */
  waitingId: string;
  stayId: string;
  /** A third person in care at the aid station, with no placement pending. */
  freePersonId: string;
  freeStayId: string;
  encounterId: string;
  aidCaseId: string;
  proposalId: string;
  placementId: string;
};

export type World = { home: Side; away: Side };

async function created<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (response.status !== 201 && response.status !== 200) throw new Error(`access world: ${what} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function side(harness: Harness, district: string, sequence: number): Promise<Side> {
  const admin = await harness.as('admin', { district });
  const patrol = await harness.as('patrol', { district });
  const { send } = harness;
  const facility = await created<{ id: string }>(await send('POST', '/v1/facilities', admin, station(district)), 'facility');
  const home = await created<{ id: string }>(await send('POST', '/v1/facilities', admin, station(district, { type: 'welfare_home', name: '社会福利院' })), 'home');
  const idNumber = makeIdNumber('1948-05-06', (2 * sequence + 1) % 1000, district); // odd: male
  const person = await created<{ person: { id: string } }>(await send('POST', '/v1/persons', admin, registeredPerson(district, { idNumber, birthYear: 1948, guardians: [] })), 'person');
  const waiting = await created<{ person: { id: string } }>(await send('POST', '/v1/persons', admin, registeredPerson(district, { name: '李娟', sex: 'female', guardians: [] })), 'waiting person');
  const personId = person.person.id;
  const encounter = await created<{ encounter: { id: string }; aidCase: { id: string } }>(
    await send('POST', '/v1/encounters', patrol, {
      personId,
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      location: { lat: 29.98, lng: 106.35, crs: 'WGS84' },
      concerns: ['suspected_lost'],
      actions: ['called_110'],
      referrals: [{ kind: 'emergency_aid', note: '钱包被盗，无钱返乡' }],
    }),
    'encounter',
  );
  const stay = await created<{ id: string }>(
    await send('POST', '/v1/admissions', admin, { personId, facilityId: facility.id, at: new Date(Date.now() - 60_000).toISOString(), via: 'self_referred' }),
    'admission',
  );
  const free = await created<{ person: { id: string } }>(await send('POST', '/v1/persons', admin, registeredPerson(district, { name: '赵磊', guardians: [] })), 'free person');
  const freeStay = await created<{ id: string }>(
    await send('POST', '/v1/admissions', admin, { personId: free.person.id, facilityId: facility.id, at: new Date(Date.now() - 60_000).toISOString(), via: 'self_referred' }),
    'second admission',
  );
  const proposal = await created<{ id: string }>(await send('POST', '/v1/placements/proposals', admin, { personId }), 'proposal');
  const placement = await created<{ id: string }>(await send('POST', '/v1/placements', admin, { personId, facilityId: home.id, kind: 'long_term' }), 'placement');
  // Fill the female wing so that the waiting person waits rather than being offered a bed at once.
  await created(await send('POST', `/v1/facilities/${facility.id}/waitlist`, admin, { personId: waiting.person.id }), 'waitlist');
  return {
    district,
    facilityId: facility.id,
    homeId: home.id,
    personId,
    idNumber,
    waitingId: waiting.person.id,
    stayId: stay.id,
    freePersonId: free.person.id,
    freeStayId: freeStay.id,
    encounterId: encounter.encounter.id,
    aidCaseId: encounter.aidCase.id,
    proposalId: proposal.id,
    placementId: placement.id,
  };
}

let sides = 0;
const districtCode = () => String(100000 + Math.floor(Math.random() * 899999));

/** One fresh district with its objects (a fresh district code, so its lists hold only these). */
export function buildSide(harness: Harness): Promise<Side> {
  sides += 1;
  return side(harness, districtCode(), sides);
}

/** Two fresh districts with their objects. */
export async function buildWorld(harness: Harness): Promise<World> {
  const [home, away] = await Promise.all([buildSide(harness), buildSide(harness)]);
  return { home, away };
}

export const newKey = () => randomUUID();
