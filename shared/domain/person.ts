import { z } from 'zod';
import type { Role } from './access.js';
import { calendarDate, districtCode, instant, text } from './common.js';
import { idNumberSchema, parseIdNumber } from './idNumber.js';
import { nameSimilarity } from './names.js';

/** Risk categories of the at-risk register (rule 12). */
export const riskFactors = [
  'mental_disorder',
  'intellectual_disability',
  'physical_disability',
  'dementia',
  'minor_in_difficulty',
  'elderly_alone',
  'repeat_rough_sleeper',
] as const;
export type RiskFactor = (typeof riskFactors)[number];

export const sexes = ['male', 'female', 'unknown'] as const;
export const identityStatuses = ['identified', 'unidentified'] as const;
export const personStatuses = ['on_street', 'in_care', 'placed', 'reunited', 'deceased', 'unknown'] as const;
export const registrationSources = ['family', 'survey', 'patrol'] as const;

/** Mobile (1xxxxxxxxxx) or landline with area code (0xx-xxxxxxxx), optionally +86. */
const phone = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s()]/g, '').replace(/^(?:\+86|0086)/, ''))
  .pipe(z.string().regex(/^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, 'A mainland mobile or landline number.'));

const guardian = z.strictObject({ name: text(50), relation: text(20), phone });

const homeRegion = z.strictObject({ province: text(30).optional(), city: text(30).optional(), county: text(30).optional() });

/** China Standard Time is UTC+08:00 all year: dates of birth, surveys and follow-ups are CST dates. */
const CST_OFFSET_MS = 8 * 3600_000;
const cstDate = (at: Date) => new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
const thisYear = () => Number(cstDate(new Date()).slice(0, 4));
/** A past (or today's) CST date, not before 1900. */
const pastDate = calendarDate
  .refine((date) => date >= '1900-01-01', 'A date from 1900 on.')
  .refine((date) => date <= cstDate(new Date()), 'A date that is not in the future.');

/** Every editable field of a person, none defaulted (a change sends only what it changes). */
const personShape = {
  name: text(50).optional(),
  aliases: z.array(text(50)).max(8),
  sex: z.enum(sexes),
  birthDate: pastDate.optional(),
  birthYear: z.number().int().min(1900).refine((year) => year <= thisYear(), 'A birth year cannot be in the future.').optional(),
  estimatedAge: z.number().int().min(0).max(120).optional(),
  estimatedAt: pastDate.optional(),
  idNumber: idNumberSchema.optional(),
  heightCm: z.number().int().min(40).max(250).optional(),
  build: text(30).optional(),
  marks: text(500).optional(),
  dialect: text(50).optional(),
  homeRegion: homeRegion.optional(),
  riskFactors: z.array(z.enum(riskFactors)).max(riskFactors.length),
  /** Free-text health notes (diagnoses): never shown to tracers, never published. */
  healthNotes: text(1000).optional(),
  identityStatus: z.enum(identityStatuses).optional(),
  status: z.enum(personStatuses),
  guardians: z.array(guardian).max(10),
  registrationSource: z.enum(registrationSources),
  lastSurveyAt: pastDate.optional(),
  district: districtCode,
};

/** The fields of a person as a client registers them: lists default to empty, status to on the street. */
const personFields = z.strictObject({
  ...personShape,
  aliases: personShape.aliases.default([]),
  riskFactors: personShape.riskFactors.default([]),
  status: personShape.status.default('on_street'),
  guardians: personShape.guardians.default([]),
});

type PersonFieldsInput = z.infer<typeof personFields>;

/** Cross-field rules shared by create and the merged result of a change. */
function checkPerson(person: Partial<PersonFieldsInput>, ctx: z.RefinementCtx) {
  if (person.estimatedAge !== undefined && person.estimatedAt === undefined) {
    ctx.addIssue({ code: 'custom', path: ['estimatedAt'], message: 'Give the date the age was estimated.' });
  }
  if (person.birthDate && person.birthYear !== undefined && Number(person.birthDate.slice(0, 4)) !== person.birthYear) {
    ctx.addIssue({ code: 'custom', path: ['birthYear'], message: 'The birth year contradicts the birth date.' });
  }
  if (person.idNumber) {
    const parsed = parseIdNumber(person.idNumber);
    if (parsed.ok && person.birthDate && parsed.birthDate !== person.birthDate) {
      ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'The birth date contradicts the ID number.' });
    }
    if (parsed.ok && person.birthYear !== undefined && Number(parsed.birthDate.slice(0, 4)) !== person.birthYear) {
      ctx.addIssue({ code: 'custom', path: ['birthYear'], message: 'The birth year contradicts the ID number.' });
    }
    if (parsed.ok && person.sex && person.sex !== 'unknown' && parsed.sex !== person.sex) {
      ctx.addIssue({ code: 'custom', path: ['sex'], message: 'The sex contradicts the ID number.' });
    }
  }
  if (person.identityStatus === 'identified' && !person.name) {
    ctx.addIssue({ code: 'custom', path: ['name'], message: 'An identified person has a name.' });
  }
  if (person.aliases && new Set(person.aliases).size !== person.aliases.length) {
    ctx.addIssue({ code: 'custom', path: ['aliases'], message: 'Aliases repeat.' });
  }
  if (person.riskFactors && new Set(person.riskFactors).size !== person.riskFactors.length) {
    ctx.addIssue({ code: 'custom', path: ['riskFactors'], message: 'Risk factors repeat.' });
  }
}

