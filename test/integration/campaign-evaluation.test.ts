import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The app first: its routes extend zod with OpenAPI metadata before any domain schema is built.
import { testApp, uniqueDistrict } from '../support/app.js';
import { evaluateCampaigns } from '../../shared/services/campaigns.js';
import { ruleBookOf } from '../../shared/services/rules.js';
import { ForecastUnavailable, readOpenMeteo, type ForecastProvider } from '../../shared/weather/forecast.js';
import type { Forecast } from '../../shared/domain/weather.js';
import { caojieBoundary, captureEvents } from '../support/campaigns.js';
import { registeredPerson } from '../support/persons.js';

const recorded = JSON.parse(readFileSync(new URL('../fixtures/open-meteo/caojie-cold-wave.json', import.meta.url), 'utf8')) as unknown;
const coldWave = readOpenMeteo(recorded, new Date('2026-12-01T01:00:00Z'));
const provider = (forecast: () => Forecast): ForecastProvider => ({ name: 'recorded', forecast: async () => forecast() });
const unavailable: ForecastProvider = { name: 'offline', forecast: async () => Promise.reject(new ForecastUnavailable('no network')) };

async function districtWithArea(at: Date) {
  const harness = await testApp({ now: () => at });
  const district = uniqueDistrict();
  const admin = await harness.as('admin', { district });
  expect((await harness.send('POST', '/v1/areas', admin, { name: '草街街道', district, boundary: caojieBoundary })).status).toBe(201);
  return { ...harness, district, admin };
}

describe('the campaign evaluation', () => {
  it('starts one campaign from a forecast however many runs race, and re-runs send nothing', async () => {
    const at = new Date('2026-12-01T01:00:00Z');
    const { db, district, requests } = await districtWithArea(at);
    const events = captureEvents(db);
    const run = () => evaluateCampaigns({ db, rules: ruleBookOf([]), now: () => at, districts: [district], forecasts: provider(() => coldWave) });
    const reports = await Promise.all([run(), run(), run(), run(), run()]);
    expect(reports.reduce((sum, report) => sum + report.started, 0)).toBe(1);
    expect(events.filter((e) => e.kind === 'campaign').map((e) => e.payload['level'])).toEqual(['yellow']);
    expect(events.find((e) => e.kind === 'campaign')?.payload['message']).toContain('寒冬送温暖');
    requests.reset();
    const again = await run();
    expect(again).toMatchObject({ started: 0, escalated: 0, quiet: 0, ended: 0 });
    // Idle, a run reads the areas, the district's signals and active campaigns, and notes the fresh forecast.
    expect(requests.byCommand()).toEqual({ Query: 3, UpdateItem: 1 });
    expect(events.filter((e) => e.kind === 'campaign')).toHaveLength(1);
  });

  it('a missing forecast never starts or ends a campaign; weather_stale goes out once after the configured hours', async () => {
    const start = new Date('2026-12-01T01:00:00Z');
    const { db, district } = await districtWithArea(start);
    const events = captureEvents(db);
    const at = (hours: number) => evaluateCampaigns({ db, rules: ruleBookOf([]), now: () => new Date(start.getTime() + hours * 3600_000), districts: [district], forecasts: unavailable });
    expect(await at(0)).toMatchObject({ started: 0, forecastsMissing: 1, staleAlerts: 0 });
    expect(await at(11)).toMatchObject({ staleAlerts: 0 });
    expect(await at(12)).toMatchObject({ staleAlerts: 1 });
    expect(await at(13)).toMatchObject({ staleAlerts: 0 });
    expect(events.filter((e) => e.kind === 'weather_stale')).toEqual([expect.objectContaining({ district, severity: 'info' })]);
    // Fresh again, then stale again: a second alert.
    await evaluateCampaigns({ db, rules: ruleBookOf([]), now: () => new Date(start.getTime() + 14 * 3600_000), districts: [district], forecasts: provider(() => ({ ...coldWave, daily: [], hourly: [] })) });
    expect(await at(26)).toMatchObject({ staleAlerts: 1 });
    expect(events.filter((e) => e.kind === 'weather_stale')).toHaveLength(2);
    expect(events.filter((e) => e.kind === 'campaign')).toHaveLength(0);
  });
});

