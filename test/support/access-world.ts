/**
 * A small world for the access matrix: two districts, each with an aid station, a welfare home, a
 * registered person with a stay, an encounter (with an emergency-aid case and a rule-2 flag), a
 * placement proposal, a placement request and a waitlist entry. Built through the API by each
 * district's office, so every object is as real as production makes it.
 */
import { randomUUID } from 'node:crypto';
import { uniqueDistrict, type testApp } from './app.js';
import { station } from './facilities.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { outreachRules } from '../../shared/domain/rules.js';
import { matchFromStream } from '../../shared/services/matching.js';
import { photoFiles } from '../../shared/services/photos.js';
import { keys } from '../../shared/store/keys.js';
import { caojieBoundary } from './campaigns.js';
import { phoneJpeg } from './images.js';
import { makeIdNumber, registeredPerson } from './persons.js';

type Harness = Awaited<ReturnType<typeof testApp>>;

/** The objects of one district. */
export type Side = {
  district: string;
  facilityId: string;
  homeId: string;
  /** A facility with no beds: a waitlist is for a full wing. */
  fullId: string;
  personId: string;
  idNumber: string;
  /** A second person, on the aid station's waitlist. */
  waitingId: string;
  stayId: string;
  /** A person met on the street and never in care: one whose record may be erased. */
  streetId: string;
  /** A correction request about the first person, not yet decided. */
  correctionId: string;
  /** A third person in care at the aid station, with no placement pending. */
  freePersonId: string;
  freeStayId: string;
  encounterId: string;
  aidCaseId: string;
  proposalId: string;
  placementId: string;
  /** An unidentified person admitted to the aid station: a tracing case is open for them. */
  foundId: string;
  /** A missing-person report filed by the district's tracer, matched with the found person. */
  reportId: string;
  /** A ready portrait of the found person, and one uploaded but not yet completed. */
  photoId: string;
  pendingPhotoId: string;
  /** An area of the district, under a cold-wave warning that started a campaign. */
  areaId: string;
  areaName: string;
  campaignId: string;
};

export type World = { home: Side; away: Side };

async function created<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (response.status !== 201 && response.status !== 200) throw new Error(`access world: ${what} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function side(harness: Harness, district: string, sequence: number, foundSex: 'male' | 'female'): Promise<Side> {
  const admin = await harness.as('admin', { district });
  const patrol = await harness.as('patrol', { district });
  const { send } = harness;
  const facility = await created<{ id: string }>(await send('POST', '/v1/facilities', admin, station(district)), 'facility');
  const home = await created<{ id: string }>(await send('POST', '/v1/facilities', admin, station(district, { type: 'welfare_home', name: '社会福利院' })), 'home');
  const full = await created<{ id: string }>(await send('POST', '/v1/facilities', admin, station(district, { name: '临时救助点', capacity: { male: 0, female: 0 } })), 'full facility');
  const idNumber = makeIdNumber('1948-05-06', (2 * sequence + 1) % 1000, district); // odd: male
  const person = await created<{ person: { id: string } }>(await send('POST', '/v1/persons', admin, registeredPerson(district, { idNumber, birthYear: 1948, guardians: [] })), 'person');
  const waiting = await created<{ person: { id: string } }>(await send('POST', '/v1/persons', admin, registeredPerson(district, { name: '李娟', sex: 'female', status: 'on_street', guardians: [] })), 'waiting person');
  const personId = person.person.id;
  const street = await created<{ person: { id: string } }>(
    await send('POST', '/v1/persons', admin, registeredPerson(district, { name: '刘强', status: 'on_street', riskFactors: [], guardians: [] })),
    'street person',
  );
  const correction = await created<{ id: string }>(
    await send('POST', `/v1/persons/${personId}/corrections`, admin, { basis: 'data_subject', requester: '本人', fields: ['birthYear'], asked: '出生年份应为1947年' }),
    'correction',
  );
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
  const free = await created<{ person: { id: string } }>(await send('POST', '/v1/persons', admin, registeredPerson(district, { name: '赵磊', birthYear: 1950, guardians: [] })), 'free person');
  const freeStay = await created<{ id: string }>(
    await send('POST', '/v1/admissions', admin, { personId: free.person.id, facilityId: facility.id, at: new Date(Date.now() - 60_000).toISOString(), via: 'self_referred' }),
    'second admission',
  );
  const proposal = await created<{ id: string }>(await send('POST', '/v1/placements/proposals', admin, { personId }), 'proposal');
  const placement = await created<{ id: string }>(await send('POST', '/v1/placements', admin, { personId, facilityId: home.id, kind: 'long_term' }), 'placement');
  // An unidentified man admitted, and a family's report filed in the district: matching runs as the stream would.
  const tracer = await harness.as('tracer', { district });
  // Birth year and height drawn from the district code: the pair stands out among the table's many look-alikes
  // (matching keeps the 20 best candidates nationally).
  const birthYear = 1935 + (Number(district) % 30);
  const heightCm = 150 + (Math.floor(Number(district) / 30) % 40);
  const found = await created<{ person: { id: string } }>(
    await send('POST', '/v1/persons', admin, {
      sex: foundSex, estimatedAge: new Date().getUTCFullYear() - birthYear, estimatedAt: new Date().toISOString().slice(0, 10), heightCm, dialect: '四川口音', marks: '左手背有烫伤疤痕，右耳垂有痣',
      riskFactors: ['dementia'], status: 'on_street', identityStatus: 'unidentified', registrationSource: 'patrol', district,
    }),
    'found person',
  );
  const foundId = found.person.id;
  await created(await send('POST', '/v1/admissions', admin, { personId: foundId, facilityId: facility.id, at: new Date(Date.now() - 30_000).toISOString(), via: 'escorted_by_patrol', ...(foundSex === 'male' ? { bedSex: 'male' } : {}) }), 'found admission');
  await streamed(harness, keys.person(foundId));
  const report = await created<{ id: string }>(
    await send('POST', '/v1/missing-reports', tracer, {
      name: '王晓明', aliases: [], sex: foundSex, birthYear, heightCm: heightCm + 1, dialect: '四川话', homeRegion: { province: '四川省', city: '成都市', county: '金牛区' },
      marks: '左手背烫伤疤痕', conditions: ['dementia'], lastSeen: { at: new Date(Date.now() - 5 * 86_400_000).toISOString(), place: '成都市金牛区茶店子公交站' }, clothing: '蓝色棉袄',
      reporter: { name: '王芳', relation: '女儿', phone: '13812345678' },
    }),
    'missing report',
  );
  await streamed(harness, keys.missingReport(report.id));
  const photoId = await uploaded(harness, admin, foundId, true);
  const pendingPhotoId = await uploaded(harness, admin, foundId, false);
  const areaName = `草街街道${district}`;
  const area = await created<{ id: string }>(await send('POST', '/v1/areas', admin, { name: areaName, district, boundary: caojieBoundary, altitudeM: 230 }), 'area');
  // A cold-wave warning for the area starts a campaign there.
  const sent = new Date(Date.now() - 60_000);
  await created(
    await send('POST', '/v1/weather/warnings', admin, {
      identifier: `access-${district}-${randomUUID()}`, sender: 'cq@cma.gov.cn', sent: sent.toISOString(), msgType: 'Alert', event: '寒潮', level: 'orange',
      onset: sent.toISOString(), expires: new Date(Date.now() + 2 * 86_400_000).toISOString(), areas: [areaName],
    }),
    'warning',
  );
  const campaigns = await created<{ items: { id: string }[] }>(await harness.app.request(`/v1/campaigns?district=${district}`, { headers: admin }), 'campaigns');
  // A waitlist is for a full wing: the station's female wing is closed down to the beds in use while the waiting person joins, then reopened.
  const patchCapacity = (female: number) =>
    harness.app.request(`/v1/facilities/${facility.id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ capacity: { male: 30, female } }) });
  await created(await patchCapacity(foundSex === 'female' ? 1 : 0), 'female wing closed');
  await created(await send('POST', `/v1/facilities/${facility.id}/waitlist`, admin, { personId: waiting.person.id, reason: '救助站女床位已满' }), 'waitlist');
  await created(await patchCapacity(12), 'female wing reopened');
  return {
    district,
    facilityId: facility.id,
    homeId: home.id,
    fullId: full.id,
    personId,
    idNumber,
    waitingId: waiting.person.id,
    streetId: street.person.id,
    correctionId: correction.id,
    stayId: stay.id,
    freePersonId: free.person.id,
    freeStayId: freeStay.id,
    encounterId: encounter.encounter.id,
    aidCaseId: encounter.aidCase.id,
    proposalId: proposal.id,
    placementId: placement.id,
    foundId,
    reportId: report.id,
    photoId,
    pendingPhotoId,
    areaId: area.id,
    areaName,
    campaignId: campaigns.items[0]?.id ?? failed('the cold-wave warning started no campaign'),
  };
}

