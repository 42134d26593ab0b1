import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { weatherThresholds } from '../../shared/domain/rules.js';
import { computeSignals } from '../../shared/domain/weather.js';
import { ForecastUnavailable, forecastsFor, openMeteo, type FetchLike, type ForecastProvider } from '../../shared/weather/forecast.js';

/** A recorded Open-Meteo answer for 草街 before a cold wave (no network in tests). */
const recorded = JSON.parse(readFileSync(new URL('../fixtures/open-meteo/caojie-cold-wave.json', import.meta.url), 'utf8')) as unknown;
const at = new Date('2026-12-01T01:00:00Z');

/** A fetch that answers from a script, one step per call, and records the URLs asked for. */
function scripted(steps: (() => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>)[]) {
  const urls: string[] = [];
  const fetch: FetchLike = async (url) => {
    urls.push(url);
    const step = steps.shift();
    if (!step) throw new Error('no more recorded answers');
    return step();
  };
  return { fetch, urls };
}
const answer = (body: unknown, status = 200) => async () => ({ ok: status < 400, status, json: async () => body });
const noSleep = { sleep: async () => undefined, now: () => at };

describe('the Open-Meteo client', () => {
  it('asks for the daily and hourly values in Asia/Shanghai and reads them into a forecast the rules evaluate', async () => {
    const { fetch, urls } = scripted([answer(recorded)]);
    const forecast = await openMeteo({ fetch, ...noSleep }).forecast({ lat: 29.98, lng: 106.35 }, 4);
    const url = new URL(urls[0] as string);
    expect(url.searchParams.get('timezone')).toBe('Asia/Shanghai');
    expect(url.searchParams.get('wind_speed_unit')).toBe('ms');
    expect(url.searchParams.get('daily')).toContain('temperature_2m_mean');
    expect(forecast.daily[1]).toEqual({ date: '2026-12-02', tMax: 9.1, tMin: 2.6, tMean: 5.2, windMaxMs: 11.3 });
    expect(forecast.hourly[0]?.time).toBe('2026-12-01T00:00:00+08:00');
    // Chongqing: the daily mean falls 9.6 °C in 24 h (yellow); nationally the minimum falls 10.0 with force 6 (yellow).
    expect(computeSignals(forecast, weatherThresholds.chongqing, 'chongqing', 'a', at).map((s) => `${s.hazard}:${s.level}`)).toContain('cold_wave:yellow');
    expect(computeSignals(forecast, weatherThresholds.national, 'national', 'a', at).map((s) => `${s.hazard}:${s.level}`)).toContain('cold_wave:yellow');
  });

  it('retries a timeout and a 503 with backoff, then succeeds', async () => {
    const timeout = async () => {
      throw Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    };
    const waits: number[] = [];
    const { fetch, urls } = scripted([timeout, answer({}, 503), answer(recorded)]);
    const forecast = await openMeteo({ fetch, retries: 2, backoffMs: 100, sleep: async (ms) => void waits.push(ms), now: () => at }).forecast({ lat: 29.98, lng: 106.35 }, 4);
    expect(urls).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
    expect(forecast.daily).toHaveLength(4);
  });

  it('gives up after its retries with ForecastUnavailable naming the last problem', async () => {
    const { fetch } = scripted([answer({}, 500), answer({}, 502), answer({}, 429)]);
    await expect(openMeteo({ fetch, retries: 2, ...noSleep }).forecast({ lat: 0, lng: 0 }, 4)).rejects.toThrow(/after 3 attempts \(HTTP 429\)/);
  });

  it('refuses a bad payload without retrying: wrong shape, columns of different lengths, not JSON, a 400', async () => {
    const broken = structuredClone(recorded) as { daily: { temperature_2m_max: unknown[] } };
    broken.daily.temperature_2m_max = ['hot'];
    const short = structuredClone(recorded) as { daily: { temperature_2m_max: unknown[] } };
    short.daily.temperature_2m_max.pop();
    const notJson = async () => ({ ok: true, status: 200, json: async () => JSON.parse('<html>') as unknown });
    for (const step of [answer(broken), answer(short), notJson, answer({ error: true, reason: 'bad latitude' }, 400)]) {
      const { fetch, urls } = scripted([step]);
      await expect(openMeteo({ fetch, ...noSleep }).forecast({ lat: 0, lng: 0 }, 4)).rejects.toBeInstanceOf(ForecastUnavailable);
      expect(urls).toHaveLength(1);
    }
  });

  it('drops a day with a missing value instead of guessing it', async () => {
    const gap = structuredClone(recorded) as { daily: { temperature_2m_min: (number | null)[] } };
    gap.daily.temperature_2m_min[2] = null;
    const { fetch } = scripted([answer(gap)]);
    const forecast = await openMeteo({ fetch, ...noSleep }).forecast({ lat: 0, lng: 0 }, 4);
    expect(forecast.daily.map((d) => d.date)).toEqual(['2026-12-01', '2026-12-02', '2026-12-04']);
  });
});

describe('forecasts for many areas (the sweep)', () => {
  const forecast = (point: { lat: number }) => ({ provider: 'test', fetchedAt: at.toISOString(), daily: [{ date: '2026-12-01', tMax: point.lat, tMin: 0, tMean: 0, windMaxMs: 0 }], hourly: [] });
  const province = Array.from({ length: 1500 }, (_, i) => ({ id: `area-${i}`, centroid: { lat: 29 + i / 10_000, lng: 106 } }));

  it('asks for a whole province’s areas with bounded concurrency, each once', async () => {
    let inFlight = 0;
    let most = 0;
    const asked: number[] = [];
    const provider: ForecastProvider = {
      name: 'test',
      forecast: async (point) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        asked.push(point.lat);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        return forecast(point);
      },
    };
    const run = await forecastsFor(province, provider, 4, { concurrency: 8 });
    expect(run.forecasts.size).toBe(1500);
    expect(run.notReached).toEqual([]);
    expect(most).toBe(8);
    expect(new Set(asked).size).toBe(1500);
  });

  it('stops at the time budget: what has not come is not waited for and is listed, the rest is kept, failures are told apart', async () => {
    let endBudget: () => void = () => undefined;
    const timer = (_ms: number, done: () => void) => {
      endBudget = done;
      return () => undefined;
    };
    const aborted: boolean[] = [];
    const provider: ForecastProvider = {
      name: 'test',
      forecast: (point, _days, signal) => {
        if (point.lat === 29.0001) return Promise.reject(new ForecastUnavailable('HTTP 500'));
        // Area 2 and later hang until the budget ends (a slow service); the first two answer.
        if (point.lat >= 29.0002) {
          return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => (aborted.push(true), reject(new Error('aborted')))));
        }
        return Promise.resolve(forecast(point));
      },
    };
    const areas = province.slice(0, 6);
    const pending = forecastsFor(areas, provider, 4, { concurrency: 3, timer });
    await new Promise((resolve) => setImmediate(resolve));
    endBudget();
    const run = await pending;
    expect([...run.forecasts.keys()]).toEqual(['area-0']);
    expect([...run.failed.keys()]).toEqual(['area-1']);
    expect(run.notReached).toEqual(['area-2', 'area-3', 'area-4', 'area-5']);
    expect(aborted.length).toBeGreaterThan(0);
  });
});
