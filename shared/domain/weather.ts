/**
 * Weather signals computed from forecasts (pure). The thresholds are data (`weatherThresholds` in
 * rules.ts): the national set and Chongqing's daily-mean variant. A computed signal names its
 * hazard, level, area, period and the rule that fired. Values are compared at the precision the
 * weather service publishes (0.1 °C), so 37.0 is 37 and a fall of 9.9 is not 10.
 */
import { cstDate, addDays } from './cst.js';
import { computedSignalRules, type ColdWaveLevel, type WeatherThresholdSet } from './rules.js';

export const hazards = ['heat', 'cold_wave', 'road_icing'] as const;
export type Hazard = (typeof hazards)[number];
export const levels = ['blue', 'yellow', 'orange', 'red'] as const;
export type Level = (typeof levels)[number];

/** The rank of a level: blue 0 … red 3. */
export const levelRank = (level: Level) => levels.indexOf(level);
export const higherLevel = (a: Level, b: Level): Level => (levelRank(a) >= levelRank(b) ? a : b);

export type DailyForecast = { date: string; tMax: number; tMin: number; tMean: number; windMaxMs: number };
export type HourlyForecast = { time: string; temperature: number; precipitationMm: number };
/** A forecast for a point (an area's centroid), as a provider returns it. */
export type Forecast = { provider: string; fetchedAt: string; daily: DailyForecast[]; hourly: HourlyForecast[] };

export type ComputedSignal = {
  hazard: Hazard;
  level: Level;
  areaId: string;
  period: { from: string; to: string };
  rule: { name: string; version: string; detail: string };
};

/** Beaufort force of a wind speed in m/s (the lower bounds of forces 1–12). */
const beaufortFrom = [0.3, 1.6, 3.4, 5.5, 8.0, 10.8, 13.9, 17.2, 20.8, 24.5, 28.5, 32.7];
export const beaufort = (speedMs: number) => beaufortFrom.filter((bound) => speedMs >= bound).length;

/** A value at the weather service's precision (0.1). */
const tenth = (value: number) => Math.round(value * 10) / 10;
const dayStart = (date: string) => `${date}T00:00:00+08:00`;
const dayEnd = (date: string) => `${date}T23:59:59+08:00`;

/** Heat: red or orange on today's or tomorrow's maximum, yellow on `days` days running. */
function heatSignal(daily: DailyForecast[], set: WeatherThresholdSet, today: string): Omit<ComputedSignal, 'areaId' | 'rule'> & { detail: string } | null {
  const next24h = daily.filter((day) => day.date >= today && day.date <= addDays(today, 1));
  for (const level of ['red', 'orange'] as const) {
    const hot = next24h.find((day) => tenth(day.tMax) >= set.heat[level].maxAtLeast);
    if (hot) return { hazard: 'heat', level, period: { from: dayStart(hot.date), to: dayEnd(hot.date) }, detail: `max ${tenth(hot.tMax)} °C ≥ ${set.heat[level].maxAtLeast} on ${hot.date}` };
  }
  const { maxAtLeast, days } = set.heat.yellow;
  const ahead = daily.filter((day) => day.date >= today);
  for (let start = 0; start + days <= ahead.length; start += 1) {
    const run = ahead.slice(start, start + days);
    const consecutive = run.every((day, i) => i === 0 || day.date === addDays((run[i - 1] as DailyForecast).date, 1));
    if (consecutive && run.every((day) => tenth(day.tMax) >= maxAtLeast)) {
      const [first, last] = [run[0] as DailyForecast, run[run.length - 1] as DailyForecast];
      return { hazard: 'heat', level: 'yellow', period: { from: dayStart(first.date), to: dayEnd(last.date) }, detail: `max ≥ ${maxAtLeast} °C on ${days} days running from ${first.date}` };
    }
  }
  return null;
}

/** Whether a cold-wave level's conditions hold for the fall from day `from` to day `to`. */
function coldWaveHolds(level: ColdWaveLevel, measure: 'daily_min' | 'daily_mean', from: DailyForecast, to: DailyForecast): boolean {
  const value = (day: DailyForecast) => (measure === 'daily_min' ? day.tMin : day.tMean);
  if (tenth(value(from) - value(to)) < level.drop) return false;
  if (level.minAtMost !== undefined && tenth(to.tMin) > level.minAtMost) return false;
  if (level.windAtLeast !== undefined && beaufort(to.windMaxMs) < level.windAtLeast) return false;
  return true;
}

