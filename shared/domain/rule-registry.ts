/**
 * The rules the office may change (`GET/PUT /v1/rules/{name}`): each entry is a name, a zod
 * schema, the default value taken from rules.ts and its source. A stored version overrides the
 * default; the API reads the values in force with a short cache, so a change takes effect without
 * a redeploy. Registering another rule is one line in `editableRules`:
 *
 *   editableRule('tracing.caseClock', tracingRules.caseClock, tracingRules.source),
 *
 * (the schema is derived from the default's shape: same keys, same types, numbers finite and not
 * negative; pass a function building a schema as the fourth argument for anything stricter).
 *
 * Every request reads the registry (its names and defaults) through the rule book, but only a change
 * of a rule validates a value: a rule's schema is built the first time it is asked for, not when
 * this module loads, which keeps about a hundred zod schemas out of every cold start.
 */
import { z } from 'zod';
import { yearArrangementSchema, type YearArrangement } from './calendar.js';
import { storableNumber } from './common.js';
import { campaignRules, outreachRules, weatherThresholds } from './rules.js';
import { levels } from './weather.js';

export type EditableRule<T = unknown> = { name: string; readonly schema: z.ZodType<T>; defaultValue: T; source: string };

/** A schema of the default's shape: the same keys (no others), the same types, numbers finite and ≥ 0 unless negative already. */
export function schemaOf(value: unknown): z.ZodType {
  if (value === null) return z.null();
  if (Array.isArray(value)) return z.array(value.length ? schemaOf(value[0]) : z.unknown()).max(1000);
  switch (typeof value) {
    case 'number':
      return value < 0 ? storableNumber() : storableNumber().min(0);
    case 'string':
      return z.string().max(2000);
    case 'boolean':
      return z.boolean();
    case 'object':
      return z.strictObject(Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, schemaOf(inner)])));
    default:
      return z.never();
  }
}

/** One registry entry; the schema (built on first use) defaults to the default value's shape. */
export function editableRule<T>(name: string, defaultValue: T, source: string, schema?: () => z.ZodType<T>): EditableRule<T> {
  let built: z.ZodType<T> | undefined;
  return {
    name,
    defaultValue,
    source,
    get schema() {
      return (built ??= schema ? schema() : (schemaOf(defaultValue) as z.ZodType<T>));
    },
  };
}

const thresholdSet = () => {
  const coldWaveLevel = z.strictObject({
    drop: storableNumber().min(1).max(40),
    hours: z.union([z.literal(24), z.literal(48)]),
    minAtMost: storableNumber().min(-40).max(20).optional(),
    windAtLeast: storableNumber().int().min(0).max(12).optional(),
  });
  return z
    .strictObject({
      version: z.string().min(1).max(50),
      source: z.string().min(1).max(1000),
      heat: z.strictObject({
        yellow: z.strictObject({ maxAtLeast: storableNumber().min(25).max(50), days: storableNumber().int().min(1).max(10) }),
        orange: z.strictObject({ maxAtLeast: storableNumber().min(25).max(50) }),
        red: z.strictObject({ maxAtLeast: storableNumber().min(25).max(50) }),
      }),
      coldWave: z.strictObject({ measure: z.enum(['daily_min', 'daily_mean']), blue: coldWaveLevel, yellow: coldWaveLevel, orange: coldWaveLevel, red: coldWaveLevel.nullable() }),
      roadIcing: z.strictObject({ yellowWithinHours: storableNumber().min(0).max(72), orangeWithinHours: storableNumber().min(0).max(72), redWithinHours: storableNumber().min(0).max(72) }),
    })
    .refine((set) => set.heat.yellow.maxAtLeast <= set.heat.orange.maxAtLeast && set.heat.orange.maxAtLeast <= set.heat.red.maxAtLeast, {
      path: ['heat'],
      message: 'Heat thresholds rise from yellow to red.',
    }) as unknown as z.ZodType<typeof weatherThresholds.national>;
};