/** A person to register (POST /v1/persons). */
export const personInput = personFields.superRefine(checkPerson);
export type PersonInput = z.infer<typeof personInput>;

/** A person found on the street, registered with the encounter (source and district come from the worker). */
export const newPersonInput = personFields
  .omit({ registrationSource: true })
  .extend({ district: districtCode.optional() })
  .superRefine(checkPerson);
export type NewPersonInput = z.infer<typeof newPersonInput>;

/** A change to a person (PATCH): any editable field; `null` clears an optional one. */
export const personPatch = z
  .strictObject(
    // An optional field may be cleared with null; a required one (sex, status, district, lists) only replaced.
    Object.fromEntries(
      Object.entries(personShape).map(([key, schema]) => [key, schema.safeParse(undefined).success ? schema.nullable() : schema.optional()]),
    ) as unknown as { [K in keyof typeof personShape]: z.ZodOptional<z.ZodNullable<(typeof personShape)[K]>> },
  )
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'Send at least one field to change.');
export type PersonPatch = z.infer<typeof personPatch>;

/** Where and when a person was last seen (follows the newest encounter). */
export type LastSeen = { at: string; place?: string; lat: number; lng: number; encounterId: string };

/** A person of the register as stored. */
export type Person = Omit<PersonInput, 'identityStatus'> & {
  id: string;
  identityStatus: (typeof identityStatuses)[number];
  nextFollowUpAt?: string;
  lastSeen?: LastSeen;
  createdAt: string;
  updatedAt: string;
  version: number;
};

/** Fields every view may show: identification without health, contacts or ID number. */
const baseView = {
  id: z.string(),
  name: z.string().optional(),
  aliases: z.array(z.string()),
  sex: z.enum(sexes),
  birthDate: z.string().optional(),
  birthYear: z.number().optional(),
  estimatedAge: z.number().optional(),
  estimatedAt: z.string().optional(),
  heightCm: z.number().optional(),
  build: z.string().optional(),
  marks: z.string().optional(),
  dialect: z.string().optional(),
  homeRegion: homeRegion.optional(),
  identityStatus: z.enum(identityStatuses),
  status: z.enum(personStatuses),
  district: z.string(),
  registrationSource: z.enum(registrationSources),
  lastSeen: z
    .object({ at: z.string(), place: z.string().optional(), lat: z.number(), lng: z.number(), encounterId: z.string() })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
};
const guardianView = z.object({ name: z.string(), relation: z.string(), phone: z.string() });

/**
 * One output schema per role: unknown keys are stripped, so a field reaches a role only when its
 * schema names it. Tracers get no ID number, guardians or health (risk factors are health too).
 */
export const personViews = {
  tracer: z.object(baseView),
  patrol: z.object({
    ...baseView,
    riskFactors: z.array(z.enum(riskFactors)),
    guardians: z.array(guardianView),
    nextFollowUpAt: z.string().optional(),
  }),
  shelter: z.object({
    ...baseView,
    riskFactors: z.array(z.enum(riskFactors)),
    guardians: z.array(guardianView),
    healthNotes: z.string().optional(),
    idNumber: z.string().optional(),
    lastSurveyAt: z.string().optional(),
    nextFollowUpAt: z.string().optional(),
  }),
} as const;
export const adminPersonView = personViews.shelter;

/**
 * A person of another district, as a worker who found them may see them: who they are and whom to
 * call, nothing of their history, health notes or whereabouts.
 */
export const foundPersonView = z
  .object(baseView)
  .pick({
    id: true, name: true, aliases: true, sex: true, birthDate: true, birthYear: true, estimatedAge: true, estimatedAt: true,
    identityStatus: true, status: true, district: true,
  })
  .extend({ riskFactors: z.array(z.enum(riskFactors)), guardians: z.array(guardianView) });

/** The view of a person for a role. */
export function personViewFor(role: Role) {
  return role === 'admin' ? adminPersonView : personViews[role];
}

/** A search hit or list row: enough to recognise someone, with the role's view applied on top. */
export type PersonSummary = Pick<
  Person,
  'id' | 'name' | 'aliases' | 'sex' | 'birthDate' | 'birthYear' | 'estimatedAge' | 'estimatedAt' | 'homeRegion' |
  'riskFactors' | 'identityStatus' | 'status' | 'district' | 'registrationSource'
>;

/** The summary of a person, as copied onto the name-search index items. */
export function summarize(person: Person): PersonSummary {
  const { id, name, aliases, sex, birthDate, birthYear, estimatedAge, estimatedAt, homeRegion, riskFactors, identityStatus, status, district, registrationSource } = person;
  return { id, name, aliases, sex, birthDate, birthYear, estimatedAge, estimatedAt, homeRegion, riskFactors, identityStatus, status, district, registrationSource };
}

