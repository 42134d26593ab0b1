import { describe, expect, it } from 'vitest';
import { campaignRules, warningRules, weatherThresholds } from '../../shared/domain/rules.js';
import { beaufort, computeSignals, type DailyForecast, type Forecast } from '../../shared/domain/weather.js';
import { campaignStep, effectiveSignal, inWindow, officialUntil, type OfficialSignal } from '../../shared/domain/campaign.js';

const now = new Date('2026-07-20T02:00:00Z'); // 10:00 CST, 20 July
const day = (date: string, values: Partial<DailyForecast>): DailyForecast => ({ date, tMax: 30, tMin: 20, tMean: 25, windMaxMs: 3, ...values });
const forecastOf = (daily: DailyForecast[], hourly: Forecast['hourly'] = []): Forecast => ({ provider: 'test', fetchedAt: now.toISOString(), daily, hourly });
const national = (forecast: Forecast, at = now) => computeSignals(forecast, weatherThresholds.national, 'national', 'area-1', at);
const chongqing = (forecast: Forecast, at = now) => computeSignals(forecast, weatherThresholds.chongqing, 'chongqing', 'area-1', at);

describe('heat thresholds (national set)', () => {
  it('fires orange at a maximum of 37.0 °C within 24 hours, not at 36.9', () => {
    expect(national(forecastOf([day('2026-07-20', { tMax: 36.9 }), day('2026-07-21', { tMax: 33 })]))).toEqual([]);
    const [signal] = national(forecastOf([day('2026-07-20', { tMax: 33 }), day('2026-07-21', { tMax: 37.0 })]));
    expect(signal).toMatchObject({ hazard: 'heat', level: 'orange', areaId: 'area-1', period: { from: '2026-07-21T00:00:00+08:00' } });
    expect(signal?.rule).toMatchObject({ name: 'weather.national', version: weatherThresholds.national.version });
  });

  it('fires red at 40.0 and reads floating noise at the service’s precision (36.95 is 37.0)', () => {
    expect(national(forecastOf([day('2026-07-20', { tMax: 40 })]))[0]?.level).toBe('red');
    expect(national(forecastOf([day('2026-07-20', { tMax: 39.9 })]))[0]?.level).toBe('orange');
    expect(national(forecastOf([day('2026-07-20', { tMax: 36.95 })]))[0]?.level).toBe('orange');
  });

  it('fires yellow on 35 °C three days running, not on two, not on three with a gap', () => {
    const hot = (date: string) => day(date, { tMax: 35.0 });
    expect(national(forecastOf([hot('2026-07-20'), hot('2026-07-21'), hot('2026-07-22')]))[0]).toMatchObject({ hazard: 'heat', level: 'yellow' });
    expect(national(forecastOf([hot('2026-07-20'), hot('2026-07-21'), day('2026-07-22', { tMax: 34.9 })]))).toEqual([]);
    expect(national(forecastOf([hot('2026-07-20'), hot('2026-07-21'), hot('2026-07-23')]))).toEqual([]);
  });

  it('ignores a hot day beyond the next 24 hours for orange', () => {
    expect(national(forecastOf([day('2026-07-20', {}), day('2026-07-21', {}), day('2026-07-22', { tMax: 38 })]))).toEqual([]);
  });
});