const campaignSchema = () => {
  const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'A day of the year as MM-DD.');
  const level = z.enum(levels);
  return z.strictObject({
    version: z.string().min(1).max(50),
    source: z.string().min(1).max(1000),
    thresholdSet: z.enum(['national', 'chongqing']),
    windows: z.strictObject({ cold: z.strictObject({ from: monthDay, to: monthDay }), heat: z.strictObject({ from: monthDay, to: monthDay }) }),
    startAt: z.strictObject({ heat: level, cold_wave: level, road_icing: level }),
    quietHoursToEnd: storableNumber().int().min(1).max(240),
    patrolsPerDay: z.strictObject({ blue: storableNumber().int().min(1).max(12), yellow: storableNumber().int().min(1).max(12), orange: storableNumber().int().min(1).max(12), red: storableNumber().int().min(1).max(12) }),
    sleepingSpots: z.strictObject({ months: storableNumber().int().min(1).max(36), cellDegrees: storableNumber().min(0.0001).max(0.05), minEncounters: storableNumber().int().min(1).max(100) }),
    spotVisitRadiusM: storableNumber().min(10).max(2000),
    visitsPerChunk: storableNumber().int().min(10).max(500),
    weatherStaleHours: storableNumber().int().min(1).max(168),
    forecastDays: storableNumber().int().min(2).max(16),
  }) as unknown as z.ZodType<typeof campaignRules>;
};

const followUps = {
  refusalFollowUpDays: outreachRules.refusalFollowUpDays as number,
  resurveyMonths: outreachRules.resurveyMonths as number,
  visitMonths: [...outreachRules.visitMonths] as number[],
};
const followUpSchema = () =>
  z.strictObject({
    refusalFollowUpDays: storableNumber().int().min(1).max(90),
    resurveyMonths: storableNumber().int().min(1).max(24),
    visitMonths: z.array(storableNumber().int().min(1).max(12)).min(1).max(12),
  });

/** The working-day arrangements loaded by the office (one entry a year, with its notice as source). */
const arrangements = () => z.array(yearArrangementSchema).max(50) as unknown as z.ZodType<YearArrangement[]>;

/** Rules 3, 4 and 6: the tracing case clock (hours, working days, months; the sweep's warning window). */
const tracingClock = () =>
  z.strictObject({
    noticeWithinHours: storableNumber().int().min(1).max(168),
    dnaRequestWorkingDays: storableNumber().int().min(1).max(30),
    dnaSamplingMonths: storableNumber().int().min(1).max(6),
    noticeRefreshMonths: storableNumber().int().min(1).max(6),
    warnHoursBefore: storableNumber().int().min(1).max(168),
  });

/** The registry. */
export const editableRules = [
  editableRule('weather.national', weatherThresholds.national, weatherThresholds.national.source, thresholdSet),
  editableRule('weather.chongqing', weatherThresholds.chongqing, weatherThresholds.chongqing.source, thresholdSet),
  editableRule('campaign', campaignRules, campaignRules.source, campaignSchema),
  editableRule('followUps', followUps, `${outreachRules.source} (rules 1 and 12)`, followUpSchema),
  editableRule('tracing.caseClock', outreachRules.tracingClock, `${outreachRules.source} (rules 3, 4 and 6)`, tracingClock),
  editableRule('calendar.arrangements', [] as YearArrangement[], '国务院办公厅 yearly holiday notices (放假安排), loaded by the office; the shipped years stay in shared/rules/working-day-arrangements.json', arrangements),
] as const satisfies readonly EditableRule<never>[] | readonly EditableRule<any>[];

export type RuleName = (typeof editableRules)[number]['name'];
export const ruleNames = editableRules.map((rule) => rule.name) as string[];
export const findRule = (name: string): EditableRule | undefined => (editableRules as readonly EditableRule[]).find((rule) => rule.name === name);
