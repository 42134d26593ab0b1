import { describe, expect, it } from 'vitest';
// The app first: its routes extend zod with OpenAPI metadata before any domain schema is built.
import { testApp, uniqueDistrict } from '../support/app.js';
import { outreachRules } from '../../shared/domain/rules.js';
import { runSweep } from '../../shared/sweep/sweep.js';
import { caojieBoundary, capFixture, captureEvents, encounterStream } from '../support/campaigns.js';
import { registeredPerson } from '../support/persons.js';

type Campaign = { id: string; level: string; status: string; patrolsPerDay: number; visits: { persons: number; spots: number; built: boolean }; escalations: unknown[]; quietSince?: string };
type Visit = { rank: number; kind: string; id: string; priority: string[]; reached: boolean; encounterId?: string };

/** A district with 草街街道, three register members met there (one outside) the day before, and a movable clock. */
async function setup(start: string) {
  const clock = { now: new Date(start) };
  const harness = await testApp({ now: () => clock.now });
  const district = uniqueDistrict();
  const admin = await harness.as('admin', { district });
  const patrol = await harness.as('patrol', { district });
  const area = await harness.send('POST', '/v1/areas', admin, { name: '草街街道', district, boundary: caojieBoundary, altitudeM: 230 });
  expect(area.status).toBe(201);
  const areaId = ((await area.json()) as { id: string }).id;
  const stream = encounterStream(harness.db);
  const register = async (overrides: Record<string, unknown>) => {
    const response = await harness.send('POST', '/v1/persons', admin, registeredPerson(district, overrides));
    expect(response.status).toBe(201);
    return ((await response.json()) as { person: { id: string } }).person.id;
  };
  const meet = async (personId: string, occurredAt: string, lat: number, lng: number, extra: Record<string, unknown> = {}) => {
    const response = await harness.send('POST', '/v1/encounters', patrol, { personId, occurredAt, location: { lat, lng, crs: 'WGS84', place: '草街客运站' }, ...extra });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { encounter: { id: string } }).encounter.id;
  };
  const elder = await register({ name: '王大爷', guardians: [] });
  const adult = await register({ name: '李四', birthYear: 1980, riskFactors: ['repeat_rough_sleeper'], status: 'on_street', guardians: [] });
  const away = await register({ name: '张三', birthYear: 1980, riskFactors: ['repeat_rough_sleeper'], guardians: [] });
  const dayBefore = new Date(clock.now.getTime() - 20 * 3600_000).toISOString();
  await meet(elder, dayBefore, 29.981, 106.351);
  await meet(adult, dayBefore, 29.985, 106.355);
  await meet(away, dayBefore, 30.5, 106.35);
  // The sleeping-spot cells count encounters from the stream.
  expect(await stream.deliver()).toBe(3);
  const events = captureEvents(harness.db);
  const postCap = (xml: string) =>
    harness.app.request('/v1/weather/warnings', { method: 'POST', headers: { ...admin, 'content-type': 'application/cap+xml' }, body: xml });
  const get = async <T>(path: string, headers = patrol) => {
    const response = await harness.app.request(path, { headers });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  return { ...harness, clock, district, admin, patrol, areaId, elder, adult, away, meet, events, postCap, get };
}

describe('register members never met on the street', () => {
  it('a campaign’s visit list places them at their registered address when it lies in the area', async () => {
    const h = await setup('2026-07-20T03:00:00Z');
    const register = async (overrides: Record<string, unknown>) => {
      const response = await h.send('POST', '/v1/persons', h.admin, registeredPerson(h.district, overrides));
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { person: { id: string } }).person.id;
    };
    // Registered by family or survey, never met: one living in 草街街道, one elsewhere, one with no place on the map.
    const home = await register({ name: '赵奶奶', address: { text: '草街街道嘉陵江路12号', location: { lat: 29.975, lng: 106.345 } } });
    const elsewhere = await register({ name: '钱爷爷', address: { text: '北碚区某路1号', location: { lat: 29.8, lng: 106.4 } } });
    const unplaced = await register({ name: '孙大爷', address: { text: '草街街道' } });
    expect((await h.postCap(capFixture('heat-alert.xml'))).status).toBe(201);
    const [campaign] = (await h.get<{ items: Campaign[] }>(`/v1/campaigns?district=${h.district}`, h.admin)).items;
    expect(campaign?.visits.persons).toBe(3);
    const visits = (await h.get<{ visits: (Visit & { placedBy?: string; lat: number; lng: number })[] }>(`/v1/campaigns/${campaign?.id}`)).visits.filter((v) => v.kind === 'person');
    expect(visits.find((v) => v.id === home)).toMatchObject({ placedBy: 'address', lat: 29.975, lng: 106.345 });
    expect(visits.find((v) => v.id === h.elder)).toMatchObject({ placedBy: 'last_seen' });
    expect(visits.map((v) => v.id)).not.toContain(elsewhere);
    expect(visits.map((v) => v.id)).not.toContain(unplaced);
  });
});