describe('cold-wave thresholds', () => {
  const at = new Date('2026-12-01T02:00:00Z');
  it('national yellow: a fall of the daily minimum of 10.0 °C in 24 h fires, 9.9 does not (minimum ≤ 4, wind force ≥ 6)', () => {
    const windy = 10.8; // force 6
    expect(beaufort(windy)).toBe(6);
    const fall = (by: number) => forecastOf([day('2026-12-01', { tMin: 13 }), day('2026-12-02', { tMin: 13 - by, windMaxMs: windy })]);
    expect(national(fall(10.0), at)[0]).toMatchObject({ hazard: 'cold_wave', level: 'yellow' });
    // 9.9 °C in 24 h is not yellow, but it is a fall of 8 or more within 48 h: blue.
    expect(national(fall(9.9), at).map((signal) => signal.level)).toEqual(['blue']);
  });

  it('national yellow needs its wind: force 5 leaves it blue, the 24-hour fall being one within 48 hours too', () => {
    const calm = forecastOf([day('2026-12-01', { tMin: 13 }), day('2026-12-02', { tMin: 3, windMaxMs: 9 })]);
    expect(national(calm, at).map((signal) => signal.level)).toEqual(['blue']);
    const still = forecastOf([day('2026-12-01', { tMin: 13 }), day('2026-12-02', { tMin: 3, windMaxMs: 5 })]);
    expect(national(still, at)).toEqual([]);
    const blue = forecastOf([day('2026-12-01', { tMin: 11 }), day('2026-12-02', { tMin: 8 }), day('2026-12-03', { tMin: 3, windMaxMs: 8.0 })]);
    expect(national(blue, at)[0]).toMatchObject({ level: 'blue', rule: { name: 'weather.national' } });
  });

  it('national orange at a 12 °C fall to 0 °C; red at 16 °C', () => {
    expect(national(forecastOf([day('2026-12-01', { tMin: 12 }), day('2026-12-02', { tMin: 0 })]), at)[0]?.level).toBe('orange');
    expect(national(forecastOf([day('2026-12-01', { tMin: 16 }), day('2026-12-02', { tMin: 0 })]), at)[0]?.level).toBe('red');
  });

  it('Chongqing reads the daily mean: orange at a fall of 10.0, yellow at 9.9, blue at 6 over 48 h', () => {
    const mean = (by: number) => forecastOf([day('2026-12-01', { tMean: 15 }), day('2026-12-02', { tMean: 15 - by })]);
    expect(chongqing(mean(10.0), at)[0]).toMatchObject({ level: 'orange', rule: { name: 'weather.chongqing', version: weatherThresholds.chongqing.version } });
    expect(chongqing(mean(9.9), at)[0]?.level).toBe('yellow');
    expect(chongqing(mean(7.9), at).map((signal) => signal.level)).toEqual(['blue']);
    expect(chongqing(mean(5.9), at)).toEqual([]);
    const slow = forecastOf([day('2026-12-01', { tMean: 15 }), day('2026-12-02', { tMean: 12 }), day('2026-12-03', { tMean: 9 })]);
    expect(chongqing(slow, at)[0]?.level).toBe('blue');
  });
});

describe('road icing', () => {
  const at = new Date('2026-12-10T00:00:00Z');
  const hour = (h: number, temperature: number, precipitationMm: number) => ({ time: new Date(at.getTime() + h * 3600_000).toISOString(), temperature, precipitationMm });
  it('by how soon freezing precipitation comes: 2 h red, 6 h orange, 12 h yellow, later nothing', () => {
    expect(national(forecastOf([], [hour(2, -0.5, 0.3)]), at)[0]?.level).toBe('red');
    expect(national(forecastOf([], [hour(5, 0, 0.3)]), at)[0]?.level).toBe('orange');
    expect(national(forecastOf([], [hour(12, -1, 0.1)]), at)[0]?.level).toBe('yellow');
    expect(national(forecastOf([], [hour(13, -1, 0.1)]), at)).toEqual([]);
    expect(national(forecastOf([], [hour(2, 0.1, 3)]), at)).toEqual([]);
    expect(national(forecastOf([], [hour(2, -3, 0)]), at)).toEqual([]);
  });
});

