/**
 * Forecasts through a provider interface, with a client for Open-Meteo's forecast API (daily
 * maximum, minimum and mean temperature, wind, apparent temperature; hourly temperature and
 * precipitation; Asia/Shanghai). The fetch is injected, so tests replay recorded responses and no
 * test touches the network. A timeout, a network error, a 5xx or 429 is retried with exponential
 * backoff; a payload that does not parse is refused (never half-read): the caller gets
 * `ForecastUnavailable` and the campaign logic treats the area's weather as unknown.
 */
import { z } from 'zod';
import type { LatLng } from '../domain/geo.js';
import type { Forecast } from '../domain/weather.js';

export type ForecastProvider = { name: string; forecast(point: LatLng, days: number, signal?: AbortSignal): Promise<Forecast> };

export class ForecastUnavailable extends Error {
  override name = 'ForecastUnavailable';
}

export type FetchLike = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export type OpenMeteoOptions = {
  fetch?: FetchLike;
  baseUrl?: string;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
};

const numbers = z.array(z.number().finite().nullable());
/** The part of Open-Meteo's answer that is read; anything else in it is ignored. */
const openMeteoPayload = z.object({
  utc_offset_seconds: z.number().int(),
  daily: z.object({
    time: z.array(z.iso.date()),
    temperature_2m_max: numbers,
    temperature_2m_min: numbers,
    temperature_2m_mean: numbers,
    wind_speed_10m_max: numbers,
  }),
  hourly: z.object({ time: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)), temperature_2m: numbers, precipitation: numbers }),
});

const offsetText = (seconds: number) => {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  return `${sign}${String(Math.floor(abs / 3600)).padStart(2, '0')}:${String(Math.floor((abs % 3600) / 60)).padStart(2, '0')}`;
};

/** Turns Open-Meteo's columns into a forecast; days or hours with a missing value are dropped, never guessed. */
export function readOpenMeteo(payload: unknown, fetchedAt: Date): Forecast {
  const parsed = openMeteoPayload.safeParse(payload);
  if (!parsed.success) throw new ForecastUnavailable(`Open-Meteo answered an unreadable forecast (${parsed.error.issues[0]?.path.join('.') ?? 'payload'}).`);
  const { daily, hourly, utc_offset_seconds: offset } = parsed.data;
  const lengths = [daily.temperature_2m_max, daily.temperature_2m_min, daily.temperature_2m_mean, daily.wind_speed_10m_max].map((column) => column.length);
  if (lengths.some((length) => length !== daily.time.length) || hourly.temperature_2m.length !== hourly.time.length || hourly.precipitation.length !== hourly.time.length) {
    throw new ForecastUnavailable('Open-Meteo answered columns of different lengths.');
  }
  return {
    provider: 'open-meteo',
    fetchedAt: fetchedAt.toISOString(),
    daily: daily.time.flatMap((date, i) => {
      const [tMax, tMin, tMean, wind] = [daily.temperature_2m_max[i], daily.temperature_2m_min[i], daily.temperature_2m_mean[i], daily.wind_speed_10m_max[i]];
      return tMax == null || tMin == null || tMean == null || wind == null ? [] : [{ date, tMax, tMin, tMean, windMaxMs: wind }];
    }),
    hourly: hourly.time.flatMap((time, i) => {
      const [temperature, precipitationMm] = [hourly.temperature_2m[i], hourly.precipitation[i]];
      return temperature == null || precipitationMm == null ? [] : [{ time: `${time}:00${offsetText(offset)}`, temperature, precipitationMm }];
    }),
  };
}