const failed = (what: string): never => {
  throw new Error(`access world: ${what}`);
};

/** What the stream does after a write: the item handed to the matching consumer. */
async function streamed(harness: Harness, key: { pk: string; sk: string }) {
  const { db } = harness;
  const item = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: true }))).Item as Record<string, unknown>;
  await matchFromStream({ db, rules: outreachRules, now: () => new Date() }, [{ eventName: 'INSERT', dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) } }]);
}

/** A photo of a person: offered, its file PUT, and (if `complete`) completed. */
async function uploaded(harness: Harness, who: Record<string, string>, personId: string, complete: boolean): Promise<string> {
  const file = phoneJpeg();
  const offered = await created<{ photoId: string; upload: unknown }>(
    await harness.send('POST', `/v1/persons/${personId}/photos`, who, { contentType: 'image/jpeg', sizeBytes: file.length, purpose: 'portrait' }),
    'photo',
  );
  // The deployed stage has no local upload route: the file lands in the store as the client's PUT would leave it.
  await harness.photos.write(photoFiles(personId, offered.photoId).upload, file, 'image/jpeg');
  if (complete) await created(await harness.app.request(`/v1/persons/${personId}/photos/${offered.photoId}/complete`, { method: 'POST', headers: { ...who, 'content-type': 'application/json' } }), 'photo completion');
  return offered.photoId;
}

let sides = 0;

/** One fresh district with its objects (a fresh district code, so its lists hold only these). */
export function buildSide(harness: Harness, foundSex: 'male' | 'female' = 'male', district = uniqueDistrict()): Promise<Side> {
  sides += 1;
  return side(harness, district, sides, foundSex);
}

/** Two fresh districts with their objects. */
export async function buildWorld(harness: Harness): Promise<World> {
  // The home side's found person and report are a woman's, every other side's a man's: another district's report
  // never matches a home person, so it stays out of the home district's sight (a candidate would show it there).
  // The two districts lie in different provinces: placement looks for welfare homes across the province.
  const homeDistrict = uniqueDistrict();
  const [home, away] = await Promise.all([buildSide(harness, 'female', homeDistrict), buildSide(harness, 'male', uniqueDistrict(homeDistrict))]);
  return { home, away };
}

export const newKey = () => randomUUID();