/** Cold wave: the highest level whose fall (24 or 48 hours, of the daily minimum or mean) and conditions hold. */
function coldWaveSignal(daily: DailyForecast[], set: WeatherThresholdSet, today: string): Omit<ComputedSignal, 'areaId' | 'rule'> & { detail: string } | null {
  const { measure } = set.coldWave;
  const byDate = new Map(daily.map((day) => [day.date, day]));
  for (const name of ['red', 'orange', 'yellow', 'blue'] as const) {
    const level = set.coldWave[name];
    if (!level) continue;
    for (const from of daily) {
      if (from.date < addDays(today, -1)) continue;
      const to = byDate.get(addDays(from.date, level.hours / 24));
      if (to && to.date >= today && coldWaveHolds(level, measure, from, to)) {
        return {
          hazard: 'cold_wave',
          level: name,
          period: { from: dayStart(from.date), to: dayEnd(to.date) },
          detail: `${measure === 'daily_min' ? 'daily minimum' : 'daily mean'} falls ${tenth((measure === 'daily_min' ? from.tMin - to.tMin : from.tMean - to.tMean))} °C ≥ ${level.drop} in ${level.hours} h to ${to.date}`,
        };
      }
    }
  }
  return null;
}

/** Road icing: the first hour at or below 0 °C with precipitation, by how soon it comes. */
function roadIcingSignal(hourly: HourlyForecast[], set: WeatherThresholdSet, now: Date): Omit<ComputedSignal, 'areaId' | 'rule'> & { detail: string } | null {
  const freezing = hourly.find((hour) => Date.parse(hour.time) >= now.getTime() - 3600_000 && tenth(hour.temperature) <= 0 && hour.precipitationMm > 0);
  if (!freezing) return null;
  const hours = Math.max(0, (Date.parse(freezing.time) - now.getTime()) / 3600_000);
  const { yellowWithinHours, orangeWithinHours, redWithinHours } = set.roadIcing;
  const level: Level | null = hours <= redWithinHours ? 'red' : hours <= orangeWithinHours ? 'orange' : hours <= yellowWithinHours ? 'yellow' : null;
  if (!level) return null;
  return {
    hazard: 'road_icing',
    level,
    period: { from: new Date(Date.parse(freezing.time)).toISOString(), to: new Date(Date.parse(freezing.time) + computedSignalRules.roadIcingPeriodHours * 3600_000).toISOString() },
    detail: `${tenth(freezing.temperature)} °C with ${freezing.precipitationMm} mm at ${freezing.time}, in ${Math.round(hours)} h`,
  };
}

/**
 * The signals a forecast gives for an area under a threshold set: at most one per hazard, the
 * highest level that fired. `setName` is the set's key in `weatherThresholds`, named in each result.
 */
export function computeSignals(forecast: Forecast, set: WeatherThresholdSet, setName: string, areaId: string, now: Date): ComputedSignal[] {
  const today = cstDate(now);
  const results = [heatSignal(forecast.daily, set, today), coldWaveSignal(forecast.daily, set, today), roadIcingSignal(forecast.hourly, set, now)];
  return results.flatMap((found) =>
    found ? [{ hazard: found.hazard, level: found.level, areaId, period: found.period, rule: { name: `weather.${setName}`, version: set.version, detail: found.detail } }] : [],
  );
}

/** Hazard and level named by a warning's text: 高温/寒潮/道路结冰 and 蓝色/黄色/橙色/红色. */
export function hazardOfText(textValue: string): Hazard | null {
  if (/高温|酷热|heat/i.test(textValue)) return 'heat';
  if (/寒潮|cold\s*wave/i.test(textValue)) return 'cold_wave';
  if (/道路结冰|道路积冰|road\s*ic/i.test(textValue)) return 'road_icing';
  return null;
}
/** The level a text names; of several, the last (将橙色预警升级为红色 names red). */
export function levelOfText(textValue: string): Level | null {
  const found = [...textValue.matchAll(/(蓝|黄|橙|红)色|\b(blue|yellow|orange|red)\b/gi)].at(-1);
  if (!found) return null;
  const word = (found[1] ?? found[2] ?? '').toLowerCase();
  return ({ 蓝: 'blue', 黄: 'yellow', 橙: 'orange', 红: 'red', blue: 'blue', yellow: 'yellow', orange: 'orange', red: 'red' } as Record<string, Level>)[word] ?? null;
}