/** The Open-Meteo client: one GET per point, `retries` more after a timeout, network error, 429 or 5xx. */
export function openMeteo(options: OpenMeteoOptions = {}): ForecastProvider {
  const fetchImpl = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const baseUrl = options.baseUrl ?? 'https://api.open-meteo.com/v1/forecast';
  const timeoutMs = options.timeoutMs ?? 5000;
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 500;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => new Date());
  return {
    name: 'open-meteo',
    async forecast(point, days, signal) {
      const query = new URLSearchParams({
        latitude: point.lat.toFixed(4),
        longitude: point.lng.toFixed(4),
        daily: 'temperature_2m_max,temperature_2m_min,temperature_2m_mean,wind_speed_10m_max,apparent_temperature_max,apparent_temperature_min',
        hourly: 'temperature_2m,precipitation',
        timezone: 'Asia/Shanghai',
        wind_speed_unit: 'ms',
        forecast_days: String(days),
      });
      let lastProblem = 'no attempt';
      for (let attempt = 0; attempt <= retries; attempt += 1) {
        if (signal?.aborted) throw new ForecastUnavailable('The run ended before a forecast came.');
        if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1));
        let response;
        try {
          const timeout = AbortSignal.timeout(timeoutMs);
          response = await fetchImpl(`${baseUrl}?${query}`, { signal: signal ? AbortSignal.any([timeout, signal]) : timeout, headers: { accept: 'application/json' } });
        } catch (error) {
          lastProblem = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? `no answer within ${timeoutMs} ms` : 'network error';
          continue;
        }
        if (response.status === 429 || response.status >= 500) {
          lastProblem = `HTTP ${response.status}`;
          continue;
        }
        if (!response.ok) throw new ForecastUnavailable(`Open-Meteo refused the request (HTTP ${response.status}).`);
        let payload: unknown;
        try {
          payload = await response.json();
        } catch {
          throw new ForecastUnavailable('Open-Meteo answered something that is not JSON.');
        }
        return readOpenMeteo(payload, now());
      }
      throw new ForecastUnavailable(`Open-Meteo unavailable after ${retries + 1} attempts (${lastProblem}).`);
    },
  };
}

/**
 * How the sweep asks for forecasts: `concurrency` requests at a time, and no new request after
 * `budgetMs` from the start (those in flight are aborted then). The sweep function has 5 minutes
 * (infra/stack.ts) and the care jobs run first: 2 minutes for forecasts leaves the writes theirs.
 * At 8 at a time and about a second a forecast, a province's 1,000 街道 take about 2 minutes.
 */
export const forecastFetching = { concurrency: 8, budgetMs: 120_000 } as const;

export type ForecastRun = {
  forecasts: Map<string, Forecast>;
  /** Areas whose forecast the provider refused or failed, with why. */
  failed: Map<string, string>;
  /** Areas not reached within the budget. */
  notReached: string[];
};

/**
 * Forecasts for many areas with bounded concurrency and a time budget: each area's forecast is
 * asked once; what has not come when the budget ends is not waited for, and is listed as not
 * reached so the caller can say so at once. `timer` is injected for tests (default setTimeout).
 */
export async function forecastsFor(
  areas: readonly { id: string; centroid: LatLng }[],
  provider: ForecastProvider,
  days: number,
  options: { concurrency?: number; budgetMs?: number; timer?: (ms: number, done: () => void) => () => void } = {},
): Promise<ForecastRun> {
  const concurrency = Math.max(1, options.concurrency ?? forecastFetching.concurrency);
  const budgetMs = options.budgetMs ?? forecastFetching.budgetMs;
  const timer = options.timer ?? ((ms, done) => {
    const handle = setTimeout(done, ms);
    return () => clearTimeout(handle);
  });
  const forecasts = new Map<string, Forecast>();
  const failed = new Map<string, string>();
  const abort = new AbortController();
  let next = 0;
  let timeUp = false;
  let endBudget: () => void = () => undefined;
  const budget = new Promise<void>((resolve) => {
    endBudget = resolve;
  });
  const cancel = timer(budgetMs, () => {
    timeUp = true;
    abort.abort();
    endBudget();
  });
  const worker = async () => {
    while (!timeUp && next < areas.length) {
      const area = areas[next] as { id: string; centroid: LatLng };
      next += 1;
      try {
        const forecast = await provider.forecast(area.centroid, days, abort.signal);
        if (!timeUp) forecasts.set(area.id, forecast);
      } catch (error) {
        if (!timeUp) failed.set(area.id, error instanceof Error ? error.message : 'unknown error');
      }
    }
  };
  await Promise.race([Promise.all(Array.from({ length: Math.min(concurrency, areas.length) }, worker)), budget]);
  timeUp = true;
  cancel();
  return { forecasts, failed, notReached: areas.filter((area) => !forecasts.has(area.id) && !failed.has(area.id)).map((area) => area.id) };
}