describe('a slow forecast service', () => {
  it('the run keeps to its budget: areas not reached are reported stale at once, the others still evaluate', async () => {
    const at = new Date('2026-12-01T01:00:00Z');
    const { db, district, send, admin } = await districtWithArea(at);
    const east = { type: 'Polygon' as const, coordinates: [[[106.4, 29.97], [106.42, 29.97], [106.42, 29.99], [106.4, 29.99], [106.4, 29.97]]] };
    expect((await send('POST', '/v1/areas', admin, { name: '钱塘镇', district, boundary: east })).status).toBe(201);
    const events = captureEvents(db);
    // 钱塘镇's forecast never comes (until the run gives up on it); 草街街道's comes at once.
    const slow: ForecastProvider = {
      name: 'slow',
      forecast: (point, _days, signal) =>
        point.lng > 106.39 ? new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new ForecastUnavailable('aborted')))) : Promise.resolve(coldWave),
    };
    const report = await evaluateCampaigns({ db, rules: ruleBookOf([]), now: () => at, districts: [district], forecasts: slow, forecastFetching: { budgetMs: 300 } });
    expect(report).toMatchObject({ areas: 2, started: 1, forecastsNotReached: 1 });
    const stale = events.filter((e) => e.kind === 'weather_stale');
    expect(stale).toEqual([expect.objectContaining({ district, payload: expect.objectContaining({ count: 1, notReached: [expect.objectContaining({ areaName: '钱塘镇' })] }) })]);
    expect(events.filter((e) => e.kind === 'campaign').map((e) => e.payload['areaName'])).toEqual(['草街街道']);
    // The same run again (a retried invocation at the same instant) tells no one twice.
    await evaluateCampaigns({ db, rules: ruleBookOf([]), now: () => at, districts: [district], forecasts: slow, forecastFetching: { budgetMs: 300 } });
    expect(events.filter((e) => e.kind === 'weather_stale')).toHaveLength(1);
  });
});

