/**
 * The rules the office may change (`GET/PUT /v1/rules/{name}`): each entry is a name, a zod
 * schema, the default value taken from rules.ts, its source, which layers it has and the bounds that
 * apply (with why). A stored version overrides the default; the API, the sweep and the matching
 * function read the values in force with a short cache, so a change takes effect without a
 * redeploy. Registering another rule is one line in `editableRules`:
 *
 *   editableRule('tracing.caseClock', tracingRules.caseClock, tracingRules.source),
 *
 * (the schema is derived from the default's shape: same keys, same types, numbers finite and of the
 * default's sign; pass a function building a schema as the fourth argument for anything stricter).
 *
 * Layers (DOMAIN.md, the office's jurisdiction): a national value, changed only by the `system` role,
 * and for a rule of `scope: 'district'` a district office's override, read in that order: the
 * district's value if it has one, else the national one, else the default of rules.ts. A rule of
 * `scope: 'national'` has no district layer: the State Council's holiday arrangement, the weather
 * signal definitions and the matching scores hold for the whole country.
 *
 * Every request reads the registry (its names and defaults) through the rule book, but only a change
 * of a rule validates a value: a rule's schema is built the first time it is asked for, not when
 * this module loads, which keeps about a hundred zod schemas out of every cold start.
 */
import { z } from 'zod';
import { isWiderJurisdiction, type Actor } from './access.js';
import { DomainError } from './errors.js';
import { yearArrangementSchema, type YearArrangement } from './calendar.js';
import { storableNumber } from './common.js';
import { facilityTypes } from './facility.js';
import { riskFactors } from './person.js';
import { campaignRules, outreachRules, ruleBounds, weatherThresholds, type OutreachRules } from './rules.js';
import { levelRank, levels } from './weather.js';

/** Where a rule may be set: nationally only, or nationally with a district office's override. */
export type RuleScope = 'national' | 'district';

export type EditableRule<T = unknown> = {
  name: string;
  readonly schema: z.ZodType<T>;
  defaultValue: T;
  source: string;
  scope: RuleScope;
  /** Which bounds apply to the value and why, in a sentence or two. */
  bounds: string;
  /** The key of `outreachRules` the value replaces in the rules in force, when it is one. */
  outreachKey?: keyof OutreachRules;
};

