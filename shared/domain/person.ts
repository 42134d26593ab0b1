import { z } from 'zod';
import { calendarDate, districtCode, instant, latLng, text } from './common.js';
import { cstDate, cstYear } from './cst.js';
import type { FollowUp, RefusalFollowUp } from './follow-ups.js';
import { idNumberSchema, parseIdNumber } from './idNumber.js';

/**
 * A person of the at-risk register (易流浪走失人员数据库): the fields, how a client sends them, and
 * how a registration or a change becomes a stored record. Ages live in `age.ts`, follow-ups in
 * `follow-ups.ts`, the duplicate rule in `duplicates.ts`, what each role may see in `person-views.ts`
 * and may write in `person-permissions.ts`.
 */

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
export type PersonStatus = (typeof personStatuses)[number];
export const registrationSources = ['family', 'survey', 'patrol'] as const;
/** Rule 2: suspicions that make a police report due at once and flag the record. */
export const policeConcerns = ['suspected_lost', 'suspected_trafficked', 'suspected_abandoned'] as const;
export type PoliceConcern = (typeof policeConcerns)[number];

/** Mobile (1xxxxxxxxxx) or landline with area code (0xx-xxxxxxxx), optionally +86. */
export const phone = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s()]/g, '').replace(/^(?:\+86|0086)/, ''))
  .pipe(z.string().regex(/^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, 'A mainland mobile or landline number.'));

export const guardian = z.strictObject({ name: text(50), relation: text(20), phone });
export const homeRegion = z.strictObject({ province: text(30).optional(), city: text(30).optional(), county: text(30).optional() });

/** A registered address: its text, and where it lies in WGS-84 when the office has placed it on the map. */
export const registeredAddress = z.strictObject({ text: text(200), location: latLng.optional() });

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
  birthYear: z.number().int().min(1900).refine((year) => year <= cstYear(new Date()), 'A birth year cannot be in the future.').optional(),
  estimatedAge: z.number().int().min(0).max(120).optional(),
  estimatedAt: pastDate.optional(),
  idNumber: idNumberSchema.optional(),
  heightCm: z.number().int().min(40).max(250).optional(),
  build: text(30).optional(),
  marks: text(500).optional(),
  /** What they wore when found (a tracing notice shows it). */
  clothing: text(300).optional(),
  dialect: text(50).optional(),
  homeRegion: homeRegion.optional(),
  /** Where the person is registered as living (a family's or a survey's record): a visit list places a member never met on the street here. */
  address: registeredAddress.optional(),
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

/**
 * The fields of a person as a client registers them: lists default to empty, status to on the
 * street. The registration source may be left out by patrol (it is theirs); other roles name it.
 */
const personFields = z.strictObject({
  ...personShape,
  aliases: personShape.aliases.default([]),
  riskFactors: personShape.riskFactors.default([]),
  status: personShape.status.default('on_street'),
  guardians: personShape.guardians.default([]),
  registrationSource: personShape.registrationSource.optional(),
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

/** Rule 2: what a flag may say: the street suspicions, and a protected person missing from care. */
export const flagConcerns = [...policeConcerns, 'missing_from_care'] as const;
export type FlagConcern = (typeof flagConcerns)[number];

/**
 * Rule 2: the record is flagged while a police report is due or under way; only an explicit action
 * clears it. Raised by an encounter (`encounterId`) or by a protected person leaving care (`stayId`).
 */
export type ConcernFlag = { concerns: FlagConcern[]; encounterId?: string; stayId?: string; at: string; raisedBy: string };

/** Rules 8 and 9: a mental disorder suspected on the street (an encounter's concern), kept until a clinician's finding. */
export type MentalDisorderSuspicion = { encounterId: string; at: string; raisedBy: string };

/** What a clinician found on a (suspected) mental disorder. */
export const clinicalOutcomes = ['mental_disorder', 'no_mental_disorder'] as const;

/** POST /v1/persons/{id}/clinical-finding: the clinician's finding, as staff record it. */
export const clinicalFindingInput = z.strictObject({
  outcome: z.enum(clinicalOutcomes),
  /** The clinician (and institution) who made the finding. */
  clinician: text(100),
  at: instant,
  note: text(500).optional(),
});
export type ClinicalFindingInput = z.infer<typeof clinicalFindingInput>;

/** A clinician's finding as recorded: it clears (or confirms) a suspicion raised before it. */
export type ClinicalFinding = ClinicalFindingInput & { recordedBy: string; recordedAt: string };

/** The fields a registration stores: the input with its source settled. */
export type PersonRecordInput = Omit<PersonInput, 'registrationSource'> & { registrationSource: (typeof registrationSources)[number] };

/** A person of the register as stored, with what encounters keep beside the record. */
export type Person = Omit<PersonRecordInput, 'identityStatus'> & {
  id: string;
  identityStatus: (typeof identityStatuses)[number];
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Kept beside the record by encounters (never by an edit). */
  lastSeen?: LastSeen;
  concernFlag?: ConcernFlag;
  refusalFollowUp?: RefusalFollowUp;
  /** Kept beside the record by encounters: a mental disorder suspected on the street. */
  suspectedMentalDisorder?: MentalDisorderSuspicion;
  /** Kept beside the record by its own route: a clinician's finding on it. */
  clinicalFinding?: ClinicalFinding;
  /** Derived: the next follow-up owed (rules 1 and 12). */
  nextFollowUp?: FollowUp;
};

/** What encounters keep beside the record: an edit never writes these. */
export const sightingFields = ['lastSeen', 'concernFlag', 'refusalFollowUp', 'nextFollowUp', 'suspectedMentalDisorder', 'clinicalFinding'] as const;

/** Identity status when the client does not say: an ID number establishes identity. */
export const defaultIdentityStatus = (person: { idNumber?: string; identityStatus?: Person['identityStatus'] }) =>
  person.identityStatus ?? (person.idNumber ? 'identified' : 'unidentified');

/** A new register entry from a client's input: identity derived from the ID number where one is given. */
export function registerPerson(input: PersonRecordInput, id: string, now: Date): Person {
  const fromId = input.idNumber ? parseIdNumber(input.idNumber) : undefined;
  const at = now.toISOString();
  return {
    ...input,
    id,
    ...(fromId?.ok ? { birthDate: input.birthDate ?? fromId.birthDate, sex: input.sex === 'unknown' ? fromId.sex : input.sex } : {}),
    identityStatus: defaultIdentityStatus(input),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * A person after a change: `null` clears a field. What encounters keep beside the record passes
 * through untouched. Returns field issues if the result breaks a rule.
 */
export function applyPersonPatch(current: Person, patch: PersonPatch, now: Date): { person: Person } | { issues: z.core.$ZodIssue[] } {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, lastSeen, concernFlag, refusalFollowUp, nextFollowUp: _n, suspectedMentalDisorder, clinicalFinding, ...fields } = merged;
  const checked = personInput.safeParse(fields);
  if (!checked.success) return { issues: checked.error.issues };
  const next = registerPerson({ ...checked.data, registrationSource: checked.data.registrationSource ?? current.registrationSource }, current.id, now);
  const kept = { lastSeen, concernFlag, refusalFollowUp, suspectedMentalDisorder, clinicalFinding } as Pick<
    Person,
    'lastSeen' | 'concernFlag' | 'refusalFollowUp' | 'suspectedMentalDisorder' | 'clinicalFinding'
  >;
  const sighting = Object.fromEntries(Object.entries(kept).filter(([, value]) => value !== undefined));
  return { person: { ...next, ...sighting, createdAt: current.createdAt, version: current.version + 1 } };
}