describe('a campaign’s whole life against DynamoDB Local', () => {
  it('warning → start → escalate → visits → cancel → end → report, one alert a step, nothing twice', async () => {
    const h = await setup('2026-07-20T03:00:00Z');
    const campaignEvents = () => h.events.filter((event) => event.kind === 'campaign');

    // An official heat orange warning (CAP) starts the campaign at once.
    const alert = await h.postCap(capFixture('heat-alert.xml'));
    expect(alert.status).toBe(201);
    const received = (await alert.json()) as { applied: { areaId: string; level: string; status: string }[]; unmatchedAreas: string[]; campaigns: Record<string, number> };
    expect(received.applied).toEqual([expect.objectContaining({ areaId: h.areaId, level: 'orange', status: 'active', hazard: 'heat' })]);
    expect(received.unmatchedAreas).toEqual(['钱塘镇']);
    expect(received.campaigns).toMatchObject({ started: 1 });
    expect(campaignEvents()).toHaveLength(1);
    const started = campaignEvents()[0];
    expect(started).toMatchObject({ district: h.district, severity: 'urgent', payload: { phase: 'started', level: 'orange', hazard: 'heat', persons: 2, patrolsPerDay: 2 } });
    expect(started?.payload['message']).toMatch(/^【夏季送清凉】草街街道高温橙色预警：即日起每日巡查2次.*走访在册人员 2 人、露宿点 2 处.*清凉包/);

    // The same message again, the office's evaluation, the hourly sweep: nothing new, no second alert.
    expect((await h.postCap(capFixture('heat-alert.xml'))).status).toBe(200);
    const evaluation = await h.app.request('/v1/campaigns/evaluate', { method: 'POST', headers: { ...h.admin, 'content-type': 'application/json' } });
    expect(((await evaluation.json()) as { result: Record<string, number> }).result).toMatchObject({ started: 0, escalated: 0, ended: 0, quiet: 0 });
    const sweep = await runSweep({ db: h.db, rules: outreachRules, now: () => h.clock.now, districts: [h.district] });
    expect(sweep.jobs['campaignEvaluation']).toMatchObject({ areas: 1, started: 0, escalated: 0 });
    expect(campaignEvents()).toHaveLength(1);

    const active = await h.get<{ items: Campaign[] }>(`/v1/campaigns?status=active`);
    expect(active.items).toHaveLength(1);
    const campaign = active.items[0] as Campaign;
    expect(campaign).toMatchObject({ level: 'orange', status: 'active', visits: { persons: 2, spots: 2, built: true } });

    // The visit list: the elderly man with dementia first, then the adult; two spots; the man met outside the area is not on it.
    const first = await h.get<{ visits: Visit[]; nextPage: number | null }>(`/v1/campaigns/${campaign.id}`);
    expect(first.visits.filter((v) => v.kind === 'person').map((v) => v.id)).toEqual([h.elder, h.adult]);
    expect(first.visits.find((v) => v.id === h.elder)?.priority).toEqual(['elderly', 'disabled']);
    expect(first.visits.map((v) => v.id)).not.toContain(h.away);
    expect(first.visits.every((v) => !v.reached)).toBe(true);
    expect(first.nextPage).toBeNull();

    // Escalation to red (a CAP Update): one alert, twice-daily patrols.
    h.clock.now = new Date('2026-07-20T08:00:00Z');
    const update = await h.postCap(capFixture('heat-update-red.xml'));
    expect(((await update.json()) as { campaigns: Record<string, number> }).campaigns).toMatchObject({ escalated: 1 });
    await runSweep({ db: h.db, rules: outreachRules, now: () => h.clock.now, districts: [h.district] });
    expect(campaignEvents().map((e) => e.payload['phase'])).toEqual(['started', 'escalated']);
    expect(campaignEvents()[1]?.payload['message']).toContain('由橙色升为红色');

    // A patrol meets the adult with the campaign's id and gives water: the person and the spot there are ticked off.
    h.clock.now = new Date('2026-07-20T10:00:00Z');
    const visitId = await h.meet(h.adult, '2026-07-20T09:00:00Z', 29.985, 106.355, { campaignId: campaign.id, actions: ['offered_water', 'offered_food'], referrals: [{ kind: 'medical' }] });
    const during = await h.get<{ campaign: Campaign; visits: Visit[] }>(`/v1/campaigns/${campaign.id}`);
    expect(during.campaign.level).toBe('red');
    expect(during.visits.find((v) => v.id === h.adult)).toMatchObject({ reached: true, encounterId: visitId });
    expect(during.visits.filter((v) => v.kind === 'spot' && v.reached)).toHaveLength(1);
    expect(during.visits.find((v) => v.id === h.elder)?.reached).toBe(false);

    // The all-clear (a CAP Cancel of both messages): quiet, not ended; 23 h 59 later still active; at 24 h ended, with one alert.
    h.clock.now = new Date('2026-07-21T01:00:00Z');
    const cancel = await h.postCap(capFixture('heat-cancel.xml'));
    expect(cancel.status, await cancel.clone().text()).toBe(201);
    const cancelled = (await cancel.json()) as { applied: { status: string }[]; campaigns: Record<string, number> };
    expect(cancelled.applied).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    expect(cancelled.campaigns).toMatchObject({ quiet: 1, ended: 0 });
    h.clock.now = new Date('2026-07-22T00:59:00Z');
    expect((await runSweep({ db: h.db, rules: outreachRules, now: () => h.clock.now, districts: [h.district] })).jobs['campaignEvaluation']).toMatchObject({ ended: 0 });
    h.clock.now = new Date('2026-07-22T01:00:00Z');
    expect((await runSweep({ db: h.db, rules: outreachRules, now: () => h.clock.now, districts: [h.district] })).jobs['campaignEvaluation']).toMatchObject({ ended: 1 });
    expect((await runSweep({ db: h.db, rules: outreachRules, now: () => h.clock.now, districts: [h.district] })).jobs['campaignEvaluation']).toMatchObject({ ended: 0, started: 0 });
    expect(campaignEvents().map((e) => `${e.payload['phase']}:${e.severity}`)).toEqual(['started:urgent', 'escalated:urgent', 'ended:info']);
    expect(campaignEvents()[2]?.payload['message']).toContain('走访完成 2/4');
    expect((await h.get<{ items: Campaign[] }>('/v1/campaigns?status=active')).items).toEqual([]);
    expect((await h.get<{ items: Campaign[] }>('/v1/campaigns?status=ended')).items.map((c) => c.id)).toEqual([campaign.id]);

    // The report, as JSON and CSV.
    const report = await h.get<{ report: { targets: number; reached: number; peopleReached: number; supplies: Record<string, number>; referrals: Record<string, number>; notFound: { id: string }[] } }>(`/v1/campaigns/${campaign.id}/report`);
    expect(report.report).toMatchObject({ targets: 4, reached: 2, peopleReached: 1, supplies: { water: 1, food: 1 }, referrals: { medical: 1 } });
    expect(report.report.notFound.map((n) => n.id)).toContain(h.elder);
    const csv = await h.app.request(`/v1/campaigns/${campaign.id}/report`, { headers: { ...h.patrol, accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"rank","kind","id","name","priority","lat","lng","lastSeenAt","reached","reachedAt","encounterId"');
    expect(lines).toHaveLength(5);
    expect(lines.find((line) => line.includes(h.elder))).toContain('"王大爷"');
  });

  it('another district’s staff cannot see the campaign; tracers cannot list campaigns', async () => {
    const h = await setup('2026-07-20T03:00:00Z');
    await h.postCap(capFixture('heat-alert.xml'));
    const [campaign] = (await h.get<{ items: Campaign[] }>('/v1/campaigns')).items;
    const stranger = await h.as('patrol', { district: uniqueDistrict() });
    expect((await h.app.request(`/v1/campaigns/${campaign?.id}`, { headers: stranger })).status).toBe(404);
    expect((await h.app.request(`/v1/campaigns/${campaign?.id}/report`, { headers: stranger })).status).toBe(404);
    expect((await h.app.request(`/v1/campaigns?district=${h.district}`, { headers: stranger })).status).toBe(403);
    expect((await h.app.request('/v1/campaigns', { headers: await h.as('tracer', { district: h.district }) })).status).toBe(403);
    expect((await h.app.request('/v1/campaigns/evaluate', { method: 'POST', headers: { ...h.patrol, 'content-type': 'application/json' } })).status).toBe(403);
  });
});