const summaryBase = z.object(baseView).pick({
  id: true, name: true, aliases: true, sex: true, birthDate: true, birthYear: true, estimatedAge: true, estimatedAt: true,
  homeRegion: true, identityStatus: true, status: true, district: true, registrationSource: true,
});

/** Summary views by role (tracers see no risk factors). */
export const summaryViews = {
  tracer: summaryBase,
  full: summaryBase.extend({ riskFactors: z.array(z.enum(riskFactors)) }),
};

/** The summary view for a role. */
export const summaryViewFor = (role: Role) => (role === 'tracer' ? summaryViews.tracer : summaryViews.full);

/** Age in whole years at a date, from the best evidence held: birth date, birth year, or an estimate. */
export function ageAt(person: Pick<Person, 'birthDate' | 'birthYear' | 'estimatedAge' | 'estimatedAt' | 'idNumber'>, at: Date): number | undefined {
  const birthDate = person.birthDate ?? (person.idNumber ? (parseIdNumber(person.idNumber) as { birthDate?: string }).birthDate : undefined);
  const [year, monthDay] = [Number(cstDate(at).slice(0, 4)), cstDate(at).slice(5)];
  if (birthDate) return year - Number(birthDate.slice(0, 4)) - (monthDay < birthDate.slice(5) ? 1 : 0);
  if (person.birthYear !== undefined) return year - person.birthYear;
  if (person.estimatedAge !== undefined && person.estimatedAt) {
    return person.estimatedAge + Math.floor((at.getTime() - Date.parse(person.estimatedAt)) / (365.25 * 86_400_000));
  }
  return undefined;
}

/**
 * The next register follow-up (rule 12): re-survey 6 months after the last survey, and visits each
 * January and July; whichever comes first. Only register members (with a risk factor) have one.
 */
export function nextFollowUp(person: Pick<Person, 'riskFactors' | 'lastSurveyAt'>, now: Date): string | undefined {
  if (person.riskFactors.length === 0) return undefined;
  const today = cstDate(now);
  const year = Number(today.slice(0, 4));
  const visit = today < `${year}-07-01` ? `${year}-07-01` : `${year + 1}-01-01`;
  if (!person.lastSurveyAt) return visit;
  const survey = new Date(`${person.lastSurveyAt}T00:00:00Z`);
  survey.setUTCMonth(survey.getUTCMonth() + 6);
  const resurvey = survey.toISOString().slice(0, 10);
  return resurvey < visit ? resurvey : visit;
}

/** Identity status when the client does not say: an ID number establishes identity. */
export const defaultIdentityStatus = (person: { idNumber?: string; identityStatus?: Person['identityStatus'] }) =>
  person.identityStatus ?? (person.idNumber ? 'identified' : 'unidentified');

/** How far apart two ages may be and still suggest the same person. */
const DUPLICATE_AGE_TOLERANCE = 5;

/**
 * Whether an existing record may be the same person as a new one (the duplicate guard): similar
 * name, compatible sex, close age, same district or home county. Pure; the store finds candidates.
 */
export function mayBeSamePerson(candidate: PersonSummary, incoming: PersonSummary, now: Date): boolean {
  if (!candidate.name || !incoming.name || candidate.id === incoming.id) return false;
  if (nameSimilarity(candidate.name, incoming.name) < 0.99) return false;
  if (candidate.sex !== 'unknown' && incoming.sex !== 'unknown' && candidate.sex !== incoming.sex) return false;
  const [a, b] = [ageAt(candidate, now), ageAt(incoming, now)];
  if (a !== undefined && b !== undefined && Math.abs(a - b) > DUPLICATE_AGE_TOLERANCE) return false;
  const sameCounty = candidate.homeRegion?.county && candidate.homeRegion.county === incoming.homeRegion?.county;
  return candidate.district === incoming.district || Boolean(sameCounty);
}

/** A new register entry from a client's input: identity derived from the ID number where one is given. */
export function registerPerson(input: Omit<PersonInput, 'district'> & { district: string }, id: string, now: Date): Person {
  const fromId = input.idNumber ? parseIdNumber(input.idNumber) : undefined;
  const at = now.toISOString();
  const person: Person = {
    ...input,
    id,
    ...(fromId?.ok ? { birthDate: input.birthDate ?? fromId.birthDate, sex: input.sex === 'unknown' ? fromId.sex : input.sex } : {}),
    identityStatus: defaultIdentityStatus(input),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const followUp = nextFollowUp(person, now);
  return followUp ? { ...person, nextFollowUpAt: followUp } : person;
}

/** A person after a change: `null` clears a field; derived fields are recomputed. Returns field issues if the result breaks a rule. */
export function applyPersonPatch(current: Person, patch: PersonPatch, now: Date): { person: Person } | { issues: z.core.$ZodIssue[] } {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, nextFollowUpAt: _n, lastSeen: _l, ...fields } = merged;
  const checked = personInput.safeParse(fields);
  if (!checked.success) return { issues: checked.error.issues };
  const next = registerPerson(checked.data, current.id, now);
  return { person: { ...next, createdAt: current.createdAt, version: current.version + 1 } };
}