describe('campaign windows and the signal in force', () => {
  const official = (values: Partial<OfficialSignal>): OfficialSignal => ({
    areaId: 'area-1', hazard: 'heat', level: 'orange', warningId: 'w1', sent: '2026-07-20T00:00:00.000Z', expires: '2026-07-21T00:00:00.000Z', status: 'active', ...values,
  });
  const computed = { hazard: 'heat' as const, level: 'red' as const, areaId: 'area-1', period: { from: '', to: '2026-07-21T00:00:00Z' }, rule: { name: 'weather.national', version: 'x', detail: '' } };

  it('windows run over the new year for the cold', () => {
    expect(inWindow(new Date('2026-03-15T15:00:00Z'), campaignRules.windows.cold)).toBe(true); // 23:00 CST 15 March
    expect(inWindow(new Date('2026-03-15T16:00:00Z'), campaignRules.windows.cold)).toBe(false); // 16 March CST
    expect(inWindow(new Date('2026-12-31T00:00:00Z'), campaignRules.windows.cold)).toBe(true);
    expect(inWindow(new Date('2026-10-31T00:00:00Z'), campaignRules.windows.cold)).toBe(false);
  });

  it('an official warning wins over a computed one, higher or lower, and its all-clear silences the forecast for the quiet period', () => {
    expect(effectiveSignal('heat', official({ level: 'yellow' }), computed, now, campaignRules)).toMatchObject({ state: 'signal', level: 'yellow', source: { kind: 'official' } });
    const cancelled = official({ status: 'cancelled', cancelledAt: '2026-07-20T01:00:00.000Z' });
    expect(effectiveSignal('heat', cancelled, computed, now, campaignRules)).toEqual({ state: 'none', since: '2026-07-20T01:00:00.000Z' });
    const longAgo = official({ status: 'cancelled', cancelledAt: '2026-07-18T01:00:00.000Z' });
    expect(effectiveSignal('heat', longAgo, computed, now, campaignRules)).toMatchObject({ state: 'signal', level: 'red', source: { kind: 'computed' } });
  });

  it('a computed signal counts only inside the window; an official one any time of year', () => {
    const october = new Date('2026-10-10T02:00:00Z');
    expect(effectiveSignal('heat', undefined, computed, october, campaignRules)).toMatchObject({ state: 'none' });
    expect(effectiveSignal('heat', official({ expires: '2026-10-11T00:00:00.000Z' }), null, october, campaignRules)).toMatchObject({ state: 'signal' });
  });

  it('no forecast and no warning is unknown, and unknown never starts or ends a campaign', () => {
    const unknown = effectiveSignal('heat', undefined, undefined, now, campaignRules);
    expect(unknown).toEqual({ state: 'unknown' });
    expect(campaignStep('heat', undefined, unknown, now, campaignRules)).toEqual({ action: 'none' });
    expect(campaignStep('heat', { level: 'red', quietSince: '2026-07-01T00:00:00Z' }, unknown, now, campaignRules)).toEqual({ action: 'none' });
  });

  it('steps: heat starts at orange, not yellow; escalates up only; ends after 24 h of quiet, not 23', () => {
    const signal = (level: 'yellow' | 'orange' | 'red') => ({ state: 'signal' as const, level, source: { kind: 'official' as const, warningId: 'w' }, until: '' });
    expect(campaignStep('heat', undefined, signal('yellow'), now, campaignRules)).toEqual({ action: 'none' });
    expect(campaignStep('cold_wave', undefined, { ...signal('yellow'), level: 'blue' }, now, campaignRules)).toEqual({ action: 'start', level: 'blue' });
    expect(campaignStep('heat', undefined, signal('orange'), now, campaignRules)).toEqual({ action: 'start', level: 'orange' });
    expect(campaignStep('heat', { level: 'orange' }, signal('red'), now, campaignRules)).toEqual({ action: 'escalate', from: 'orange', to: 'red' });
    expect(campaignStep('heat', { level: 'red' }, signal('orange'), now, campaignRules)).toEqual({ action: 'none' });
    const quiet = { state: 'none' as const, since: '2026-07-19T03:00:00.000Z' };
    expect(campaignStep('heat', { level: 'red' }, quiet, now, campaignRules)).toEqual({ action: 'quiet', since: quiet.since });
    expect(campaignStep('heat', { level: 'red', quietSince: '2026-07-19T03:00:00.000Z' }, quiet, now, campaignRules)).toEqual({ action: 'none' });
    expect(campaignStep('heat', { level: 'red', quietSince: '2026-07-19T02:00:00.000Z' }, quiet, now, campaignRules)).toEqual({ action: 'end' });
    expect(campaignStep('heat', { level: 'red', quietSince: '2026-07-19T02:00:00.000Z' }, signal('orange'), now, campaignRules)).toEqual({ action: 'resume' });
  });
});