describe('rules the office changes', () => {
  it('a threshold changed through the API takes effect on the next evaluation, versioned and audited', async () => {
    const at = new Date('2026-07-20T02:00:00Z');
    const hot: Forecast = { provider: 'recorded', fetchedAt: at.toISOString(), daily: [{ date: '2026-07-20', tMax: 36.5, tMin: 28, tMean: 32, windMaxMs: 2 }], hourly: [] };
    const harness = await testApp({ now: () => at, editableRules: true, forecasts: provider(() => hot) });
    const district = uniqueDistrict();
    const admin = await harness.as('admin', { district });
    expect((await harness.send('POST', '/v1/areas', admin, { name: '草街街道', district, boundary: caojieBoundary })).status).toBe(201);
    const evaluate = async () =>
      ((await (await harness.app.request('/v1/campaigns/evaluate', { method: 'POST', headers: { ...admin, 'content-type': 'application/json' } })).json()) as { result: { started: number } }).result;
    expect((await evaluate()).started).toBe(0); // 36.5 °C is below orange (37)

    // The signal thresholds are national: the system role changes them, for every district.
    const system = await harness.as('system');
    const read = await harness.app.request('/v1/rules/weather.chongqing', { headers: system });
    const etag = read.headers.get('etag') as string;
    const rule = (await read.json()) as { value: { heat: { yellow: { maxAtLeast: number }; orange: { maxAtLeast: number } } }; version: number };
    const put = (value: unknown, ifMatch?: string, headers = system) =>
      harness.app.request('/v1/rules/weather.chongqing', { method: 'PUT', headers: { ...headers, 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) }, body: JSON.stringify({ value }) });
    const lower = structuredClone(rule.value);
    lower.heat.orange.maxAtLeast = 36;
    expect((await put(lower)).status).toBe(428);
    expect((await put(lower, etag, await harness.as('patrol', { district }))).status).toBe(403);
    expect((await put(lower, etag, admin)).status).toBe(403);
    const invalid = structuredClone(rule.value);
    invalid.heat.orange.maxAtLeast = 'hot' as unknown as number;
    const refused = (await (await put(invalid, etag)).json()) as { status: number; errors: { path: string }[] };
    expect(refused.status).toBe(400);
    expect(refused.errors.map((e) => e.path)).toEqual(['body.value.heat.orange.maxAtLeast']);
    const changed = await put(lower, etag);
    expect(changed.status).toBe(200);
    const newTag = changed.headers.get('etag') as string;
    expect((await put(lower, etag)).status).toBe(412);

    expect((await evaluate()).started).toBe(1);

    const after = (await (await harness.app.request('/v1/rules/weather.chongqing', { headers: system })).json()) as { version: number; updatedBy: string; history: { version: number }[] };
    expect(after.version).toBe(rule.version + 1);
    expect(after.history[0]?.version).toBe(rule.version + 1);
    const audit = (await (await harness.app.request('/v1/audit?subjectId=weather.chongqing', { headers: admin })).json()) as { items: { action: string }[] };
    expect(audit.items.map((entry) => entry.action)).toContain('rule.change');
    const all = (await (await harness.app.request('/v1/rules', { headers: admin })).json()) as { items: { name: string }[] };
    expect(all.items.map((item) => item.name)).toEqual([
      'weather.national', 'weather.chongqing', 'campaign', 'followUps', 'tracing.caseClock', 'calendar.arrangements',
      'care.stayLimit', 'care.releaseAge', 'placement.routing', 'placement.stages', 'placement.waitlistHold', 'privacy.retention', 'matching',
    ]);
    // Put the default back for whoever reads the rules next.
    expect((await put(rule.value, newTag)).status).toBe(200);
  });

  it('a follow-up interval changed through the API applies to the next encounter without a redeploy', async () => {
    const at = new Date('2026-11-28T04:00:00Z');
    const harness = await testApp({ now: () => at, editableRules: true });
    const district = uniqueDistrict();
    const admin = await harness.as('admin', { district });
    const patrol = await harness.as('patrol', { district });
    const read = await harness.app.request('/v1/rules/followUps', { headers: admin });
    const before = (await read.json()) as { value: { refusalFollowUpDays: number } };
    const change = (value: unknown, etag: string) =>
      harness.app.request('/v1/rules/followUps', { method: 'PUT', headers: { ...admin, 'content-type': 'application/json', 'if-match': etag }, body: JSON.stringify({ value }) });
    const changed = await change({ ...before.value, refusalFollowUpDays: 5 }, read.headers.get('etag') as string);
    expect(changed.status).toBe(200);
    try {
      const person = await harness.send('POST', '/v1/persons', admin, registeredPerson(district, { birthYear: 1980, guardians: [], riskFactors: ['repeat_rough_sleeper'] }));
      const personId = ((await person.json()) as { person: { id: string } }).person.id;
      const met = await harness.send('POST', '/v1/encounters', patrol, {
        personId, occurredAt: '2026-11-28T03:00:00Z', location: { lat: 29.98, lng: 106.35, crs: 'WGS84' }, actions: ['refused_help', 'offered_water'],
      });
      const { encounter } = (await met.json()) as { encounter: { nextSteps: { code: string; dueAt?: string }[] } };
      expect(encounter.nextSteps.find((step) => step.code === 'schedule_follow_up')?.dueAt).toBe('2026-12-03');
    } finally {
      expect((await change(before.value, changed.headers.get('etag') as string)).status).toBe(200);
    }
  });

  it('loads a year’s holiday arrangement, which the working-day deadlines then use', async () => {
    const harness = await testApp({ now: () => new Date('2026-12-30T02:00:00Z'), editableRules: true });
    // The State Council's arrangement binds the country: the system role enters it.
    const admin = await harness.as('system');
    const read = await harness.app.request('/v1/rules/calendar.arrangements', { headers: admin });
    const current = (await read.json()) as { value: { year: number }[] };
    const arrangement2027 = {
      year: 2027,
      source: '国务院办公厅关于2027年部分节假日安排的通知 (test arrangement)',
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      workdays: [],
    };
    const value = [...current.value.filter((year) => year.year !== 2027), arrangement2027];
    const response = await harness.app.request('/v1/rules/calendar.arrangements', {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json', 'if-match': read.headers.get('etag') as string },
      body: JSON.stringify({ value }),
    });
    expect(response.status).toBe(200);
    // Fifty years of every day a holiday: valid dates, but more than a rule may hold (one item).
    const huge = Array.from({ length: 50 }, (_, i) => {
      const year = 2030 + i;
      const days = Array.from({ length: 365 }, (_, d) => new Date(Date.UTC(year, 0, 1 + d)).toISOString().slice(0, 10));
      return { year, source: 'test', holidays: days, workdays: [] };
    });
    const tooBig = await harness.app.request('/v1/rules/calendar.arrangements', {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json', 'if-match': response.headers.get('etag') as string },
      body: JSON.stringify({ value: huge }),
    });
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['body.value']);
    const states = ruleBookOf([{ name: 'calendar.arrangements', value, version: 1, source: '', isDefault: false }]);
    expect(states.calendar.isWorkingDay('2027-01-01')).toEqual({ working: false, provisional: false });
    expect(states.calendar.coverage()).toContainEqual({ year: 2027, source: arrangement2027.source });
  });
});