/** A schema of the default's shape: the same keys (no others), the same types, numbers finite and of the default's sign (≥ 0, or ≤ 0 when negative). */
export function schemaOf(value: unknown): z.ZodType {
  if (value === null) return z.null();
  if (Array.isArray(value)) return z.array(value.length ? schemaOf(value[0]) : z.unknown()).max(1000);
  switch (typeof value) {
    case 'number':
      return value < 0 ? storableNumber().max(0) : storableNumber().min(0);
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

type RuleOptions<T> = { scope: RuleScope; bounds: string; schema?: () => z.ZodType<T>; outreachKey?: keyof OutreachRules };

/** One registry entry; the schema (built on first use) defaults to the default value's shape. */
export function editableRule<T>(name: string, defaultValue: T, source: string, options: RuleOptions<T> | (() => z.ZodType<T>) = { scope: 'district', bounds: 'The default’s shape.' }): EditableRule<T> {
  const { schema, scope, bounds, outreachKey } = typeof options === 'function' ? { schema: options, scope: 'district' as const, bounds: 'See the schema.', outreachKey: undefined } : options;
  let built: z.ZodType<T> | undefined;
  return {
    name,
    defaultValue,
    source,
    scope,
    bounds,
    ...(outreachKey ? { outreachKey } : {}),
    get schema() {
      return (built ??= schema ? schema() : (schemaOf(defaultValue) as z.ZodType<T>));
    },
  };
}

/**
 * A number between bounds of rules.ts. `why` documents the bound here; the messages stay zod's own,
 * which the office's screen translates (the rule's `bounds` text says why).
 */
const bounded = (range: { min: number; max: number }, _why: string, integer = true) => (integer ? storableNumber().int() : storableNumber()).min(range.min).max(range.max);

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
  const least = ruleBounds.campaign.patrolsPerDayAtLeast;
  const patrols = (lowest: number) => storableNumber().int().min(lowest).max(12);
  // A campaign starts at the level the domain names or earlier, never later.
  const startsBy = (most: (typeof levels)[number]) => level.refine((chosen) => levelRank(chosen) <= levelRank(most), `At ${most} at the latest (DOMAIN.md "Weather").`);
  const latest = ruleBounds.campaign.startAtMost;
  return z.strictObject({
    version: z.string().min(1).max(50),
    source: z.string().min(1).max(1000),
    thresholdSet: z.enum(['national', 'chongqing']),
    windows: z.strictObject({ cold: z.strictObject({ from: monthDay, to: monthDay }), heat: z.strictObject({ from: monthDay, to: monthDay }) }),
    startAt: z.strictObject({ heat: startsBy(latest.heat), cold_wave: startsBy(latest.cold_wave), road_icing: startsBy(latest.road_icing) }),
    quietHoursToEnd: storableNumber().int().min(1).max(240),
    patrolsPerDay: z.strictObject({ blue: patrols(least.blue), yellow: patrols(least.yellow), orange: patrols(least.orange), red: patrols(least.red) }),
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
const followUpSchema = () => {
  const bounds = ruleBounds.followUps;
  return z.strictObject({
    refusalFollowUpDays: bounded(bounds.refusalFollowUpDays, 'a follow-up within three months'),
    resurveyMonths: bounded(bounds.resurveyMonths, 'rule 12: every 6 months at the latest'),
    visitMonths: z
      .array(storableNumber().int().min(1).max(12))
      .min(1)
      .max(12)
      .refine((months) => bounds.visitMonthsAtLeast.every((month) => months.includes(month)), 'Rule 12: the visits of January and July stay; other months may be added.'),
  });
};

/** The working-day arrangements loaded by the office (one entry a year, with its notice as source). */
const arrangements = () => z.array(yearArrangementSchema).max(50) as unknown as z.ZodType<YearArrangement[]>;

/** Rules 3, 4 and 6: the tracing case clock (hours, working days, months; the sweep's warning window). */
const tracingClock = () => {
  const bounds = ruleBounds.tracingClock;
  return z.strictObject({
    noticeWithinHours: bounded(bounds.noticeWithinHours, 'the law’s maximum: a tracing notice within 24 hours of intake'),
    dnaRequestWorkingDays: bounded(bounds.dnaRequestWorkingDays, 'the law’s maximum: the DNA request within 7 working days of intake'),
    dnaSamplingMonths: bounded(bounds.dnaSamplingMonths, 'the police collect within a month of the request'),
    noticeRefreshMonths: bounded(bounds.noticeRefreshMonths, 'rule 6: the notice is refreshed monthly'),
    warnHoursBefore: bounded(bounds.warnHoursBefore, 'a week ahead at most'),
  });
};

/** Rule 9: the stay limit of adults. */
const stayLimitSchema = () => {
  const bounds = ruleBounds.stayLimit;
  const shipped = outreachRules.stayLimit.exemptRiskFactors;
  return z.strictObject({
    days: bounded(bounds.days, 'the law’s maximum: a stay of 10 days'),
    fromAge: bounded(bounds.fromAge, 'rule 9: the limit binds adults of 16 and over'),
    exemptRiskFactors: z
      .array(z.enum(riskFactors))
      .max(riskFactors.length)
      .refine((factors) => shipped.every((factor) => factors.includes(factor)), `Rule 9: ${shipped.join(', ')} stay exempt from the limit; others may be added.`),
  }) as unknown as z.ZodType<OutreachRules['stayLimit']>;
};

/**
 * Rule 8: the routing table. Each condition once, `otherwise` last; a row's category is its first
 * type; 落户安置 never in an aid station (rule 7); a possible minor without a guardian is read first
 * and routed to a child-protection centre (未成年人保护法 art. 92).
 */
const routingSchema = () => {
  const type = z.enum(facilityTypes);
  const conditions = outreachRules.placementRouting.rows.map((row) => row.when);
  const row = z
    .strictObject({
      when: z.enum(conditions as [string, ...string[]]),
      category: type,
      types: z.array(type).min(1).max(facilityTypes.length),
      longTermTypes: z
        .array(type.refine((t) => t !== 'aid_station', 'Rule 7: 落户安置 is in a welfare facility, never an aid station.'))
        .min(1)
        .max(facilityTypes.length),
    })
    .refine((r) => r.types[0] === r.category, { path: ['category'], message: 'A row’s category is its first type.' });
  return z
    .strictObject({ version: z.string().min(1).max(50), source: z.string().min(1).max(1000), rows: z.array(row).min(1).max(conditions.length) })
    .superRefine((table, ctx) => {
      const named = table.rows.map((r) => r.when);
      for (const condition of conditions) if (named.filter((when) => when === condition).length !== 1) ctx.addIssue({ code: 'custom', path: ['rows'], message: `Each condition once: ${condition}.` });
      if (named.at(-1) !== 'otherwise') ctx.addIssue({ code: 'custom', path: ['rows'], message: 'The last row is `otherwise`, so that everyone has a row.' });
      const first = table.rows[0];
      if (first && (first.when !== 'minor_without_guardian' || first.category !== 'child_protection' || first.longTermTypes[0] !== 'child_protection')) {
        ctx.addIssue({ code: 'custom', path: ['rows', '0'], message: 'A possible minor without a guardian is read first and goes to a child-protection centre (未成年人保护法 art. 92).' });
      }
    }) as unknown as z.ZodType<OutreachRules['placementRouting']>;
};

/** Rules 5 and 7: when the stages of an unidentified person's stay begin. */
const placementStagesSchema = () =>
  z.strictObject({
    stranded: z.strictObject({ days: bounded(ruleBounds.placementStages.strandedDays, 'rule 5: 滞留 after 10 days at the latest') }),
    longTerm: z.strictObject({ months: bounded(ruleBounds.placementStages.longTermMonths, 'rule 7: 落户安置 after 3 months at the latest') }),
  }) as unknown as z.ZodType<OutreachRules['placementStages']>;

/** Retention periods (days) within the bounds of rules.ts. */
const retentionSchema = () => {
  const b = ruleBounds.retention;
  return z.strictObject({
    version: z.string().min(1).max(50),
    source: z.string().min(1).max(1000),
    tracingMaterialAfterCloseDays: bounded(b.tracingMaterialAfterCloseDays, 'a wrong match reopened within a week keeps its photos'),
    closedReportDays: bounded(b.closedReportDays, 'a family calling back'),
    personAfterDutyDays: bounded(b.personAfterDutyDays, 'PIPL art. 19'),
    unregisteredPersonDays: bounded(b.unregisteredPersonDays, 'PIPL art. 19'),
  }) as unknown as z.ZodType<OutreachRules['retention']>;
};

/** Matching: the default's shape with the weights' signs kept, a probability threshold and a hard disagreement that excludes. */
const matchingSchema = () => {
  const bounds = ruleBounds.matching;
  const shape = schemaOf(outreachRules.matching) as z.ZodType<Record<string, unknown>>;
  type Matching = OutreachRules['matching'];
  return shape.superRefine((raw, ctx) => {
    const value = raw as unknown as Matching;
    const probability = (path: string, score: number) => {
      if (!(score > 0 && score < 1)) ctx.addIssue({ code: 'custom', path: [path], message: 'A score between 0 and 1 (a probability).' });
    };
    probability('threshold', value.threshold);
    probability('confidentScore', value.confidentScore);
    if (value.threshold > value.confidentScore) ctx.addIssue({ code: 'custom', path: ['confidentScore'], message: 'At least the threshold.' });
    if (value.weights.hardDisagree > bounds.hardDisagreeAtMost) ctx.addIssue({ code: 'custom', path: ['weights', 'hardDisagree'], message: `At most ${bounds.hardDisagreeAtMost}: a hard disagreement excludes the pair.` });
    const within = (path: string[], n: number, range: { min: number; max: number }) => {
      if (!Number.isInteger(n) || n < range.min || n > range.max) ctx.addIssue({ code: 'custom', path, message: `A whole number from ${range.min} to ${range.max}.` });
    };
    within(['maxCandidates'], value.maxCandidates, bounds.maxCandidates);
    within(['blocking', 'maxCandidatesRead'], value.blocking.maxCandidatesRead, bounds.maxCandidatesRead);
  }) as unknown as z.ZodType<Matching>;
};

const calendarSource = '国务院办公厅 yearly holiday notices (关于某年部分节假日安排的通知), entered when published; the shipped years stay in shared/rules/working-day-arrangements.json and the chinese-days package';
const national = 'national' as const;
const district = 'district' as const;

/** The registry. */
export const editableRules = [
  editableRule('weather.national', weatherThresholds.national, weatherThresholds.national.source, {
    scope: national, schema: thresholdSet,
    bounds: 'The signal definitions of 中国气象局 (national for every district that uses the set): heat 25–50 °C rising from yellow to red, cold-wave falls of 1–40 °C in 24 or 48 h, road icing within 0–72 h; plausibility, not law.',
  }),
  editableRule('weather.chongqing', weatherThresholds.chongqing, weatherThresholds.chongqing.source, {
    scope: national, schema: thresholdSet,
    bounds: 'As weather.national: the 重庆市气象台 set is one for the whole province, not a district’s choice.',
  }),
  editableRule('campaign', campaignRules, campaignRules.source, {
    scope: district, schema: campaignSchema,
    bounds: 'Patrols at least once a day, twice at orange and red (DOMAIN.md); a campaign starts at heat orange, any cold wave and any road icing or earlier, never later; the other values are kept plausible.',
  }),
  editableRule('followUps', followUps, `${outreachRules.source} (rules 1 and 12)`, {
    scope: district, schema: followUpSchema,
    bounds: 'A refusal followed up within 1–90 days; a re-survey every 6 months at the latest (rule 12); the January and July visits stay, months may be added.',
  }),
  editableRule('tracing.caseClock', outreachRules.tracingClock, `${outreachRules.source} (rules 3, 4 and 6)`, {
    scope: district, schema: tracingClock, outreachKey: 'tracingClock',
    bounds: 'The law’s maximums, which an office may only shorten: the notice within 24 h, the DNA request within 7 working days (民发〔2015〕158号); the police’s month to sample and the monthly refresh are fixed; a warning at most a week ahead.',
  }),
  editableRule('calendar.arrangements', [] as YearArrangement[], calendarSource, {
    scope: national, schema: arrangements,
    bounds: 'One State Council arrangement a year (dates of that year, no day both a holiday and a working day), national: the notice binds every district.',
  }),
  editableRule('care.stayLimit', outreachRules.stayLimit, `${outreachRules.source} (rule 9)`, {
    scope: district, schema: stayLimitSchema, outreachKey: 'stayLimit',
    bounds: 'At most 10 days (实施细则 art. 14: the law’s maximum, an office may only shorten it); from the age of 16 to 18 (a higher age exempts more people); mental disorder, intellectual disability and dementia stay exempt.',
  }),
  editableRule('care.releaseAge', outreachRules.releaseOnlyToRelativeBelowAge as number, `${outreachRules.source} (rule 9)`, {
    scope: district, schema: () => bounded(ruleBounds.releaseOnlyToRelativeBelowAge, 'rule 9: under-16s go only to a verified relative; the age may be raised, not lowered'), outreachKey: 'releaseOnlyToRelativeBelowAge',
    bounds: 'From 16 to 18: rule 9 protects under-16s, an office may protect older minors too, never fewer.',
  }),
  editableRule('placement.routing', outreachRules.placementRouting, outreachRules.placementRouting.source, {
    scope: district, schema: routingSchema, outreachKey: 'placementRouting',
    bounds: 'Each category once and `otherwise` last; a possible minor without a guardian first, to a child-protection centre (未成年人保护法 art. 92); 落户安置 never in an aid station (rule 7); the facility types and their order are the office’s.',
  }),
  editableRule('placement.stages', outreachRules.placementStages, `${outreachRules.source} (rules 5 and 7)`, {
    scope: district, schema: placementStagesSchema, outreachKey: 'placementStages',
    bounds: '滞留 after 10 days at the latest (rule 5), 落户安置 after 3 months at the latest (rule 7): earlier stages propose a placement sooner, later ones are refused.',
  }),
  editableRule('placement.waitlistHold', outreachRules.waitlistOfferHours as number, 'Waitlist fairness: a bed offered to the head of the list is held for them', {
    scope: district, schema: () => bounded(ruleBounds.waitlistOfferHours, 'long enough to find the person, short enough not to leave a bed empty'), outreachKey: 'waitlistOfferHours',
    bounds: 'From 2 to 72 hours: long enough to find a person on the street, short enough that a bed does not stand empty for days.',
  }),
  editableRule('privacy.retention', outreachRules.retention, outreachRules.retention.source, {
    scope: district, schema: retentionSchema, outreachKey: 'retention',
    bounds: 'Days, whole: tracing photos and matches 7–90 after the case closed, closed reports 30–1,095, a person whose duty ended 180–3,650, one never on the register 30–1,095 (PIPL art. 19: the shortest period necessary; the minimums leave time to reopen a wrong match or answer a family). Audit entries (3 years) and idempotency records (30 days) are the law’s and are not here.',
  }),
  editableRule('matching', outreachRules.matching, outreachRules.matching.source, {
    scope: national, schema: matchingSchema, outreachKey: 'matching',
    bounds: 'National: a pair spans two districts and one index, so its score cannot depend on the district. The default’s shape; every weight keeps its sign; threshold and confident score are probabilities (threshold ≤ confident); a hard disagreement at most −10; at most 100 candidates kept and 20,000 read per pass.',
  }),
] as const satisfies readonly EditableRule<never>[] | readonly EditableRule<any>[];

export type RuleName = (typeof editableRules)[number]['name'];
export const ruleNames = editableRules.map((rule) => rule.name) as string[];
export const findRule = (name: string): EditableRule | undefined => (editableRules as readonly EditableRule[]).find((rule) => rule.name === name);

/** Whether a caller may change a rule at all: the system role any, a district office those with a district layer. */
export function layerAllowed(actor: Actor, rule: Pick<EditableRule, 'scope'>): boolean {
  if (actor.roles.includes('system')) return true;
  return actor.roles.includes('admin') && rule.scope === 'district' && actor.district !== undefined && !isWiderJurisdiction(actor);
}

/**
 * The layer a caller changes (DOMAIN.md, the office's jurisdiction): the system role the national
 * value, a district office its district's override. Refusals carry a reason: `national_rule` (an office
 * on a rule without a district layer), `no_district` (an office whose account names no district),
 * `wider_office` (a city's or province's office, which reads the districts under it and writes nowhere).
 */
export function ruleLayerFor(actor: Actor, rule: Pick<EditableRule, 'name' | 'scope'>): { district?: string } {
  if (actor.roles.includes('system')) return {};
  if (!actor.roles.includes('admin')) throw new DomainError('forbidden', 'This needs one of the roles: admin, system.');
  if (rule.scope === 'national') {
    throw new DomainError('forbidden', `${rule.name} is a national rule: only the system role changes it, for every district.`, { reason: 'national_rule' });
  }
  if (!actor.district) throw new DomainError('forbidden', 'Your account has no district (custom:district): a district office changes the rules of its district.', { reason: 'no_district' });
  if (isWiderJurisdiction(actor)) throw new DomainError('forbidden', 'Your account is a city’s or province’s: a district office changes the rules of its district.', { reason: 'wider_office' });
  return { district: actor.district };
}