describe('windows of a computed signal: the next 24 hours, the largest fall within 48 hours', () => {
  const hourly = (from: Date, hours: number, temperatureAt: (h: number) => number) =>
    Array.from({ length: hours }, (_, h) => ({ time: new Date(from.getTime() + h * 3600_000).toISOString(), temperature: temperatureAt(h), precipitationMm: 0 }));

  it('heat orange reads the next 24 hours: tomorrow afternoon beyond them does not fire it, within them does', () => {
    // 10:00 CST on 20 July; tomorrow's maximum (38 °C) comes at 15:00 CST on 21 July, 29 hours ahead.
    const days = [day('2026-07-20', { tMax: 33 }), day('2026-07-21', { tMax: 38 })];
    const late = hourly(now, 48, (h) => (h === 29 ? 38 : 33));
    expect(national(forecastOf(days, late))).toEqual([]);
    const soon = hourly(now, 48, (h) => (h === 20 ? 38 : 33));
    expect(national(forecastOf(days, soon))[0]).toMatchObject({ hazard: 'heat', level: 'orange', period: { from: new Date(now.getTime() + 20 * 3600_000).toISOString() } });
  });

  it('a cold wave within 48 h is the largest fall inside the window, not day D against D+2 only', () => {
    const at = new Date('2026-12-01T02:00:00Z');
    // The minimum falls 8.5 °C from the 1st to the 2nd and rises again on the 3rd: a fall of 8.5 within 48 h (blue: 8 with min ≤ 4 and force 5).
    const fallThenRise = forecastOf([day('2026-12-01', { tMin: 12 }), day('2026-12-02', { tMin: 3.5, windMaxMs: 8.0 }), day('2026-12-03', { tMin: 6, windMaxMs: 8.0 })]);
    expect(national(fallThenRise, at)[0]).toMatchObject({ hazard: 'cold_wave', level: 'blue', period: { from: '2026-12-01T00:00:00+08:00', to: '2026-12-02T23:59:59+08:00' } });
    // Chongqing's daily mean: 15 → 8.5 → 10 is a fall of 6.5 within 48 h (blue at 6), though D+2 is only 5 below D.
    const mean = forecastOf([day('2026-12-01', { tMean: 15 }), day('2026-12-02', { tMean: 8.5 }), day('2026-12-03', { tMean: 10 })]);
    expect(chongqing(mean, at).map((signal) => signal.level)).toEqual(['blue']);
  });

  it('a road-icing signal covers the rule book’s period from its first freezing hour', () => {
    const at = new Date('2026-12-10T00:00:00Z');
    const [signal] = national(forecastOf([], [{ time: '2026-12-10T02:00:00.000Z', temperature: -1, precipitationMm: 0.2 }]), at);
    expect(Date.parse(signal?.period.to ?? '') - Date.parse(signal?.period.from ?? '')).toBe(warningRules.roadIcingPeriodHours * 3600_000);
  });
});

describe('an official signal without expires', () => {
  const lasting: OfficialSignal = { areaId: 'area-1', hazard: 'cold_wave', level: 'yellow', warningId: 'w9', sent: '2026-12-01T00:00:00.000Z', status: 'active' };
  const computedNone = null;
  const computedRed = { hazard: 'cold_wave' as const, level: 'red' as const, areaId: 'area-1', period: { from: '', to: '2026-12-06T00:00:00Z' }, rule: { name: 'weather.national', version: 'x', detail: '' } };
  const hours = (h: number) => new Date(Date.parse(lasting.sent) + h * 3600_000);

  it('stays in force until lifted, up to the maximum in-force time', () => {
    expect(effectiveSignal('cold_wave', lasting, computedNone, hours(71), campaignRules)).toMatchObject({
      state: 'signal', level: 'yellow', source: { kind: 'official' }, until: hours(warningRules.maxInForceHours).toISOString(),
    });
    expect(officialUntil({ ...lasting, onset: '2026-12-02T00:00:00.000Z' }, 72)).toBe('2026-12-05T00:00:00.000Z');
  });

  it('after the maximum it is stale: the forecast decides again, and without one the state is unknown', () => {
    const after = hours(warningRules.maxInForceHours);
    expect(effectiveSignal('cold_wave', lasting, computedRed, after, campaignRules)).toMatchObject({ state: 'signal', level: 'red', source: { kind: 'computed' } });
    expect(effectiveSignal('cold_wave', lasting, computedNone, after, campaignRules)).toMatchObject({ state: 'none' });
    expect(effectiveSignal('cold_wave', lasting, undefined, after, campaignRules)).toEqual({ state: 'unknown' });
    expect(warningRules.maxInForceHours).toBeGreaterThanOrEqual(warningRules.maxInForceBounds.min);
    expect(warningRules.maxInForceHours).toBeLessThanOrEqual(warningRules.maxInForceBounds.max);
  });
});
